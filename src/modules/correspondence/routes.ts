import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { unmatchedReports } from './delivery/service.js';
import { unmatchedReportsSchema } from './delivery/views.js';
import { MAX_RAW_BYTES } from './email/parse.js';
import { importEmail, importTypes } from './import-service.js';
import { assignMessage, getAttachment, getMessage, listInbox, listPersonMessages, readAttachedMessage, triageMessage } from './inbox-service.js';
import * as s from './schemas.js';

/** An mbox of a year of an office's mail; a single message is held to MAX_RAW_BYTES when it is read. */
const MAX_IMPORT_BYTES = 2 * MAX_RAW_BYTES;

export const correspondenceRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['correspondence'];
  const canReadInbox = guard(ctx.auth, { permission: 'inbox:read' });
  const canWrite = guard(ctx.auth, { permission: 'cases:write' });
  const canReadCases = guard(ctx.auth, { permission: 'cases:read' });
  const detail = { 200: s.messageDetailSchema, ...errorResponses };

  app.addContentTypeParser([importTypes.eml, importTypes.mbox], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/messages/import',
    {
      schema: {
        tags,
        description: `Import e-mail: one message as ${importTypes.eml} (an .eml file), or an archive as ${importTypes.mbox}.`,
        response: { 200: s.importResultSchema, ...errorResponses },
      },
      bodyLimit: MAX_IMPORT_BYTES,
      preHandler: canWrite,
    },
    async (request) => importEmail(ctx, signedIn(request), request.headers['content-type']?.split(';')[0]?.trim() ?? '', request.body as Buffer),
  );
  app.get('/inbox', { schema: { tags, querystring: s.inboxQuery, response: { 200: s.inboxSchema, ...errorResponses } }, preHandler: canReadInbox }, async (request) =>
    listInbox(ctx, signedIn(request), request.query),
  );
  app.get(
    '/delivery-reports/unmatched',
    { schema: { tags, description: 'Bounces and spam complaints that matched no e-mail this office sent: counted, nothing else kept.', response: { 200: unmatchedReportsSchema, ...errorResponses } }, preHandler: canReadInbox },
    async (request) => unmatchedReports(ctx, signedIn(request)),
  );
  app.get(
    '/people/:personId/messages',
    { schema: { tags, description: 'What the person and the office wrote to each other, newest first.', params: s.personParams, response: { 200: s.personMessagesSchema, ...errorResponses } }, preHandler: canReadCases },
    async (request) => listPersonMessages(ctx, signedIn(request), request.params.personId),
  );
  app.get('/messages/:messageId', { schema: { tags, params: s.messageParams, querystring: s.messageQuery, response: detail }, preHandler: canReadCases }, async (request) =>
    getMessage(ctx, signedIn(request), request.params.messageId, request.query.images === 'show'),
  );
  app.post('/messages/:messageId/triage', { schema: { tags, params: s.messageParams, body: s.triageBody, response: detail }, preHandler: canWrite }, async (request) =>
    triageMessage(ctx, signedIn(request), request.params.messageId, request.body),
  );
  app.post('/messages/:messageId/assign', { schema: { tags, params: s.messageParams, body: s.assignBody, response: detail }, preHandler: canWrite }, async (request) =>
    assignMessage(ctx, signedIn(request), request.params.messageId, request.body.assigneeId),
  );
  app.get('/messages/:messageId/attachments/:attachmentId', { schema: { tags, params: s.attachmentParams }, preHandler: canReadCases }, async (request, reply) => {
    const file = await getAttachment(ctx, signedIn(request), request.params.messageId, request.params.attachmentId);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
  app.get(
    '/messages/:messageId/attachments/:attachmentId/message',
    { schema: { tags, description: 'An attached e-mail (message/rfc822), read.', params: s.attachmentParams, response: { 200: s.attachedMessageSchema, ...errorResponses } }, preHandler: canReadCases },
    async (request) => readAttachedMessage(ctx, signedIn(request), request.params.messageId, request.params.attachmentId),
  );
};
