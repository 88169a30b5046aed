import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { client, newPerson } from './test-fixtures/support.js';

/** A manager reassigns cases in bulk: all or nothing, one audit entry per case. */
let t: TestApp;
let owen: ReturnType<typeof client>;
let manager: ReturnType<typeof client>;
const ids: Record<string, string> = {};
let personId: string;

const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const ownerOf = async (caseIds: string[]) =>
  Object.fromEntries((await t.database.db.selectFrom('cases').select(['id', 'owner_user_id']).where('id', 'in', caseIds).execute()).map((r) => [r.id, r.owner_user_id]));

beforeAll(async () => {
  t = await createTestApp();
  owen = client(t, await t.signIn(demo.email('caseworker')));
  manager = client(t, await t.signIn(demo.email('manager')));
  for (const [name, email] of Object.entries({ owen: demo.email('caseworker'), grace: 'caseworker2@postbag.example', volunteer: demo.email('volunteer'), manager: demo.email('manager') })) {
    ids[name] = await userId(email);
  }
  personId = (await newPerson(t, await t.signIn(demo.email('caseworker')), 'Bronwen', 'Pritchard')).id;
});
afterAll(() => t?.close());

const open = async (extra: object = {}) => (await owen.created('/cases', { constituentIds: [personId], summary: 'Bins not collected on Heol y Dderwen since March', ...extra })).id as string;

