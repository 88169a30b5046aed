import { readFile } from 'node:fs/promises';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, signIn, type TestApp } from '../../../test/support/app.js';
import { migrationsFolder } from '../../db/migrate.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const inject = (opts: InjectOptions) => t.app.inject(opts);
const post = (url: string, client: SignedInClient, payload: object = {}) => inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: client.headers });
const patchOffice = (client: SignedInClient, payload: object) => inject({ method: 'PATCH', url: '/api/v1/office', payload, headers: client.headers });
const signInWith = (email: string, extra: object) => inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: demo.password, ...extra } });
const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
/** The rows a two-factor change touches, to check that a refused one changed nothing. */
const twoFactorState = async () => ({
  offices: await t.database.db.selectFrom('offices').selectAll().execute(),
  users: await t.database.db.selectFrom('users').selectAll().orderBy('id').execute(),
  codes: await t.database.db.selectFrom('recovery_codes').selectAll().orderBy('user_id').orderBy('code_hash').execute(),
});

/** Sets up the authenticator as the user would, and answers it with the recovery codes shown. */
async function enrol(client: SignedInClient) {
  const setup = await post('/auth/two-factor/setup', client);
  expect(setup.statusCode).toBe(200);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.json().secret) });
  const confirmed = await post('/auth/two-factor/confirm', client, { code: totp.generate() });
  expect(confirmed.statusCode).toBe(200);
  return { totp, setup: setup.json(), recoveryCodes: confirmed.json().recoveryCodes as string[] };
}
/** Enrolment used this period's code, and a code is good once: the authenticator's next one. */
const nextCode = (totp: OTPAuth.TOTP) => totp.generate({ timestamp: Date.now() + 30_000 });

const grace = 'caseworker2@postbag.example';
let graceRecoveryCodes: string[] = [];

describe('enrolment', () => {
  it('shows the key as a QR code of the otpauth address, and gives ten recovery codes, stored only hashed', async () => {
    const { setup, recoveryCodes } = await enrol(await signIn(t.app, grace));
    graceRecoveryCodes = recoveryCodes;
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Postbag:.*secret=/);
    // The very QR code of that address, as a QR library draws it.
    expect(setup.qrSvg).toBe(await QRCode.toString(setup.otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect(setup.qrSvg).toMatch(/^<svg/);

    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = JSON.stringify(await t.database.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', await userId(grace)).execute());
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
  });
});

describe('recovery codes', () => {
  it('sign in once each, however typed, and not twice', async () => {
    const { recoveryCodes } = await enrol(await signIn(t.app, 'member@postbag.example'));
    const [first, second] = recoveryCodes as [string, string];
    const once = await signInWith('member@postbag.example', { recoveryCode: first });
    expect(once.statusCode).toBe(200);
    const twice = await signInWith('member@postbag.example', { recoveryCode: first });
    expect(twice.statusCode).toBe(401);
    expect(twice.json().error.code).toBe('TWO_FACTOR_INVALID');
    expect((await signInWith('member@postbag.example', { recoveryCode: second.toUpperCase().replace('-', '') })).statusCode).toBe(200);
    const used = await t.database.db.selectFrom('audit_log').select('actor_user_id').where('action', '=', 'auth.recovery_code_used').execute();
    expect(used).toEqual([{ actor_user_id: await userId('member@postbag.example') }, { actor_user_id: await userId('member@postbag.example') }]);
  });

  it('are all replaced when new ones are made, which needs a current code', async () => {
    const client = await signIn(t.app, 'researcher@postbag.example');
    const { totp, recoveryCodes: old } = await enrol(client);
    const noCode = await post('/auth/two-factor/recovery-codes', client, {});
    expect(noCode.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^Code is required/) });
    const made = await post('/auth/two-factor/recovery-codes', client, { code: nextCode(totp) });
    expect(made.statusCode).toBe(200);
    const fresh = made.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    expect((await signInWith('researcher@postbag.example', { recoveryCode: old[3] })).json().error.code).toBe('TWO_FACTOR_INVALID');
    expect((await signInWith('researcher@postbag.example', { recoveryCode: fresh[3] })).statusCode).toBe(200);
  });
});

describe("a colleague's second factor", () => {
  it('cannot be reset by a caseworker, and nothing changes', async () => {
    const owen = await signIn(t.app, demo.email('caseworker'));
    const before = await twoFactorState();
    const res = await post(`/office/staff/${await userId(grace)}/two-factor-reset`, owen);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(await twoFactorState()).toEqual(before);
  });
});

