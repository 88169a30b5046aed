import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../errors/handler.js';
import { clearSessionCookie, guard, setSessionCookie, signedIn } from './guard.js';
import {
  confirmTwoFactorBody,
  emptyBody,
  enrolledSchema,
  meSchema,
  recoveryCodesSchema,
  regenerateRecoveryCodesBody,
  signInBody,
  twoFactorSetupSchema,
} from './schemas.js';
import { type AuthDeps, confirmTwoFactor, regenerateRecoveryCodes, signIn, signOut, startTwoFactorSetup } from './service.js';

export interface AuthRouteOptions {
  deps: AuthDeps;
  cookieSecure: boolean;
  /** Sign-in attempts allowed per client address per minute, before the per-account lock-out. */
  signInsPerMinute: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { deps, cookieSecure, signInsPerMinute }) => {
  const tags = ['auth'];
  const enrolling = guard(deps, { allowDuringEnrolment: true });

  app.post(
    '/auth/sign-in',
    {
      schema: { tags, body: signInBody, response: { 200: meSchema, ...errorResponses } },
      config: { rateLimit: { max: signInsPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { token, session } = await signIn(deps, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(reply, token, cookieSecure, deps.config.session.maxHours);
      return session.me;
    },
  );

  // Signing out needs no body: whatever is sent (nothing, {}, any type) is read and ignored, so
  // that no client is left signed in by a 400 or 415. The CSRF check still applies.
  await app.register(async (signingOut) => {
    signingOut.removeAllContentTypeParsers();
    signingOut.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4096 }, (_request, _body, done) => done(null, undefined));
    signingOut.post('/auth/sign-out', { schema: { tags, response: { 204: z.null(), ...errorResponses } }, preHandler: enrolling }, async (request, reply) => {
      await signOut(deps, signedIn(request));
      clearSessionCookie(reply, cookieSecure);
      return reply.status(204).send(null);
    });
  });

  app.get('/me', { schema: { tags, response: { 200: meSchema, ...errorResponses } }, preHandler: enrolling }, async (request) => signedIn(request).me);

  app.post(
    '/auth/two-factor/setup',
    { schema: { tags, body: emptyBody.optional(), response: { 200: twoFactorSetupSchema, ...errorResponses } }, preHandler: enrolling },
    async (request) => startTwoFactorSetup(deps, signedIn(request)),
  );

  app.post(
    '/auth/two-factor/confirm',
    { schema: { tags, body: confirmTwoFactorBody, response: { 200: enrolledSchema, ...errorResponses } }, preHandler: enrolling },
    async (request) => {
      const session = signedIn(request);
      const recoveryCodes = await confirmTwoFactor(deps, session, request.body.code);
      return { ...session.me, twoFactor: { enrolled: true, enrolmentRequired: session.me.twoFactor.enrolmentRequired }, recoveryCodes };
    },
  );

  app.post(
    '/auth/two-factor/recovery-codes',
    { schema: { tags, body: regenerateRecoveryCodesBody, response: { 200: recoveryCodesSchema, ...errorResponses } }, preHandler: guard(deps) },
    async (request) => ({ recoveryCodes: await regenerateRecoveryCodes(deps, signedIn(request), request.body.code) }),
  );
};
