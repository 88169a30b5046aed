import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';
import { email, importMail } from '../correspondence/test-fixtures/mail.js';
import { otherOffice } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

/** Merging a duplicate record of a person into the one kept. */
let t: TestApp;
let caseworker: SignedInClient;

const send = (method: 'POST' | 'GET', url: string, payload?: object, client = caseworker) =>
  t.app.inject({ method, url, headers: method === 'GET' ? { cookie: client.cookie } : client.headers, ...(payload ? { payload } : {}) });

async function create(body: object): Promise<string> {
  const res = await send('POST', '/api/v1/people', { source: 'letter', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await createTestApp();
  caseworker = await t.signIn(demo.email('caseworker'));
});
afterAll(() => t?.close());

describe('merging two records of one person', () => {
  it('moves contact points, organisations, cases and identifiers, drops duplicates, and keeps protective flags', async () => {
    const keep = await create({
      givenName: 'Jane',
      familyName: 'Doe',
      contactPoints: [{ kind: 'email', value: 'jane@example.org', preferred: true, source: 'email' }],
    });
    const merge = await create({
      givenName: 'J',
      familyName: 'Doe',
      flags: { vulnerable: true },
      identifiers: { niNumber: 'AB123456C' },
      contactPoints: [
        { kind: 'email', value: 'jane@example.org', source: 'letter' },
        { kind: 'email', value: 'j.doe@example.net', preferred: true, source: 'letter' },
        { kind: 'phone', value: '07911 123456', source: 'phone' },
      ],
    });
    const organisation = (await send('POST', '/api/v1/organisations', { name: 'Tenants Association', kind: 'community_group', source: 'event' })).json().id;
    await send('POST', `/api/v1/organisations/${organisation}/members`, { personId: merge, role: 'Chair', source: 'event' });
    // A joint case: the duplicate is its lead constituent, and the kept record is on it too.
    const caseRes = await send('POST', '/api/v1/cases', { constituentIds: [merge, keep], summary: 'Housing repair' });
    expect(caseRes.statusCode, caseRes.body).toBe(201);
    const caseRow = caseRes.json();

    const res = await send('POST', `/api/v1/people/${keep}/merge`, { mergePersonId: merge });
    expect(res.statusCode, res.body).toBe(200);
    const { merge: record, person } = res.json();
    expect(record.moved).toEqual({ contactPoints: 2, organisations: 1, cases: 1, messages: 0, identifiers: 1, consentEntries: 0, mailings: 0, subscriptionSignups: 0 });
    expect(person.flags.vulnerable).toBe(true);
    const emails = person.contactPoints.filter((c: { kind: string }) => c.kind === 'email');
    expect(emails.map((c: { value: string; preferred: boolean }) => [c.value, c.preferred]).sort()).toEqual([
      ['j.doe@example.net', false],
      ['jane@example.org', true],
    ]);
    expect(person.organisations).toEqual([expect.objectContaining({ organisationId: organisation, role: 'Chair' })]);
    const movedCase = (await send('GET', `/api/v1/cases/${caseRow.id}`)).json();
    expect(movedCase.lead.id).toBe(keep);
    expect(movedCase.constituents).toEqual([expect.objectContaining({ id: keep, lead: true })]);

    // The identifier now opens under the kept person's key; the duplicate is gone.
    const withIds = await send('GET', `/api/v1/people/${keep}?include=identifiers`);
    expect(withIds.json().identifiers.niNumber).toBe('AB123456C');
    expect((await send('GET', `/api/v1/people/${merge}`)).statusCode).toBe(404);

    // It can be explained later: who merged what, and the audit log holds the ids.
    const history = (await send('GET', `/api/v1/people/${keep}/merges`)).json().merges;
    expect(history).toEqual([expect.objectContaining({ mergedPersonId: merge, mergedBy: 'Owen Hughes', moved: record.moved })]);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', '=', 'person.merged').execute();
    expect(audit).toEqual([{ action: 'person.merged', record_ids: [keep, merge, record.id] }]);
  });

  it('moves the messages the duplicate sent: they are now the kept person\'s', async () => {
    const keep = await create({ givenName: 'Priya', familyName: 'Shah' });
    const merge = await create({ givenName: 'P', familyName: 'Shah', contactPoints: [{ kind: 'email', value: 'priya.shah@mail.example', source: 'email' }] });
    const imported = await importMail(t.app, caseworker, email({ from: 'Priya Shah <priya.shah@mail.example>', subject: 'My bin collection' }));
    expect(imported.statusCode, imported.body).toBe(200);
    const messageId = imported.json().messages[0].messageId;
    const personOf = async () => (await t.database.db.selectFrom('messages').select('person_id').where('id', '=', messageId).executeTakeFirstOrThrow()).person_id;
    expect(await personOf()).toBe(merge);

    const res = await send('POST', `/api/v1/people/${keep}/merge`, { mergePersonId: merge });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().merge.moved).toMatchObject({ messages: 1, contactPoints: 1 });
    expect(await personOf()).toBe(keep);
    const message = (await send('GET', `/api/v1/messages/${messageId}`)).json();
    expect(message.person).toEqual({ id: keep, name: 'Priya Shah' });
  });

  it("destroys the duplicate's data key, so copies of its ciphertexts no longer open", async () => {
    const keep = await create({ givenName: 'Sam', familyName: 'Lee' });
    const merge = await create({ givenName: 'Samuel', familyName: 'Lee', identifiers: { dateOfBirth: '1990-05-01' } });
    const before = await t.database.db.selectFrom('persons').select('date_of_birth_sealed').where('id', '=', merge).executeTakeFirstOrThrow();
    expect((await send('POST', `/api/v1/people/${keep}/merge`, { mergePersonId: merge })).statusCode).toBe(200);
    await expect(t.keystore.decryptField(DEMO_OFFICE_ID, 'person', merge, 'date_of_birth', before.date_of_birth_sealed!)).rejects.toThrow(/erased/);
  });
});

describe('bad merges change nothing', () => {
  it('refuses to merge a person into themselves', async () => {
    const id = await create({ givenName: 'Solo', familyName: 'Person' });
    const before = await tableContents(t);
    const res = await send('POST', `/api/v1/people/${id}/merge`, { mergePersonId: id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/cannot be merged into themselves/) });
    await expectUnchanged(t, before);
  });

  it("answers 404 for an unknown person or another office's", async () => {
    const id = await create({ givenName: 'Here', familyName: 'Person' });
    const elsewhere = await otherOffice(t.database.db);
    const before = await tableContents(t);
    for (const other of [elsewhere.personId, '00000000-0000-4000-8000-00000000dead']) {
      const res = await send('POST', `/api/v1/people/${id}/merge`, { mergePersonId: other });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toMatch(/No person to merge with that id/);
    }
    await expectUnchanged(t, before);
  });

  it('is not open to the member (read-only) or a volunteer', async () => {
    const [a, b] = [await create({ givenName: 'A', familyName: 'X' }), await create({ givenName: 'B', familyName: 'X' })];
    for (const role of ['member', 'volunteer']) {
      const client = await t.signIn(demo.email(role));
      expect((await send('POST', `/api/v1/people/${a}/merge`, { mergePersonId: b }, client)).statusCode).toBe(403);
    }
  });
});
