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
/** Whether the people list (every page of it) holds the person. */
async function listed(client: SignedInClient, personId: string): Promise<boolean> {
  for (let offset = 0; ; offset += 200) {
    const page = (await get(client, `/api/v1/people?limit=200&offset=${offset}`)).json();
    if (page.people.some((p: { id: string }) => p.id === personId)) return true;
    if (offset + 200 >= page.total) return false;
  }
}
/** The people suggested as the sender of a message from `email`. */
const suggested = async (client: SignedInClient, email: string) =>
  ((await t.app.inject({ method: 'POST', url: '/api/v1/people/matches', headers: client.headers, payload: { email } })).json().candidates as { person: { id: string } }[]).map((c) => c.person.id);
/** The people the search box finds for `q`. */
const peopleFound = async (client: SignedInClient, q: string) =>
  ((await t.app.inject({ method: 'POST', url: '/api/v1/search', headers: client.headers, payload: { q } })).json().results as { type: string; id: string }[])
    .filter((r) => r.type === 'person')
    .map((r) => r.id);
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

const setCaseworkersSeeAllCases = async (seeAll: boolean) => {
  const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/office', headers: manager.headers, payload: { caseworkersSeeAllCases: seeAll } });
  expect(res.statusCode, res.body).toBe(200);
};

/** A colleague's case and its constituent, who is on no other case; `sensitive` as asked. */
async function colleaguesCase(sensitive: boolean, familyName = 'Rowlands') {
  const headers = grace.headers;
  const contactPoints = [{ kind: 'email', value: `idris@${familyName.toLowerCase()}.example`, source: 'phone' }];
  const person = (await t.app.inject({ method: 'POST', url: '/api/v1/people', headers, payload: { givenName: 'Idris', familyName, source: 'phone', contactPoints } })).json();
  const opened = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: { constituentIds: [person.id], summary: 'Council tax band appeal', sensitive } });
  expect(opened.statusCode, opened.body).toBe(201);
  return { caseId: opened.json().id as string, personId: person.id as string };
}

