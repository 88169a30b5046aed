import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client, newPerson } from './test-fixtures/support.js';

/** Who decides a case's owner, its sensitivity and whom it is shared with; who can own a case at all. */
let t: TestApp;
let grace: ReturnType<typeof client>;
let owen: ReturnType<typeof client>;
let manager: ReturnType<typeof client>;
const ids: Record<string, string> = {};
let personId: string;
let caseId: string;

const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** Everything a change of access could touch, in full: equal before and after means nothing changed. */
async function contents(id: string) {
  const db = t.database.db;
  return {
    case: await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    shares: await db.selectFrom('case_access').selectAll().where('case_id', '=', id).orderBy('user_id').execute(),
    cases: await db.selectFrom('cases').select(['id', 'owner_user_id', 'sensitive']).orderBy('id').execute(),
    audit: await db.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const signIn = (email: string): Promise<SignedInClient> => t.signIn(email);
  grace = client(t, await signIn('caseworker2@postbag.example'));
  owen = client(t, await signIn(demo.email('caseworker')));
  manager = client(t, await signIn(demo.email('manager')));
  for (const role of ['caseworker', 'manager', 'volunteer', 'researcher']) ids[role] = await userId(demo.email(role));
  ids.grace = await userId('caseworker2@postbag.example');
  personId = (await newPerson(t, await signIn('caseworker2@postbag.example'), 'Nia')).id;
});
afterAll(() => t?.close());

// Grace owns the case and has shared it with Owen.
beforeEach(async () => {
  caseId = (await grace.created('/cases', { constituentIds: [personId], summary: 'Blue badge renewal refused' })).id;
  await grace.ok('PATCH', `/cases/${caseId}`, { sharedWithIds: [ids.caseworker] });
});

describe('a caseworker a case is shared with', () => {
  it.each([
    ['make themselves its owner', () => ({ ownerId: ids.caseworker })],
    ['mark it sensitive', () => ({ sensitive: true })],
    ['remove everyone else from it', () => ({ sharedWithIds: [] })],
    ['share it with someone else', () => ({ sharedWithIds: [ids.caseworker, ids.manager] })],
  ])('cannot %s: 403, and the case and its shares are unchanged', async (_what, change) => {
    const before = await contents(caseId);
    const res = await owen.send('PATCH', `/cases/${caseId}`, { dueOn: '2031-03-01', ...change() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining("Only the case's owner or a manager") });
    expect(await contents(caseId)).toEqual(before);
  });

  it('can still change the rest, sending back the owner, sensitivity and sharing as they are', async () => {
    const saved = await owen.ok('PATCH', `/cases/${caseId}`, { dueOn: '2031-03-01', ownerId: ids.grace, sensitive: false, sharedWithIds: [ids.caseworker] });
    expect(saved).toMatchObject({ dueOn: '2031-03-01', owner: { id: ids.grace }, sensitive: false, sharedWith: [{ id: ids.caseworker }] });
  });
});

describe('the owner and a manager', () => {
  it('the owner can mark it sensitive and share it with nobody else', async () => {
    const saved = await grace.ok('PATCH', `/cases/${caseId}`, { sensitive: true, sharedWithIds: [] });
    expect(saved).toMatchObject({ sensitive: true, sharedWith: [] });
    expect((await owen.send('GET', `/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('a manager can give it to someone else and change whom it is shared with', async () => {
    const saved = await manager.ok('PATCH', `/cases/${caseId}`, { ownerId: ids.caseworker, sharedWithIds: [ids.grace] });
    expect(saved).toMatchObject({ owner: { id: ids.caseworker }, sharedWith: [{ id: ids.grace }] });
    const row = await t.database.db.selectFrom('cases').select('owner_user_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.owner_user_id).toBe(ids.caseworker);
  });
});

describe('only colleagues who work cases can own one', () => {
  it.each(['volunteer', 'researcher'])('a %s cannot be made owner of a case, nor of a new one: 400 saying why, nothing changed', async (role) => {
    const before = await contents(caseId);
    const res = await manager.send('PATCH', `/cases/${caseId}`, { ownerId: ids[role] });
    expect(res.statusCode).toBe(400);
    const problem = { path: 'body.ownerId', message: `is a ${role}: only colleagues who work cases (caseworkers and managers) can own one` };
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', problems: [problem] });
    const opened = await manager.send('POST', '/cases', { constituentIds: [personId], summary: 'Parking permit', ownerId: ids[role] });
    expect(opened.statusCode).toBe(400);
    expect(opened.json().error.problems).toEqual([problem]);
    expect(await contents(caseId)).toEqual(before);
  });
});
