import type { InjectOptions } from 'fastify';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, signIn, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const inject = (opts: InjectOptions) => t.app.inject(opts);
const signInBody = (email: string, password: string, extra: object = {}) => ({
  method: 'POST' as const,
  url: '/api/v1/auth/sign-in',
  payload: { email, password, ...extra },
});
const failures = async (email: string) =>
  (await t.database.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('email', '=', email).executeTakeFirstOrThrow());

describe('signing in', () => {
  it('answers /me with 401 and the error shape when there is no session', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/sign in/i), requestId: expect.any(String) } });
  });

  it('signs in with a secure session cookie and returns who and which office', async () => {
    const res = await inject(signInBody(demo.email('caseworker'), demo.password));
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'postbag_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(res.json()).toMatchObject({ user: { role: 'caseworker', displayName: 'Owen Hughes' }, office: { name: 'Example Constituency' } });
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `postbag_session=${cookie!.value}` } });
    expect(me.json().user.email).toBe(demo.email('caseworker'));
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await inject(signInBody(demo.email('member'), 'not-the-password'));
    const unknown = await inject(signInBody('nobody@postbag.example', 'not-the-password'));
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks the account after repeated failures, even against the right password, and audits each failure', async () => {
    const email = demo.email('researcher');
    for (let i = 0; i < 4; i++) expect((await inject(signInBody(email, 'wrong'))).statusCode).toBe(401);
    const fifth = await inject(signInBody(email, 'wrong'));
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await inject(signInBody(email, demo.password));
    expect(right.statusCode).toBe(423);
    expect((await failures(email)).failed_sign_ins).toBe(5);
    const audited = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.sign_in_failed').execute();
    expect(audited.length).toBeGreaterThanOrEqual(5);
  });
});

describe('after a lock-out runs out', () => {
  it('counts failures from one again, so a single mistake does not re-lock the account', async () => {
    const email = demo.email('volunteer');
    await t.database.db.updateTable('users').set({ failed_sign_ins: 5, locked_until: new Date(Date.now() - 1000) }).where('email', '=', email).execute();
    const wrong = await inject(signInBody(email, 'wrong'));
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(await failures(email)).toEqual({ failed_sign_ins: 1, locked_until: null });
    expect((await inject(signInBody(email, demo.password))).statusCode).toBe(200);
    expect((await failures(email)).failed_sign_ins).toBe(0);
  });
});

describe('bad input to sign-in changes nothing', () => {
  const email = demo.email('member');
  it.each([
    ['malformed JSON', { payload: '{"email": "x@y.z", ', headers: { 'content-type': 'application/json' } }, 'BAD_REQUEST', /not valid JSON/],
    ['a wrong type', { payload: { email: email, password: 42 } }, 'VALIDATION_FAILED', /body\.password/],
    ['an unknown field', { payload: { email, password: 'x', admin: true } }, 'VALIDATION_FAILED', /admin/],
    ['an over-long password', { payload: { email, password: 'x'.repeat(1025) } }, 'VALIDATION_FAILED', /body\.password/],
    ['a bad e-mail address', { payload: { email: 'not-an-address', password: 'x' } }, 'VALIDATION_FAILED', /body\.email must be an e-mail address/],
  ])('%s', async (_name, request, code, message) => {
    const before = await failures(email);
    const res = await inject({ method: 'POST', url: '/api/v1/auth/sign-in', ...request } as InjectOptions);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(message);
    expect(await failures(email)).toEqual(before);
  });
});