describe('the office requirement', () => {
  let manager: SignedInClient;
  let managerTotp: OTPAuth.TOTP;

  it('covers only managers and the data protection lead when so chosen, and everyone when so chosen', async () => {
    manager = await signIn(t.app, demo.email('manager'));
    managerTotp = (await enrol(manager)).totp;
    const owen = await signIn(t.app, demo.email('caseworker'));
    const cases = () => inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: owen.cookie } });

    expect((await patchOffice(manager, { twoFactorRequirement: 'managers_and_dpo' })).json().twoFactorRequirement).toBe('managers_and_dpo');
    expect((await cases()).statusCode).toBe(200);

    const everyone = await patchOffice(manager, { twoFactorRequirement: 'everyone' });
    expect(everyone.json().twoFactorRequirement).toBe('everyone');
    const blocked = await cases();
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owen.cookie } });
    expect(me.json().twoFactor).toEqual({ enrolled: false, enrolmentRequired: true });
    expect((await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'office.two_factor%').orderBy('seq').execute()).map((r) => r.action)).toEqual([
      'office.two_factor_required',
      'office.two_factor_required_of_everyone',
    ]);
  });

  it('is reset for a colleague by a manager: audited, their sessions end, and they must enrol again', async () => {
    const graceId = await userId(grace);
    const live = await signInWith(grace, { recoveryCode: graceRecoveryCodes[0] });
    const liveCookie = `postbag_session=${live.cookies.find((c) => c.name === 'postbag_session')?.value}`;
    expect((await inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: liveCookie } })).statusCode).toBe(200);
    const res = await post(`/office/staff/${graceId}/two-factor-reset`, manager);
    expect(res.statusCode).toBe(204);

    const audited = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.two_factor_reset').execute();
    expect(audited).toMatchObject([{ actor_user_id: await userId(demo.email('manager')), record_type: 'user', record_ids: [graceId] }]);
    expect(await t.database.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', graceId).execute()).toEqual([]);
    expect((await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: liveCookie } })).statusCode).toBe(401);

    // With her password only, into a session that can do nothing but enrol.
    const again = await signIn(t.app, grace);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: again.cookie } });
    expect(me.json().twoFactor).toEqual({ enrolled: false, enrolmentRequired: true });
    expect((await inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: again.cookie } })).json().error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
  });

  it.each([
    ['a malformed id', 'not-a-uuid', 400, /^User must be a member of staff id/],
    ['no such colleague', '0190a0a0-0000-7000-8000-000000000000', 404, /No member of staff with that id/],
  ])('refuses a reset for %s, and nothing changes', async (_name, id, status, message) => {
    const before = await twoFactorState();
    const res = await post(`/office/staff/${id}/two-factor-reset`, manager);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toMatch(message);
    expect(await twoFactorState()).toEqual(before);
  });

  it('refuses a requirement that is not one of the choices, and nothing changes', async () => {
    const before = await twoFactorState();
    const res = await patchOffice(manager, { twoFactorRequirement: 'sometimes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'body.twoFactorRequirement' }] });
    expect(await twoFactorState()).toEqual(before);
  });

  it("cannot be reset for one's own account", async () => {
    const before = await twoFactorState();
    const res = await post(`/office/staff/${await userId(demo.email('manager'))}/two-factor-reset`, manager);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/your own/);
    expect(await twoFactorState()).toEqual(before);
  });

  it('is not loosened by an enrolled manager without a current code, and nothing changes', async () => {
    for (const [payload, message] of [
      [{ twoFactorRequirement: 'none' }, /^Code must be the current 6-digit code/],
      [{ twoFactorRequirement: 'managers_and_dpo' }, /^Code must be the current 6-digit code/],
      [{ twoFactorRequirement: 'none', code: managerTotp.generate({ timestamp: Date.now() - 10 * 60_000 }) }, /^Code is not right/],
    ] as const) {
      const before = await twoFactorState();
      const res = await patchOffice(manager, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message), problems: [{ path: 'body.code' }] });
      expect(await twoFactorState()).toEqual(before);
    }
    const code = nextCode(managerTotp);
    const off = await patchOffice(manager, { twoFactorRequirement: 'none', code });
    expect(off.statusCode).toBe(200);
    expect(off.json().twoFactorRequirement).toBe('none');
    // The code is used up: it does not loosen anything a second time.
    await patchOffice(manager, { twoFactorRequirement: 'everyone' });
    expect((await patchOffice(manager, { twoFactorRequirement: 'none', code })).json().error.message).toMatch(/already used/);
  });
});

describe('migration 0010', () => {
  it('turns the old yes/no into the choice and back, keeping what the office had chosen', async () => {
    const db = t.database.db;
    const run = async (file: string, tx: typeof db) => sql.raw(await readFile(new URL(file, migrationsFolder), 'utf8')).execute(tx);
    const read = async (tx: typeof db, column: string) => (await sql<{ v: unknown }>`SELECT ${sql.ref(column)} AS v FROM offices`.execute(tx)).rows.map((r) => r.v);
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.updateTable('offices').set({ two_factor_requirement: 'managers_and_dpo' }).execute();
        await run('0010_sign_in.down.sql', tx);
        expect(await read(tx, 'require_two_factor')).toEqual([true]);
        await run('0010_sign_in.up.sql', tx);
        expect(await read(tx, 'two_factor_requirement')).toEqual(['managers_and_dpo']);
        await tx.updateTable('offices').set({ two_factor_requirement: 'none' }).execute();
        await run('0010_sign_in.down.sql', tx);
        expect(await read(tx, 'require_two_factor')).toEqual([false]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
  });
});
