import type {} from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import { publicErrorPages, sendPage } from '../../../platform/http/public-page.js';
import { onlyOffice } from '../../correspondence/service.js';
import {
  badUnsubscribeLinkPage,
  checkEmailPage,
  confirmedPage,
  confirmPage,
  linkProblemPage,
  notConfirmedPage,
  signupFormPage,
  unsubscribedPage,
  unsubscribePage,
} from './page.js';
import { personSignupsSchema, signupFieldNames, type SignupValues, TOPICS, topicSubscribersSchema } from './schemas.js';
import { CONFIRM_DAYS, confirmSignup, linkState, newSignupFormToken, personSignups, requestSignup, signupPage, signupTokenKey, subscribersByTopic, unsubscribe, unsubscribeView } from './service.js';

export interface SubscriptionOptions extends ModuleOptions {
  apiPrefix: string;
  /** Sign-ups allowed from one address per hour. */
  signupsPerHour?: number;
}

/** The public /subscribe and /unsubscribe pages, RFC 8058's one-click address /u/:token, and the staff API's subscriber figures. */
export const subscriptionRoutes: FastifyPluginAsyncZod<SubscriptionOptions> = async (app, { ctx, apiPrefix, signupsPerHour = 10 }) => {
  await app.register(staffRoutes, { ctx, prefix: apiPrefix });
  await app.register(publicPages, { ctx, signupsPerHour });
};

const staffRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['consent'];
  const outreach = guard(ctx.auth, { permission: 'outreach:read' });
  const people = guard(ctx.auth, { permission: 'people:read' });
  app.get(
    '/subscriptions/topics',
    { schema: { tags, description: 'Each subscription topic with how many people currently consent to it, from the consent ledger.', response: { 200: topicSubscribersSchema, ...errorResponses } }, preHandler: outreach },
    async (request) => subscribersByTopic(ctx.db, signedIn(request)),
  );
  app.get(
    '/people/:personId/subscriptions',
    {
      schema: { tags, description: 'How the person subscribed: their confirmed sign-ups on the public page.', params: z.object({ personId: z.uuid() }), response: { 200: personSignupsSchema, ...errorResponses } },
      preHandler: people,
    },
    async (request) => personSignups(ctx.db, signedIn(request), request.params.personId),
  );
};

/** A form's fields, from a urlencoded body (what a page without script sends) or a multipart one. */
async function formFields(request: FastifyRequest): Promise<URLSearchParams> {
  if (request.body instanceof URLSearchParams) return request.body;
  const fields = new URLSearchParams();
  if (!request.isMultipart()) return fields;
  for await (const part of request.parts()) {
    if (part.type === 'field' && typeof part.value === 'string') fields.append(part.fieldname, part.value);
    else if (part.type === 'file') await part.toBuffer();
  }
  return fields;
}

const signupValues = (fields: URLSearchParams): SignupValues => ({
  ...(Object.fromEntries(signupFieldNames.map((name) => [name, fields.get(name) ?? ''])) as Record<(typeof signupFieldNames)[number], string>),
  topics: fields.getAll(TOPICS),
});

const emptyValues: SignupValues = { givenName: '', familyName: '', email: '', topics: [] };

