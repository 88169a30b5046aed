import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import * as s from './schemas.js';
import { addMailbox, listMailboxes, pollMailboxNow, removeMailbox } from './service.js';

/** The mailboxes the office polls over IMAP: managers add, list, remove and poll them. */
export const mailboxRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['mailboxes'];
  const canManage = guard(ctx.auth, { permission: 'office:manage' });
  app.get('/mailboxes', { schema: { tags, response: { 200: s.mailboxListSchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    listMailboxes(ctx, signedIn(request)),
  );
  app.post('/mailboxes', { schema: { tags, body: s.addMailboxBody, response: { 201: s.mailboxSchema, ...errorResponses } }, preHandler: canManage }, async (request, reply) =>
    reply.status(201).send(await addMailbox(ctx, signedIn(request), request.body)),
  );
  app.delete('/mailboxes/:mailboxId', { schema: { tags, params: s.mailboxParams, response: { 204: z.null(), ...errorResponses } }, preHandler: canManage }, async (request, reply) => {
    await removeMailbox(ctx, signedIn(request), request.params.mailboxId);
    return reply.status(204).send(null);
  });
  app.post(
    '/mailboxes/:mailboxId/poll',
    { schema: { tags, params: s.mailboxParams, response: { 202: s.pollQueuedSchema, ...errorResponses } }, preHandler: canManage },
    async (request, reply) => reply.status(202).send(await pollMailboxNow(ctx, signedIn(request), request.params.mailboxId)),
  );
};
