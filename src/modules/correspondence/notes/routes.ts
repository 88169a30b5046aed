import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import { readNoteForm } from './form.js';
import * as s from './schemas.js';
import { recordNote } from './service.js';
import { recordSocial } from './social.js';

/** A social media export of 5,000 messages can be several megabytes. */
const SOCIAL_BODY_LIMIT = 25 * 1024 * 1024;

export const noteRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['correspondence'];
  const canWrite = guard(ctx.auth, { permission: 'cases:write' });

  app.post(
    '/messages/notes',
    {
      schema: {
        tags,
        summary: 'Note a phone call or letter',
        description:
          'A multipart/form-data form. Fields: channel (phone | letter), direction (in | out), occurredAt, personId?, caseId?, ' +
          `counterpartName?, counterpartPhone? and durationMinutes? (calls), summary; scans of a letter as up to ${s.MAX_SCANS} files named "scans". ` +
          'Answers 201 with where it went, or 200 if the same note was recorded before.',
        response: { 200: s.noteReply, 201: s.noteReply, ...errorResponses },
      },
      preHandler: canWrite,
    },
    async (request, reply) => {
      const { note, scans } = await readNoteForm(request);
      const recorded = await recordNote(ctx, signedIn(request), note, scans);
      return reply.status(recorded.duplicate ? 200 : 201).send(recorded);
    },
  );
  app.post(
    '/messages/social',
    { schema: { tags, body: s.socialBody, response: { 200: s.socialReply, 201: s.socialReply, ...errorResponses } }, preHandler: canWrite, bodyLimit: SOCIAL_BODY_LIMIT },
    async (request, reply) => {
      const recorded = await recordSocial(ctx, signedIn(request), request.body);
      return reply.status('messageId' in recorded && !recorded.duplicate ? 201 : 200).send(recorded);
    },
  );
};
