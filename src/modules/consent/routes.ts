import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../context.js';
import { withOffice } from '../../db/scope.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { AppError, ErrorCode } from '../../platform/errors/errors.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { type EvidenceFile, MAX_EVIDENCE_BYTES } from './evidence.js';
import * as s from './schemas.js';
import { createTopic, listTopics, listTopicsIn } from './service.js';
import { addSuppression, consentPage, consentPurposes, evidenceFile, recordConsent, suppressionCounts, uploadEvidence } from './staff-service.js';

export const consentRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['consent'];
  const canRead = guard(ctx.auth, { permission: 'consent:read' });
  const canRecord = guard(ctx.auth, { permission: 'consent:record' });
  const canSuppress = guard(ctx.auth, { permission: 'suppression:manage' });
  const canManageTopics = guard(ctx.auth, { permission: 'processing:manage' });

  app.get('/consent/choices', { schema: { tags, response: { 200: s.choicesSchema, ...errorResponses } }, preHandler: canRead }, async (request) => {
    const { officeId } = signedIn(request);
    return withOffice(ctx.db, officeId, async (tx) => ({ purposes: await consentPurposes(tx, officeId), topics: (await listTopicsIn(tx, officeId)).filter((t) => !t.retiredAt) }));
  });
  app.get('/consent/topics', { schema: { tags, response: { 200: z.object({ topics: z.array(s.topicSchema) }), ...errorResponses } }, preHandler: canRead }, async (request) =>
    listTopics(ctx.db, signedIn(request)),
  );
  app.post('/consent/topics', { schema: { tags, body: s.topicBody, response: { 201: s.topicSchema, ...errorResponses } }, preHandler: canManageTopics }, async (request, reply) =>
    reply.status(201).send(await createTopic(ctx.db, signedIn(request), request.body)),
  );

  app.get('/people/:personId/consent', { schema: { tags, params: s.personParams, response: { 200: s.consentPageSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    consentPage(ctx, signedIn(request), request.params.personId),
  );
  app.post(
    '/people/:personId/consent-events',
    { schema: { tags, params: s.personParams, body: s.consentEventBody, response: { 201: s.consentEventSchema, ...errorResponses } }, preHandler: canRecord },
    async (request, reply) => reply.status(201).send(await recordConsent(ctx, signedIn(request), request.params.personId, request.body)),
  );
  app.post(
    '/people/:personId/consent-evidence',
    {
      schema: {
        tags,
        description: 'Stores a scan or photo of a signed form (PDF, PNG or JPEG, up to 10 MB) as the one file of a multipart form; its id then goes on the consent entry.',
        consumes: ['multipart/form-data'],
        params: s.personParams,
        response: { 201: s.evidenceUploadedSchema, ...errorResponses },
      },
      preHandler: canRecord,
    },
    async (request, reply) => reply.status(201).send(await uploadEvidence(ctx, signedIn(request), request.params.personId, await evidenceUpload(request))),
  );
  app.get(
    '/people/:personId/consent-evidence/:evidenceId',
    { schema: { tags, params: s.evidenceParams, response: { 200: z.any().describe('The evidence file'), ...errorResponses } }, preHandler: canRead },
    async (request, reply) => {
      const file = await evidenceFile(ctx, signedIn(request), request.params.personId, request.params.evidenceId);
      const name = encodeURIComponent(file.filename);
      return reply.type(file.contentType).header('cache-control', 'no-store').header('content-disposition', `inline; filename*=UTF-8''${name}`).send(file.content);
    },
  );

  app.get('/suppressions', { schema: { tags, response: { 200: s.suppressionCountsSchema, ...errorResponses } }, preHandler: canSuppress }, async (request) =>
    suppressionCounts(ctx, signedIn(request)),
  );
  app.post('/suppressions', { schema: { tags, body: s.suppressBody, response: { 200: s.suppressedSchema, ...errorResponses } }, preHandler: canSuppress }, async (request) =>
    addSuppression(ctx, signedIn(request), request.body),
  );
};

async function evidenceUpload(request: FastifyRequest): Promise<EvidenceFile> {
  if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the evidence as the one file of a multipart/form-data form. Nothing was changed.');
  const file = await request.file({ limits: { files: 1, fileSize: MAX_EVIDENCE_BYTES } });
  if (!file) throw new AppError(ErrorCode.BadRequest, 'The form has no file in it: attach the scan or photo of the signed form. Nothing was changed.');
  try {
    return { filename: file.filename, content: await file.toBuffer() };
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    throw new AppError(ErrorCode.PayloadTooLarge, 'The evidence file is larger than 10 MB. Nothing was changed.');
  }
}