describe('a caseworker, by default (the office lets caseworkers see every case not marked sensitive)', () => {
  it("sees a colleague's case that is not sensitive, and its constituent", async () => {
    expect((await get(manager, '/api/v1/office')).json().caseworkersSeeAllCases).toBe(true);
    const { caseId, personId } = await colleaguesCase(false, 'Ashworth-Pugh');
    expect((await get(owen, `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect((await get(owen, `/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect(await peopleFound(owen, 'Ashworth-Pugh')).toEqual([personId]);
    expect(await listed(owen, personId)).toBe(true);
    expect(await suggested(owen, 'idris@ashworth-pugh.example')).toEqual([personId]);
    expect((await get(owen, '/api/v1/cases?limit=200')).json().cases.map((c: { id: string }) => c.id)).toContain(caseId);
  });

  it("does not see a colleague's sensitive case, nor the constituent whose only case it is", async () => {
    const { caseId, personId } = await colleaguesCase(true, 'Vaughan-Pritchard');
    expect((await get(owen, `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await get(owen, `/api/v1/people/${personId}`)).statusCode).toBe(404);
    expect(await peopleFound(owen, 'Vaughan-Pritchard')).toEqual([]);
    expect(await listed(owen, personId)).toBe(false);
    expect(await suggested(owen, 'idris@vaughan-pritchard.example')).toEqual([]);
    expect((await get(grace, `/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect(await suggested(grace, 'idris@vaughan-pritchard.example')).toEqual([personId]);
    expect(await peopleFound(grace, 'Vaughan-Pritchard')).toEqual([personId]);

    // Nor their name on the page of an organisation they belong to.
    const organisation = (await t.app.inject({ method: 'POST', url: '/api/v1/organisations', headers: grace.headers, payload: { name: 'Vaughan Tenants Association', kind: 'community_group', source: 'phone' } })).json();
    const joined = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${organisation.id}/members`, headers: grace.headers, payload: { personId, source: 'phone' } });
    expect(joined.statusCode, joined.body).toBe(201);
    const members = async (client: SignedInClient) => (await get(client, `/api/v1/organisations/${organisation.id}`)).json().members.map((m: { personId: string }) => m.personId);
    expect(await members(grace)).toEqual([personId]);
    expect(await members(owen)).toEqual([]);
  });

  it('sees a person on no case yet, so that a new caller can be found', async () => {
    const person = (await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: grace.headers, payload: { givenName: 'Bethan', familyName: 'Lloyd', source: 'phone' } })).json();
    expect((await get(owen, `/api/v1/people/${person.id}`)).statusCode).toBe(200);
  });
});

describe('the office setting', () => {
  it('is changed by a manager only, and audited', async () => {
    const before = await t.database.db.selectFrom('offices').selectAll().execute();
    const refused = await t.app.inject({ method: 'PATCH', url: '/api/v1/office', headers: owen.headers, payload: { caseworkersSeeAllCases: false } });
    expect(refused.statusCode).toBe(403);
    expect(await t.database.db.selectFrom('offices').selectAll().execute()).toEqual(before);

    await setCaseworkersSeeAllCases(false);
    const [entry] = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(1).execute();
    expect(entry).toMatchObject({ action: 'office.caseworkers_see_own_cases' });
    expect((await get(manager, '/api/v1/office')).json().caseworkersSeeAllCases).toBe(false);
    await setCaseworkersSeeAllCases(true);
    expect((await t.database.db.selectFrom('audit_log').select('action').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).action).toBe('office.caseworkers_see_all_cases');
  });
});

describe('a caseworker, where the office lets caseworkers see only their own cases', () => {
  beforeAll(() => setCaseworkersSeeAllCases(false));
  afterAll(() => setCaseworkersSeeAllCases(true));

  it("gets 404 for a colleague's case and for its constituent, and cannot change the person", async () => {
    const { caseId, personId } = await colleaguesCase(false, 'Montgomery-Evans');
    expect((await get(owen, `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect(await peopleFound(owen, 'Montgomery-Evans')).toEqual([]);
    expect(await peopleFound(manager, 'Montgomery-Evans')).toEqual([personId]);
    expect(await listed(owen, personId)).toBe(false);
    expect(await listed(manager, personId)).toBe(true);
    const person = await get(owen, `/api/v1/people/${personId}`);
    expect(person.statusCode).toBe(404);
    expect(person.body).not.toContain('Rowlands');
    const before = await t.database.db.selectFrom('persons').selectAll().where('id', '=', personId).execute();
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/people/${personId}`, headers: owen.headers, payload: { familyName: 'Changed' } });
    expect(patched.statusCode).toBe(404);
    expect(await t.database.db.selectFrom('persons').selectAll().where('id', '=', personId).execute()).toEqual(before);
    expect((await get(manager, `/api/v1/people/${personId}`)).statusCode).toBe(200);
  });

  it('sees only the cases they own, that are shared with them, or that no one owns yet and are not sensitive', async () => {
    const owenId = await userId(demo.email('caseworker'));
    const res = await get(owen, '/api/v1/cases?limit=200');
    expect(res.statusCode).toBe(200);
    const visible: { id: string }[] = res.json().cases;
    const allowed = await t.database.db
      .selectFrom('cases')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('owner_user_id', '=', owenId),
          eb.and([eb('owner_user_id', 'is', null), eb('sensitive', '=', false)]),
          eb.exists(eb.selectFrom('case_access').select('case_id').whereRef('case_access.case_id', '=', 'cases.id').where('user_id', '=', owenId)),
        ]),
      )
      .execute();
    expect(visible.map((c) => c.id).sort()).toEqual(allowed.map((c) => c.id).sort());
    expect(res.json().total).toBe(allowed.length);
    const all = await t.database.db.selectFrom('cases').select('id').execute();
    expect(visible.length).toBeLessThan(all.length);
  });

  it('finds a case no one owns yet by its reference, and its constituent, but not such a case marked sensitive', async () => {
    const unassigned = async (sensitive: boolean, familyName: string) => {
      const { caseId, personId } = await colleaguesCase(sensitive, familyName);
      // As the contact form leaves it: no owner (set directly; no one could see the sensitive one to give it up).
      const { reference } = await t.database.db.updateTable('cases').set({ owner_user_id: null }).where('id', '=', caseId).returning('reference').executeTakeFirstOrThrow();
      return { caseId, personId, reference };
    };
    const casesFound = async (client: SignedInClient, q: string) =>
      ((await t.app.inject({ method: 'POST', url: '/api/v1/search', headers: client.headers, payload: { q } })).json().results as { type: string; id: string }[]).filter((r) => r.type === 'case').map((r) => r.id);

    const open = await unassigned(false, 'Haverford-Jones');
    expect((await get(owen, `/api/v1/cases/${open.caseId}`)).statusCode).toBe(200);
    expect(await casesFound(owen, open.reference)).toEqual([open.caseId]);
    expect((await get(owen, `/api/v1/people/${open.personId}`)).statusCode).toBe(200);

    const hidden = await unassigned(true, 'Llewellyn-Price');
    expect((await get(owen, `/api/v1/cases/${hidden.caseId}`)).statusCode).toBe(404);
    expect(await casesFound(owen, hidden.reference)).toEqual([]);
    expect((await get(owen, `/api/v1/people/${hidden.personId}`)).statusCode).toBe(404);
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
    expect(res.json().error.message).toMatch(/^Case must be a case id/);
  });
});
