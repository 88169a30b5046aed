import type {} from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import { publicErrorPages, sendPage } from '../../../platform/http/public-page.js';
import { MAX_ATTACHMENT_BYTES } from '../attachment-policy.js';
import { constituencySize, replaceConstituency } from './constituency.js';
import { readForm } from './form-input.js';
import { acknowledgedPage, blandThanksPage, formPage, outsidePage } from './page.js';
import { constituencySchema, formFieldNames, type FormValues } from './schemas.js';
import { findPublicOffice, newFormToken, onlyOffice, receiveSubmission } from './service.js';
import { formTokenKey } from './token.js';

export interface ContactFormOptions extends ModuleOptions {
  /** Where the JSON API lives (the constituency upload); the public pages are at /contact. */
  apiPrefix: string;
  /** Submissions allowed from one address per hour. */
  submissionsPerHour?: number;
}

/** The public "Get in touch" form at /contact, and the office's constituency postcodes in the API. */
export const contactFormRoutes: FastifyPluginAsyncZod<ContactFormOptions> = async (app, { ctx, apiPrefix, submissionsPerHour = 10 }) => {
  await app.register(constituencyRoutes, { ctx, prefix: apiPrefix });
  await app.register(publicPages, { ctx, submissionsPerHour });
};

const MAX_CSV_BYTES = 20 * 1024 * 1024;

const constituencyRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['office'];
  const manage = guard(ctx.auth, { permission: 'office:manage' });
  const response = { 200: constituencySchema, ...errorResponses };
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) => done(null, body));

  app.get('/office/constituency-postcodes', { schema: { tags, response }, preHandler: manage }, async (request) => constituencySize(ctx.db, signedIn(request)));
  app.put(
    '/office/constituency-postcodes',
    {
      schema: {
        tags,
        description: 'Replaces the postcodes of the constituency with those of a CSV file (a header row with a column named postcode), sent as text/csv or as the one file of a multipart form.',
        consumes: ['text/csv', 'multipart/form-data'],
        response,
      },
      preHandler: manage,
    },
    async (request) => replaceConstituency(ctx.db, signedIn(request), await csvUpload(request)),
  );
};

async function csvUpload(request: FastifyRequest): Promise<Buffer> {
  if (Buffer.isBuffer(request.body)) return request.body;
  if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the CSV file as text/csv, or as the one file of a multipart/form-data form. Nothing was changed.');
  const file = await request.file({ limits: { files: 1 } });
  if (!file) throw new AppError(ErrorCode.BadRequest, 'The form has no file in it: attach the CSV file of postcodes. Nothing was changed.');
  try {
    return await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    throw new AppError(ErrorCode.PayloadTooLarge, `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB: upload the constituency's postcodes only. Nothing was changed.`);
  }
}

const emptyValues = Object.fromEntries(formFieldNames.map((name) => [name, ''])) as FormValues;

const publicPages: FastifyPluginAsyncZod<ModuleOptions & { submissionsPerHour: number }> = async (app, { ctx, submissionsPerHour }) => {
  const key = formTokenKey(ctx.auth.masterKey);
  const noSuchOffice = () => new AppError(ErrorCode.NotFound, 'There is no contact form at this address. Check the link on your representative’s website.');

  publicErrorPages(app, { label: 'contact page', tooMany: 'Too many messages', unsupported: 'Send the form from the contact page.' });

  app.get('/contact', { schema: { hide: true } }, async (_request, reply) => {
    const officeId = await onlyOffice(ctx.db);
    if (!officeId) throw new AppError(ErrorCode.NotFound, 'This site does not know which office you want to contact: use the contact link on your representative’s website.');
    return reply.redirect(`/contact/${officeId}`);
  });

  app.get<{ Params: { officeId: string } }>('/contact/:officeId', { schema: { hide: true } }, async (request, reply) => {
    const office = await findPublicOffice(ctx.db, request.params.officeId);
    if (!office) throw noSuchOffice();
    return sendPage(reply, 200, formPage(office, { values: emptyValues, errors: {}, token: newFormToken(key, office) }));
  });

  app.post<{ Params: { officeId: string } }>(
    '/contact/:officeId',
    { schema: { hide: true }, config: { rateLimit: { max: submissionsPerHour, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const office = await findPublicOffice(ctx.db, request.params.officeId);
      if (!office) throw noSuchOffice();
      if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the form from the contact page.');
      const input = await readForm(request);
      const outcome = await receiveSubmission(ctx, key, office, input);
      switch (outcome.kind) {
        case 'bot':
          // No personal data: the office and the reason only.
          request.log.info({ officeId: office.id, reason: outcome.reason }, 'contact form submission dropped as automated');
          return sendPage(reply, 200, blandThanksPage(office));
        case 'invalid':
          return sendPage(reply, 400, formPage(office, { values: input.values, errors: outcome.errors, token: outcome.token }));
        case 'acknowledged':
          return sendPage(reply, 200, acknowledgedPage(office, outcome));
        case 'outside':
          return sendPage(reply, 200, outsidePage(office, outcome));
        case 'kept':
          return sendPage(reply, 200, blandThanksPage(office));
      }
    },
  );
};
