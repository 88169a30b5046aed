import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, signIn, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const change = (client: SignedInClient, id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/office/staff/${id}`, payload, headers: client.headers });
const me = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.headers });

describe('staff accounts', () => {
  it('a leaver is signed out at once and cannot sign in; brought back, they can', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const leaver = await signIn(t.app, 'caseworker2@postbag.example');
    expect((await me(leaver)).statusCode).toBe(200);
    const id = await userId('caseworker2@postbag.example');
    expect((await change(manager, id, { active: false })).statusCode).toBe(204);
    expect((await me(leaver)).statusCode).toBe(401);
    await expect(signIn(t.app, 'caseworker2@postbag.example')).rejects.toThrow(/401/);
    expect((await change(manager, id, { active: true })).statusCode).toBe(204);
    expect((await me(await signIn(t.app, 'caseworker2@postbag.example'))).statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['user.deactivated', 'user.reactivated']).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.deactivated', 'user.reactivated']);
  });

  it('a new role takes effect at once', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const colleague = await signIn(t.app, 'caseworker2@postbag.example');
    expect((await change(manager, await userId('caseworker2@postbag.example'), { role: 'volunteer' })).statusCode).toBe(204);
    expect((await me(colleague)).statusCode).toBe(401);
    expect((await me(await signIn(t.app, 'caseworker2@postbag.example'))).json().user.role).toBe('volunteer');
  });

  it('the only manager cannot give the role away or be deactivated, and nothing changes', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const id = await userId(demo.email('manager'));
    const before = await tableContents(t);
    for (const payload of [{ role: 'caseworker' }, { active: false }]) {
      const res = await change(manager, id, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/only manager/);
    }
    await expectUnchanged(t, before);
  });

  it('a caseworker cannot change accounts, and nothing changes', async () => {
    const caseworker = await signIn(t.app, demo.email('caseworker'));
    const before = await tableContents(t);
    expect((await change(caseworker, await userId(demo.email('manager')), { role: 'caseworker' })).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });

  it('the manager sees every account, a leaver too, with role, last sign-in and second factor; a caseworker is refused', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    await change(manager, await userId('volunteer@postbag.example'), { active: false });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } });
    expect(res.statusCode).toBe(200);
    const { accounts } = res.json() as { accounts: { email: string; name: string; role: string; active: boolean; lastSignInAt: string | null; twoFactor: boolean }[] };
    expect(accounts).toHaveLength(demo.users.length);
    const byEmail = new Map(accounts.map((a) => [a.email, a]));
    expect(byEmail.get('volunteer@postbag.example')).toMatchObject({ name: 'Tom Reid', role: 'volunteer', active: false, lastSignInAt: null, twoFactor: false });
    expect(Date.parse(byEmail.get(demo.email('manager'))?.lastSignInAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(byEmail.get(demo.email('manager'))).toMatchObject({ role: 'manager', active: true });

    const caseworker = await signIn(t.app, demo.email('caseworker'));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: caseworker.cookie } })).statusCode).toBe(403);
  });

  it('an invitation cannot be sent before the office has a from address for e-mail, and nothing is kept', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const before = await tableContents(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/office/staff/invites', headers: manager.headers, payload: { email: 'new.colleague@example.org', role: 'caseworker' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/no from address for e-mail yet/);
    await expectUnchanged(t, before);
  });
});