const publicPages: FastifyPluginAsyncZod<ModuleOptions & { signupsPerHour: number }> = async (app, { ctx, signupsPerHour }) => {
  const key = signupTokenKey(ctx.auth.masterKey);
  const noSuchOffice = () => new AppError(ErrorCode.NotFound, 'There is no sign-up page at this address. Check the link on your representative’s website.');
  // Enough for a person, and for a mail program that retries; a token cannot be guessed anyway.
  const unsubscribeLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, new URLSearchParams(body as string)));
  publicErrorPages(app, { label: 'subscription page', tooMany: 'Too many sign-ups', unsupported: 'Send the form from the page it is on.' });

  const pageFor = async (officeId: string) => {
    const page = await signupPage(ctx.db, officeId);
    if (!page) throw noSuchOffice();
    return page;
  };

  app.get('/subscribe', { schema: { hide: true } }, async (_request, reply) => {
    const officeId = await onlyOffice(ctx.db);
    if (!officeId) throw new AppError(ErrorCode.NotFound, 'This site does not know which office’s updates you want: use the sign-up link on your representative’s website.');
    return reply.redirect(`/subscribe/${officeId}`);
  });

  app.get<{ Params: { officeId: string } }>('/subscribe/:officeId', { schema: { hide: true } }, async (request, reply) => {
    const page = await pageFor(request.params.officeId);
    return sendPage(reply, 200, signupFormPage(page, { values: emptyValues, errors: {}, token: newSignupFormToken(key, page.office.id) }));
  });

  app.post<{ Params: { officeId: string } }>(
    '/subscribe/:officeId',
    { schema: { hide: true }, config: { rateLimit: { max: signupsPerHour, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const page = await pageFor(request.params.officeId);
      const fields = await formFields(request);
      const values = signupValues(fields);
      const hidden = Object.fromEntries([...fields].filter(([name]) => name !== TOPICS && !(signupFieldNames as readonly string[]).includes(name)));
      const outcome = await requestSignup(ctx, key, page, { values, hidden });
      switch (outcome.kind) {
        case 'bot':
          request.log.info({ officeId: page.office.id, reason: outcome.reason }, 'sign-up dropped as automated');
          return sendPage(reply, 200, checkEmailPage(page.office, values.email, CONFIRM_DAYS));
        case 'invalid':
          return sendPage(reply, 400, signupFormPage(page, { values, errors: outcome.errors, token: outcome.token }));
        case 'sent':
          return sendPage(reply, 200, checkEmailPage(page.office, outcome.email, CONFIRM_DAYS));
      }
    },
  );

  const confirmStatus = { unknown: 404, used: 409, expired: 410 } as const;

  app.get<{ Params: { officeId: string; token: string } }>('/subscribe/:officeId/confirm/:token', { schema: { hide: true } }, async (request, reply) => {
    const { office } = await pageFor(request.params.officeId);
    const state = await linkState(ctx.db, office.id, request.params.token);
    if (state.kind === 'problem') return sendPage(reply, confirmStatus[state.problem], linkProblemPage(office, state.problem));
    return sendPage(reply, 200, confirmPage(office, request.params.token, state.topics));
  });

  app.post<{ Params: { officeId: string; token: string } }>('/subscribe/:officeId/confirm/:token', { schema: { hide: true }, config: unsubscribeLimit }, async (request, reply) => {
    const { office } = await pageFor(request.params.officeId);
    const outcome = await confirmSignup(ctx, office.id, request.params.token);
    switch (outcome.kind) {
      case 'problem':
        return sendPage(reply, confirmStatus[outcome.problem], linkProblemPage(office, outcome.problem));
      case 'confirmed':
        return sendPage(reply, 200, confirmedPage(office, outcome.topics));
      case 'no_topics':
      case 'held':
        return sendPage(reply, 200, notConfirmedPage(office));
    }
  });

  // A mail program may open the one-click address in a browser: it shows the page, and only a POST unsubscribes.
  for (const path of ['/unsubscribe/:token', '/u/:token']) {
    app.get<{ Params: { token: string } }>(path, { schema: { hide: true }, config: unsubscribeLimit }, async (request, reply) => {
      const view = await unsubscribeView(ctx, request.params.token);
      if (!view) return sendPage(reply, 404, badUnsubscribeLinkPage());
      return sendPage(reply, 200, unsubscribePage(view, `/unsubscribe/${request.params.token}`));
    });
  }

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', { schema: { hide: true }, config: unsubscribeLimit }, async (request, reply) => {
    await formFields(request);
    const view = await unsubscribe(ctx, request.params.token, 'page');
    if (!view) return sendPage(reply, 404, badUnsubscribeLinkPage());
    return sendPage(reply, 200, unsubscribedPage(view));
  });

  // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", with no cookie, no sign-in and no
  // form token; the answer is the result itself, never a redirect.
  app.post<{ Params: { token: string } }>('/u/:token', { schema: { hide: true }, config: unsubscribeLimit }, async (request, reply) => {
    const fields = await formFields(request);
    if (fields.get('List-Unsubscribe') !== 'One-Click') {
      throw new AppError(
        ErrorCode.BadRequest,
        'This address takes the one-click unsubscribe of mail programs, whose request says "List-Unsubscribe=One-Click". To unsubscribe yourself, open the unsubscribe link in the e-mail. Nothing was changed.',
      );
    }
    const view = await unsubscribe(ctx, request.params.token, 'one_click');
    if (!view) return sendPage(reply, 404, badUnsubscribeLinkPage());
    return sendPage(reply, 200, unsubscribedPage(view));
  });
};
