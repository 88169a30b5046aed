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
/** Everything sign-in writes when it fails or succeeds. */
const signInState = async () => ({
  failures: await t.database.db.selectFrom('sign_in_failures').selectAll().orderBy('key').execute(),
  users: await t.database.db.selectFrom('users').selectAll().orderBy('id').execute(),
  sessions: await t.database.db.selectFrom('sessions').selectAll().orderBy('id').execute(),
});
/** An error answer without its request id, which differs on every request. */
const answer = (res: { statusCode: number; json: () => { error: Record<string, unknown> } }) => {
  const { requestId: _id, ...error } = res.json().error;
  return { status: res.statusCode, error };
};

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

  it('audits each failure on a known account', async () => {
    const email = demo.email('member');
    const audited = () => t.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'auth.sign_in_failed').execute();
    const before = (await audited()).length;
    await inject({ ...signInBody(email, 'wrong'), remoteAddress: '198.51.100.90' });
    expect((await audited()).length).toBe(before + 1);
  });
});

describe('failed sign-ins', () => {
  const six = async (email: string, remoteAddress: string) => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(answer(await inject({ ...signInBody(email, 'wrong'), remoteAddress })));
    return answers;
  };

  it('give a known and an unknown account identical answers, locked alike after five', async () => {
    const known = await six(demo.email('researcher'), '198.51.100.1');
    const unknown = await six('nobody-here@postbag.example', '198.51.100.1');
    expect(known).toEqual(unknown);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423]);
    expect(known[5]?.error).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/Wait 15 minutes/) });
    // Locked means locked: the right password from the same address is refused too.
    expect(answer(await inject({ ...signInBody(demo.email('researcher'), demo.password), remoteAddress: '198.51.100.1' }))).toEqual(known[5]);
  });

  it('from one address do not stop the right password from another', async () => {
    const email = demo.email('volunteer');
    const fromA = await six(email, '203.0.113.7');
    expect(fromA[5]?.status).toBe(423);
    const fromB = await inject({ ...signInBody(email, demo.password), remoteAddress: '192.0.2.44' });
    expect(fromB.statusCode).toBe(200);
    expect(fromB.json().user.email).toBe(email);
  });

  it('count from one again once a lock runs out, so a single mistake does not re-lock', async () => {
    const email = demo.email('caseworker');
    const remoteAddress = '198.51.100.77';
    await six(email, remoteAddress);
    // As it is a quarter of an hour later.
    await t.database.db.updateTable('sign_in_failures').set({ locked_until: new Date(Date.now() - 1000) }).where('locked_until', 'is not', null).execute();
    const wrong = await inject({ ...signInBody(email, 'wrong'), remoteAddress });
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const right = await inject({ ...signInBody(email, demo.password), remoteAddress });
    expect(right.statusCode).toBe(200);
  });

  it('keep neither the e-mail address tried nor the client address', async () => {
    await inject({ ...signInBody('someone-else@postbag.example', 'wrong'), remoteAddress: '198.51.100.200' });
    const stored = JSON.stringify(await t.database.db.selectFrom('sign_in_failures').selectAll().execute());
    expect(stored).not.toContain('someone-else');
    expect(stored).not.toContain('198.51.100.200');
  });
});

describe('bad input to sign-in changes nothing', () => {
  const email = demo.email('member');
  it.each([
    ['malformed JSON', { payload: '{"email": "x@y.z", ', headers: { 'content-type': 'application/json' } }, 'BAD_REQUEST', /not valid JSON/],
    ['a wrong type', { payload: { email: email, password: 42 } }, 'VALIDATION_FAILED', /^Password must be text/],
    ['an unknown field', { payload: { email, password: 'x', admin: true } }, 'VALIDATION_FAILED', /admin/],
    ['an over-long password', { payload: { email, password: 'x'.repeat(1025) } }, 'VALIDATION_FAILED', /^Password must be at most 1,024 characters/],
    ['a bad e-mail address', { payload: { email: 'not-an-address', password: 'x' } }, 'VALIDATION_FAILED', /^E-mail must be an e-mail address/],
    ['a malformed recovery code', { payload: { email, password: 'x', recoveryCode: 'abc' } }, 'VALIDATION_FAILED', /^Recovery code must be one of your recovery codes/],
    ['both kinds of code', { payload: { email, password: 'x', code: '123456', recoveryCode: 'abcde-fghjk' } }, 'VALIDATION_FAILED', /give one or the other/],
  ])('%s', async (_name, request, code, message) => {
    const before = await signInState();
    const res = await inject({ method: 'POST', url: '/api/v1/auth/sign-in', ...request } as InjectOptions);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(message);
    expect(await signInState()).toEqual(before);
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

  it.each([
    ['no body', {}],
    ['an empty JSON body', { headers: { 'content-type': 'application/json' }, payload: '' }],
    ['an empty JSON object', { payload: {} }],
    ['a text body', { headers: { 'content-type': 'text/plain' }, payload: 'bye' }],
    ['a form body', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }],
  ])('signs out with %s: a later /me answers 401', async (_name, request) => {
    const client = await signIn(t.app, demo.email('member'));
    const out = await inject({ method: 'POST', url: '/api/v1/auth/sign-out', ...request, headers: { ...client.headers, ...(request as { headers?: object }).headers } } as InjectOptions);
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'postbag_session')?.value).toBe('');
    const after = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: client.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses to sign out with no body and no CSRF token, and keeps the session', async () => {
    const client = await signIn(t.app, demo.email('member'));
    const res = await inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: client.cookie } });
    expect(res.json().error.code).toBe('CSRF_INVALID');
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: client.cookie } })).statusCode).toBe(200);
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
    const on = await inject({ method: 'PATCH', url: '/api/v1/office', payload: { twoFactorRequirement: 'managers_and_dpo' }, headers: manager.headers });
    expect(on.json().twoFactorRequirement).toBe('managers_and_dpo');

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
    const res = await inject({ method: 'PATCH', url: '/api/v1/office', payload: { twoFactorRequirement: 'none' }, headers: caseworker.headers });
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
    let now = 1_000;
    const cache = new SessionCache<string>(40, 10_000, () => now);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    expect(await cache.getOrLoad('a', load)).toBe('row 1');
    now += 39;
    expect(await cache.getOrLoad('a', load)).toBe('row 1');
    now += 1;
    expect(await cache.getOrLoad('a', load)).toBe('row 2');
    expect(await cache.getOrLoad('missing', async () => undefined)).toBeUndefined();
  });
});
