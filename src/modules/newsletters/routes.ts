import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import * as s from './schemas.js';
import { createMailing, getMailing, getSettings, listMailings, mailingReport, previewMailing, sendMailing, sendTest, setSettings, updateMailing } from './service.js';

export const newsletterRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['newsletters'];
  const canRead = guard(ctx.auth, { permission: 'outreach:read' });
  const canSend = guard(ctx.auth, { permission: 'outreach:send' });
  const mailing = { 200: s.mailingSchema, ...errorResponses };

  app.get('/newsletters', { schema: { tags, description: 'The mailings, newest first, with their state.', response: { 200: s.mailingListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listMailings(ctx, signedIn(request)),
  );
  app.post('/newsletters', { schema: { tags, description: 'A new mailing, as a draft.', body: s.mailingBody, response: { 201: s.mailingSchema, ...errorResponses } }, preHandler: canSend }, async (request, reply) =>
    reply.code(201).send(await createMailing(ctx, signedIn(request), request.body)),
  );
  app.get('/newsletters/settings', { schema: { tags, description: "The office's sending rate for mailings.", response: { 200: s.settingsSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    getSettings(ctx, signedIn(request)),
  );
  app.put('/newsletters/settings', { schema: { tags, description: "Sets the office's sending rate for mailings.", body: s.settingsBody, response: { 200: s.settingsSchema, ...errorResponses } }, preHandler: canSend }, async (request) =>
    setSettings(ctx, signedIn(request), request.body),
  );
  app.get('/newsletters/:mailingId', { schema: { tags, params: s.mailingParams, response: mailing }, preHandler: canRead }, async (request) =>
    getMailing(ctx, signedIn(request), request.params.mailingId),
  );
  app.put('/newsletters/:mailingId', { schema: { tags, description: 'Rewrites a draft; a mailing that was sent is not changed.', params: s.mailingParams, body: s.mailingBody, response: mailing }, preHandler: canSend }, async (request) =>
    updateMailing(ctx, signedIn(request), request.params.mailingId, request.body),
  );
  app.post(
    '/newsletters/:mailingId/preview',
    { schema: { tags, description: 'Who would get it now, who would not and why (counts only), and how it reads. Nothing is sent.', params: s.mailingParams, response: { 200: s.previewSchema, ...errorResponses } }, preHandler: canSend },
    async (request) => previewMailing(ctx, signedIn(request), request.params.mailingId),
  );
  app.post(
    '/newsletters/:mailingId/test',
    { schema: { tags, description: "Sends it, marked as a test, to the signed-in member of staff's own address.", params: s.mailingParams, response: { 200: s.testSendSchema, ...errorResponses } }, preHandler: canSend },
    async (request) => sendTest(ctx, signedIn(request), request.params.mailingId),
  );
  app.post('/newsletters/:mailingId/send', { schema: { tags, description: 'Sends it, once, to its audience as it is now.', params: s.mailingParams, response: mailing }, preHandler: canSend }, async (request) =>
    sendMailing(ctx, signedIn(request), request.params.mailingId),
  );
  app.get('/newsletters/:mailingId/report', { schema: { tags, description: 'How it went, by count.', params: s.mailingParams, response: { 200: s.reportSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    mailingReport(ctx, signedIn(request), request.params.mailingId),
  );
};