describe('sessions and CSRF', () => {
  it('refuses a state-changing request without the CSRF token, or with a forged one, and keeps the session', async () => {
    const client = await signIn(t.app, demo.email('member'));
    for (const token of [undefined, 'forged-token-forged-token-forged']) {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/auth/sign-out',
        payload: {},
        headers: { cookie: client.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF_INVALID');
    }
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: client.cookie } })).statusCode).toBe(200);
  });

  it('signs out: the same cookie no longer works', async () => {
    const client = await signIn(t.app, demo.email('member'));
    const out = await inject({ method: 'POST', url: '/api/v1/auth/sign-out', payload: {}, headers: client.headers });
    expect(out.statusCode).toBe(204);
    const after = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: client.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('tells a tampered cookie from a missing one', async () => {
    const client = await signIn(t.app, demo.email('member'));
    const value = client.cookie.split('=')[1]!;
    const flipped = `postbag_session=${value.slice(0, 5)}${value[5] === 'A' ? 'B' : 'A'}${value.slice(6)}`;
    const res = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: flipped } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'SESSION_INVALID', message: expect.stringMatching(/altered/) });
  });

  it('expires a session left idle', async () => {
    const client = await signIn(t.app, demo.email('member'));
    await t.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 2 * 3_600_000) }).where('csrf_token', '=', client.csrfToken).execute();
    t.ctx.auth.sessions.clear(); // as it is a few seconds later
    const res = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: client.cookie } });
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });
});

describe('two-factor sign-in', () => {
  it('is required of the data protection lead once the office turns it on', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const on = await inject({ method: 'PATCH', url: '/api/v1/office', payload: { requireTwoFactor: true }, headers: manager.headers });
    expect(on.json().requireTwoFactor).toBe(true);

    const dpo = await signIn(t.app, demo.email('data_protection_lead'));
    const blocked = await inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: dpo.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');

    const setup = await inject({ method: 'POST', url: '/api/v1/auth/two-factor/setup', payload: {}, headers: dpo.headers });
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.json().secret) });
    const notNow = totp.generate({ timestamp: Date.now() - 10 * 60_000 });
    const wrong = await inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', payload: { code: notNow }, headers: dpo.headers });
    expect(wrong.json().error.code).toBe('TWO_FACTOR_INVALID');
    const confirmed = await inject({ method: 'POST', url: '/api/v1/auth/two-factor/confirm', payload: { code: totp.generate() }, headers: dpo.headers });
    expect(confirmed.statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: dpo.cookie } })).statusCode).toBe(200);

    const noCode = await inject(signInBody(demo.email('data_protection_lead'), demo.password));
    expect(noCode.json().error.code).toBe('TWO_FACTOR_REQUIRED');
    // The enrolment used this period's code; the authenticator's next code signs in.
    const nextCode = totp.generate({ timestamp: Date.now() + 30_000 });
    const withCode = await inject(signInBody(demo.email('data_protection_lead'), demo.password, { code: nextCode }));
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().twoFactor).toEqual({ enrolled: true, enrolmentRequired: true });

    const replayed = await inject(signInBody(demo.email('data_protection_lead'), demo.password, { code: nextCode }));
    expect(replayed.json().error).toMatchObject({ code: 'TWO_FACTOR_INVALID', message: expect.stringMatching(/already used/) });
  });

  it('does not let a caseworker change office settings', async () => {
    const caseworker = await signIn(t.app, demo.email('caseworker'));
    const res = await inject({ method: 'PATCH', url: '/api/v1/office', payload: { requireTwoFactor: false }, headers: caseworker.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with the error shape past the per-address limit', async () => {
    const limited = await createTestApp({}, { signInsPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject(signInBody('nobody@postbag.example', 'x'))).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      const last = await limited.app.inject(signInBody('nobody@postbag.example', 'x'));
      expect(last.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/Wait/) });
    } finally {
      await limited.close();
    }
  });
});

describe('the session cache', () => {
  it('reads a session again once its few seconds are up, however often it was used meanwhile', async () => {
    const { SessionCache } = await import('./session-cache.js');
    const cache = new SessionCache<string>(40);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    expect(await cache.getOrLoad('a', load)).toBe('row 1');
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await cache.getOrLoad('a', load)).toBe('row 1');
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await cache.getOrLoad('a', load)).toBe('row 2');
    expect(await cache.getOrLoad('missing', async () => undefined)).toBeUndefined();
  });
});
