import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, signIn, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const office = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/office', headers: client.headers });
const update = (client: SignedInClient, payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/office', headers: client.headers, payload });

describe("the office's nation and its target for rights requests", () => {
  it('are England and Wales and 28 days for the demo office (Dudley), and a new office is in England or Wales unless told otherwise', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    expect((await office(manager)).json()).toMatchObject({ nation: 'england-and-wales', rightsTargetDays: 28 });
    const made = await t.database.db.insertInto('offices').values({ name: 'Elsewhere', member_name: 'Other MP' }).returning(['nation', 'rights_target_days']).executeTakeFirstOrThrow();
    expect(made).toEqual({ nation: 'england-and-wales', rights_target_days: 28 });
    await t.database.db.deleteFrom('offices').where('name', '=', 'Elsewhere').execute();
  });

  it('the manager changes them, audited; the other settings stay', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const before = (await office(manager)).json();
    const res = await update(manager, { nation: 'scotland', rightsTargetDays: 21 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...before, nation: 'scotland', rightsTargetDays: 21 });
    expect((await office(manager)).json()).toMatchObject({ nation: 'scotland', rightsTargetDays: 21 });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'office.rights_clock_changed', record_ids: [before.id] });
    expect((await update(manager, { nation: 'england-and-wales', rightsTargetDays: 28 })).statusCode).toBe(200);
  });

  it('refuses a nation not in the UK, a target past the statutory month, and a caseworker, changing nothing', async () => {
    const manager = await signIn(t.app, demo.email('manager'));
    const caseworker = await signIn(t.app, demo.email('caseworker'));
    const before = await tableContents(t);
    const wales = await update(manager, { nation: 'wales' });
    expect(wales.statusCode).toBe(400);
    expect(wales.json().error.message).toMatch(/Nation must be one of: england-and-wales, scotland, northern-ireland/);
    const long = await update(manager, { rightsTargetDays: 40 });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/must be at most 31: the statutory limit is a month/);
    expect((await update(manager, { rightsTargetDays: 0 })).statusCode).toBe(400);
    expect((await update(manager, { rightsTargetDays: 14.5 })).json().error.message).toMatch(/must be a whole number/);
    expect((await update(caseworker, { nation: 'scotland' })).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});
