import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';

/** Need-to-know, checked through the API as each role would meet it. */
let t: TestApp;
let owen: SignedInClient;
let grace: SignedInClient;
let manager: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  [owen, grace, manager] = await Promise.all([
    t.signIn(demo.email('caseworker')),
    t.signIn('caseworker2@postbag.example'),
    t.signIn(demo.email('manager')),
  ]);
});
afterAll(() => t?.close());

const get = (client: SignedInClient, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

async function caseWhere(filter: { owner: string | null; sensitive: boolean; sharedWith?: string }) {
  let q = t.database.db
    .selectFrom('cases')
    .select(['cases.id'])
    .where('sensitive', '=', filter.sensitive)
    .where((eb) => (filter.owner === null ? eb('owner_user_id', 'is', null) : eb('owner_user_id', '=', filter.owner!)));
  q = filter.sharedWith
    ? q.where((eb) => eb.exists(eb.selectFrom('case_access').select('case_id').whereRef('case_access.case_id', '=', 'cases.id').where('user_id', '=', filter.sharedWith!)))
    : q.where((eb) => eb.not(eb.exists(eb.selectFrom('case_access').select('case_id').whereRef('case_access.case_id', '=', 'cases.id'))));
  return (await q.executeTakeFirstOrThrow()).id;
}

describe('a caseworker', () => {
  it('sees only the cases they own or that are shared with them', async () => {
    const owenId = await userId(demo.email('caseworker'));
    const res = await get(owen, '/api/v1/cases?limit=200');
    expect(res.statusCode).toBe(200);
    const visible: { id: string }[] = res.json().cases;
    const allowed = await t.database.db
      .selectFrom('cases')
      .select('id')
      .where((eb) => eb.or([eb('owner_user_id', '=', owenId), eb.exists(eb.selectFrom('case_access').select('case_id').whereRef('case_access.case_id', '=', 'cases.id').where('user_id', '=', owenId))]))
      .execute();
    expect(visible.map((c) => c.id).sort()).toEqual(allowed.map((c) => c.id).sort());
    expect(res.json().total).toBe(allowed.length);
    const all = await t.database.db.selectFrom('cases').select('id').execute();
    expect(visible.length).toBeLessThan(all.length);
  });

  it("gets 404, not the record, for a colleague's case not shared with them", async () => {
    const graceCase = await caseWhere({ owner: await userId('caseworker2@postbag.example'), sensitive: false });
    const res = await get(owen, `/api/v1/cases/${graceCase}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(res.body).not.toContain('summary');
    expect((await get(grace, `/api/v1/cases/${graceCase}`)).statusCode).toBe(200);
  });

  it('reads a case shared with them', async () => {
    const shared = await caseWhere({ owner: await userId('caseworker2@postbag.example'), sensitive: false, sharedWith: await userId(demo.email('caseworker')) });
    expect((await get(owen, `/api/v1/cases/${shared}`)).statusCode).toBe(200);
  });
});

describe('a sensitive case', () => {
  it('is hidden from a manager unless named on it, and visible to its owner', async () => {
    const graceId = await userId('caseworker2@postbag.example');
    const sensitive = await caseWhere({ owner: graceId, sensitive: true });
    expect((await get(manager, `/api/v1/cases/${sensitive}`)).statusCode).toBe(404);
    expect((await get(grace, `/api/v1/cases/${sensitive}`)).statusCode).toBe(200);

    const managerId = await userId(demo.email('manager'));
    await t.database.db.insertInto('case_access').values({ office_id: (await get(manager, '/api/v1/me')).json().office.id, case_id: sensitive, user_id: managerId }).execute();
    expect((await get(manager, `/api/v1/cases/${sensitive}`)).statusCode).toBe(200);
  });
});

describe('roles without casework', () => {
  it.each(['volunteer', 'researcher'])('a %s cannot list cases or read people', async (role) => {
    const client = await t.signIn(demo.email(role));
    const cases = await get(client, '/api/v1/cases');
    expect(cases.statusCode).toBe(403);
    expect(cases.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('cases:read') });
    const person = await t.database.db.selectFrom('persons').select('id').executeTakeFirstOrThrow();
    expect((await get(client, `/api/v1/people/${person.id}`)).statusCode).toBe(403);
  });
});

describe('malformed ids', () => {
  it('answers a specific validation error', async () => {
    const res = await get(manager, '/api/v1/cases/not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/params\.caseId must be a case id/);
  });
});