describe('reassigning cases in bulk', () => {
  it('gives every case named to the new owner, one audit entry each, and skips those already theirs', async () => {
    const [a, b, theirs] = [await open(), await open(), await open({ ownerId: ids.grace })];
    const seqBefore = (await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('n')).executeTakeFirstOrThrow()).n;

    const result = await manager.ok('POST', '/cases/reassign', { caseIds: [b, theirs, a], ownerId: ids.grace });
    expect(result).toEqual({ reassigned: [b, a], alreadyTheirs: [theirs] });
    expect(await ownerOf([a, b, theirs])).toEqual({ [a]: ids.grace, [b]: ids.grace, [theirs]: ids.grace });

    const entries = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids', 'actor_user_id']).where('seq', '>', seqBefore).orderBy('seq').execute();
    expect(entries).toEqual([
      { action: 'case.reassigned', record_ids: [b, ids.grace], actor_user_id: ids.manager },
      { action: 'case.reassigned', record_ids: [a, ids.grace], actor_user_id: ids.manager },
    ]);
    const grace = client(t, await t.signIn('caseworker2@postbag.example'));
    const hers = (await grace.ok('GET', '/cases?owner=me&limit=200')).cases.map((c: { id: string }) => c.id);
    expect(hers).toEqual(expect.arrayContaining([a, b, theirs]));
  });

  it('is for managers only: a caseworker is refused and nothing changes', async () => {
    const a = await open();
    const before = await tableContents(t);
    const res = await owen.send('POST', '/cases/reassign', { caseIds: [a], ownerId: ids.grace });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('cases:assign');
    await expectUnchanged(t, before);
  });

  it('changes nothing when any case cannot be reassigned, naming each one and why', async () => {
    const good = await open();
    const closed = await open();
    await owen.ok('POST', `/cases/${closed}/close`, { outcome: 'resolved', outcomeNote: 'Collected.' });
    const closedRef = (await owen.ok('GET', `/cases/${closed}`)).reference;
    // Sensitive and Owen's: the manager may not see it.
    const hidden = await open({ sensitive: true });
    const unknown = '0190a4a0-0000-7000-8000-00000000abcd';
    const restrictedPerson = (await newPerson(t, await t.signIn(demo.email('caseworker')), 'Idris', 'Vaughan')).id;
    const restricted = await open({ constituentIds: [restrictedPerson] });
    const restrictedRef = (await owen.ok('GET', `/cases/${restricted}`)).reference;
    const dpo = client(t, await t.signIn(demo.email('data_protection_lead')));
    await dpo.ok('PUT', `/people/${restrictedPerson}/restriction`, { reason: 'accuracy_contested' });

    const before = await tableContents(t);
    const res = await manager.send('POST', '/cases/reassign', { caseIds: [good, closed, hidden, unknown, restricted], ownerId: ids.grace });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.problems).toEqual([
      { path: 'body.caseIds.1', message: 'is closed: reopen it first' },
      { path: 'body.caseIds.2', message: 'is not a case you can see' },
      { path: 'body.caseIds.3', message: 'is not a case you can see' },
      { path: 'body.caseIds.4', message: 'has a constituent whose processing is restricted (UK GDPR Article 18)' },
    ]);
    expect(error.message).toBe(
      `No case was reassigned. Not cases you can see: ${hidden}, ${unknown}. Closed (reopen them first): ${closedRef} (${closed}). A constituent’s processing is restricted: ${restrictedRef} (${restricted}).`,
    );
    expect(error.message).not.toContain(good);
    await expectUnchanged(t, before);
  });

  it('refuses an owner who is unknown, has left, or does not work cases, and changes nothing', async () => {
    const a = await open();
    // Grace leaves, and comes back at the end.
    const leaverId = ids.grace;
    const before = await tableContents(t);
    const cases = { caseIds: [a] };
    for (const [ownerId, message] of [
      ['0190a4a0-0000-7000-8000-00000000beef', 'is not a current member of staff of this office'],
      [ids.volunteer, 'is a volunteer: only colleagues who work cases (caseworkers and managers) can own one'],
    ] as const) {
      const res = await manager.send('POST', '/cases/reassign', { ...cases, ownerId });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.problems).toEqual([{ path: 'body.ownerId', message }]);
      expect(res.json().error.message).toBe(`No case was reassigned. The new owner ${message}.`);
    }
    await expectUnchanged(t, before);

    expect((await manager.send('PATCH', `/office/staff/${leaverId}`, { active: false })).statusCode).toBe(204);
    const left = await tableContents(t);
    const res = await manager.send('POST', '/cases/reassign', { ...cases, ownerId: leaverId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'body.ownerId', message: 'has left the office (their account is deactivated): choose a current colleague' }]);
    await expectUnchanged(t, left);
    expect((await manager.send('PATCH', `/office/staff/${leaverId}`, { active: true })).statusCode).toBe(204);
  });

  it('refuses a malformed request, saying what is wrong, and changes nothing', async () => {
    const a = await open();
    const many = Array.from({ length: 501 }, (_, i) => `0190a4a0-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const before = await tableContents(t);
    const cases: [object, string[]][] = [
      [{ caseIds: [], ownerId: ids.grace }, ['body.caseIds']],
      [{ caseIds: many, ownerId: ids.grace }, ['body.caseIds']],
      [{ caseIds: [a, a], ownerId: ids.grace }, ['body.caseIds']],
      [{ caseIds: [`${a} `, 'PB-000001'], ownerId: ids.grace }, ['body.caseIds.0', 'body.caseIds.1']],
      [{ caseIds: [a] }, ['body.ownerId']],
      [{ caseIds: [a], ownerId: ids.grace, sensitive: true }, ['body']],
    ];
    for (const [payload, paths] of cases) {
      const res = await manager.send('POST', '/cases/reassign', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.problems.map((p: { path: string }) => p.path)).toEqual(paths);
    }
    await expectUnchanged(t, before);
  });

  it('reassigns as many as 500 cases in one request', async () => {
    // Written straight to the tables: opening 500 cases through the API would be the slow part of this test.
    const { db } = t.database;
    const officeId = (await db.selectFrom('cases').select('office_id').limit(1).executeTakeFirstOrThrow()).office_id;
    const caseIds = Array.from({ length: 500 }, (_, i) => `0190a4a0-0000-7000-8000-${String(900_000 + i).padStart(12, '0')}`);
    await db
      .insertInto('cases')
      .values(caseIds.map((id, i) => ({ office_id: officeId, id, reference: `PB-9${String(i).padStart(5, '0')}`, person_id: personId, summary: 'Hedge overgrowing the pavement', owner_user_id: ids.owen })))
      .execute();
    await db.insertInto('case_constituents').values(caseIds.map((case_id) => ({ office_id: officeId, case_id, person_id: personId }))).execute();

    const result = await manager.ok('POST', '/cases/reassign', { caseIds, ownerId: ids.grace });
    expect(result.reassigned).toHaveLength(500);
    expect(new Set(Object.values(await ownerOf(caseIds)))).toEqual(new Set([ids.grace]));
    const audited = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'case.reassigned').where(sql<boolean>`record_ids->>0 like '0190a4a0-0000-7000-8000-0000009%'`).executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(500);
  });
});
