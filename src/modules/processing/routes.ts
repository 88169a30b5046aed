import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { diffVersions, noticeOverview, previewNotice, publishNotice } from './notice/service.js';
import * as s from './schemas.js';
import { addStandardRecord, createPurpose, exportRecord, getPurpose, listPurposes, reinstatePurpose, retirePurpose, updatePurpose } from './service.js';

export const processingRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['processing'];
  const canRead = guard(ctx.auth, { permission: 'processing:read' });
  const canManage = guard(ctx.auth, { permission: 'processing:manage' });
  const purpose = { 200: s.purposeSchema, ...errorResponses };

  app.get('/processing/choices', { schema: { tags, response: { 200: s.choicesSchema, ...errorResponses } }, preHandler: canRead }, async () => s.choices);
  app.get('/processing/purposes', { schema: { tags, response: { 200: s.purposeListSchema, ...errorResponses } }, preHandler: canRead }, async (request) => listPurposes(ctx.db, signedIn(request)));
  app.post('/processing/purposes', { schema: { tags, body: s.purposeBody, response: { 201: s.purposeSchema, ...errorResponses } }, preHandler: canManage }, async (request, reply) =>
    reply.status(201).send(await createPurpose(ctx.db, signedIn(request), request.body)),
  );
  app.post('/processing/standard-purposes', { schema: { tags, response: { 200: s.standardAddedSchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    addStandardRecord(ctx.db, signedIn(request)),
  );
  app.get('/processing/purposes/:purposeId', { schema: { tags, params: s.purposeParams, response: purpose }, preHandler: canRead }, async (request) =>
    getPurpose(ctx.db, signedIn(request), request.params.purposeId),
  );
  app.put('/processing/purposes/:purposeId', { schema: { tags, params: s.purposeParams, body: s.purposeBody, response: purpose }, preHandler: canManage }, async (request) =>
    updatePurpose(ctx.db, signedIn(request), request.params.purposeId, request.body),
  );
  app.post('/processing/purposes/:purposeId/retire', { schema: { tags, params: s.purposeParams, response: purpose }, preHandler: canManage }, async (request) =>
    retirePurpose(ctx.db, signedIn(request), request.params.purposeId),
  );
  app.post('/processing/purposes/:purposeId/reinstate', { schema: { tags, params: s.purposeParams, response: purpose }, preHandler: canManage }, async (request) =>
    reinstatePurpose(ctx.db, signedIn(request), request.params.purposeId),
  );
  app.get('/processing/notice', { schema: { tags, response: { 200: s.noticeOverviewSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    noticeOverview(ctx.db, ctx.config.ico, signedIn(request)),
  );
  app.get(
    '/processing/notice/preview',
    { schema: { tags, response: { 200: z.string().describe('The notice as publishing now would make it, as an HTML page'), ...errorResponses } }, preHandler: canRead },
    async (request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await previewNotice(ctx.db, ctx.config.ico, signedIn(request))),
  );
  app.post('/processing/notice/versions', { schema: { tags, body: s.publishNoticeBody, response: { 201: s.noticeVersionSchema, ...errorResponses } }, preHandler: canManage }, async (request, reply) =>
    reply.status(201).send(await publishNotice(ctx.db, ctx.config.ico, signedIn(request), request.body)),
  );
  app.get('/processing/notice/diff', { schema: { tags, querystring: s.noticeDiffQuery, response: { 200: s.noticeDiffSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    diffVersions(ctx.db, signedIn(request), request.query.from, request.query.to),
  );
  app.get(
    '/processing/export',
    { schema: { tags, querystring: s.exportQuery, response: { 200: z.any().describe('The record of processing as CSV or JSON'), ...errorResponses } }, preHandler: canRead },
    async (request, reply) => {
      const file = await exportRecord(ctx.db, signedIn(request).officeId, request.query.format);
      return reply.type(file.contentType).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );
};
