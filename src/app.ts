import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { caseworkRoutes } from './modules/casework/routes.js';
import { subscriptionRoutes } from './modules/consent/subscriptions/routes.js';
import { dashboardRoutes } from './modules/dashboard/routes.js';
import { campaignRoutes } from './modules/correspondence/campaigns/routes.js';
import { contactFormRoutes } from './modules/correspondence/contact-form/routes.js';
import { privacyNoticeRoutes } from './modules/processing/notice/routes.js';
import { mailboxRoutes } from './modules/correspondence/mailboxes/routes.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './modules/correspondence/attachment-policy.js';
import { noteRoutes } from './modules/correspondence/notes/routes.js';
import { outboundRoutes } from './modules/correspondence/outbound/routes.js';
import { correspondenceRoutes } from './modules/correspondence/routes.js';
import { officeRoutes } from './modules/offices/routes.js';
import { newsletterRoutes } from './modules/newsletters/routes.js';
import { peopleRoutes } from './modules/people/routes.js';
import { processingRoutes } from './modules/processing/routes.js';
import { consentRoutes } from './modules/consent/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { SESSION_COOKIE } from './platform/auth/guard.js';
import { authRoutes } from './platform/auth/routes.js';
import { AppError, ErrorCode } from './platform/errors/errors.js';
import { installErrorHandling, sendError } from './platform/errors/handler.js';
import { refuseNulCharacters } from './platform/http/nul.js';
import { jobRoutes } from './platform/jobs/routes.js';

export interface AppOptions {
  logger: FastifyBaseLogger;
  /** Signs the session cookie, so an altered cookie is told apart from an unknown one. */
  cookieSecret: Buffer;
  /** The built web app (dist/web); the API works without it. */
  webRoot?: string;
  signInsPerMinute?: number;
}

const API = '/api/v1';

export async function buildApp(ctx: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    // An unsubscribe token (four ids and a signature) is 108 characters; Fastify's default is 100.
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // The last line of defence for U+0000, whatever a route's schema says.
  app.addHook('preValidation', refuseNulCharacters);
  // The API speaks JSON; modules that take uploads add their own parsers.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  });

  await app.register(cookie, { secret: options.cookieSecret.toString('base64') });
  // File uploads (scanned letters, attachments to the contact form): a route reads them with request.files().
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS, fields: 40, fieldSize: 100_000 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) =>
      new AppError(ErrorCode.RateLimited, `Too many attempts from your address. Wait ${limit.after} and try again.`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Postbag API', version: '1', description: 'Casework and constituent communications with UK GDPR built in.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes, { deps: ctx.auth, cookieSecure: ctx.config.cookieSecure, signInsPerMinute: options.signInsPerMinute ?? 10 });
      await api.register(officeRoutes, { ctx });
      await api.register(peopleRoutes, { ctx });
      await api.register(caseworkRoutes, { ctx });
      await api.register(searchRoutes, { ctx });
      await api.register(dashboardRoutes, { ctx });
      await api.register(outboundRoutes, { ctx });
      await api.register(correspondenceRoutes, { ctx });
      await api.register(campaignRoutes, { ctx });
      await api.register(noteRoutes, { ctx });
      await api.register(mailboxRoutes, { ctx });
      await api.register(jobRoutes, { ctx });
      await api.register(processingRoutes, { ctx });
      await api.register(consentRoutes, { ctx });
      await api.register(newsletterRoutes, { ctx });
    },
    { prefix: API },
  );

  // The public contact form at /contact (before the web app, whose not-found handler would serve it the SPA).
  await app.register(contactFormRoutes, { ctx, apiPrefix: API });
  // The public privacy notice at /privacy, generated from the record of processing.
  await app.register(privacyNoticeRoutes, { ctx });
  // The public sign-up and unsubscribe pages (/subscribe, /unsubscribe, RFC 8058's /u), and their staff figures in the API.
  await app.register(subscriptionRoutes, { ctx, apiPrefix: API });
  const webRoot = options.webRoot && existsSync(options.webRoot) ? options.webRoot : undefined;
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (webRoot && request.method === 'GET' && !request.url.startsWith(API)) return reply.type('text/html').sendFile('index.html');
    return sendError(request, reply, new AppError(ErrorCode.NotFound, `There is no ${request.method} ${request.url.split('?')[0]} in the Postbag API.`));
  });
  return app;
}
