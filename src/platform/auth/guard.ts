import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { assertCan, type Permission } from '../access/access.js';
import { AppError, ErrorCode } from '../errors/errors.js';
import { type AuthDeps, authenticate, checkCsrf, keepAlive, type Session } from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    signedIn?: Session;
  }
}

export const SESSION_COOKIE = 'postbag_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardOptions {
  /** What the route needs; omitted for routes every signed-in user may call. */
  permission?: Permission;
  /** Routes still open while a user must first enrol in two-factor sign-in. */
  allowDuringEnrolment?: boolean;
}

/**
 * The pre-handler every API route except sign-in uses: a signed, live session; the CSRF token on
 * every state-changing request; the two-factor enrolment rule; then the route's permission.
 */
export function guard(deps: AuthDeps, options: GuardOptions = {}): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) throw new AppError(ErrorCode.Unauthenticated, 'You are not signed in. Sign in first.');
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) {
      throw new AppError(ErrorCode.SessionInvalid, 'Your session cookie is not valid (it may have been altered). Sign in again.');
    }
    const session = await authenticate(deps, unsigned.value);
    if (!SAFE_METHODS.has(request.method)) checkCsrf(session, request.headers['x-csrf-token'] as string | undefined);
    if (session.restricted && !options.allowDuringEnrolment) {
      throw new AppError(ErrorCode.TwoFactorEnrolmentRequired, 'Your office requires two-factor sign-in for your role: set it up before you continue.');
    }
    if (options.permission) assertCan(session, options.permission);
    await keepAlive(deps, session);
    request.signedIn = session;
  };
}

/** The session a guarded route's handler runs under. */
export function signedIn(request: FastifyRequest): Session {
  if (!request.signedIn) throw new AppError(ErrorCode.Unauthenticated, 'You are not signed in. Sign in first.');
  return request.signedIn;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxHours: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'strict', path: '/', signed: true, maxAge: maxHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: '/' });
}
