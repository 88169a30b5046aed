import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { email, importMail } from '../correspondence/test-fixtures/mail.js';
import { latestAudit } from './test-fixtures/support.js';

/** Restriction of processing (UK GDPR Art. 18): set and lifted by the data protection lead, and what it stops. */
let t: TestApp;
let caseworker: SignedInClient;
let dpo: SignedInClient;
let manager: SignedInClient;
let dpoId: string;

beforeAll(async () => {
  t = await createTestApp();
  [caseworker, dpo, manager] = await Promise.all([t.signIn(demo.email('caseworker')), t.signIn(demo.email('data_protection_lead')), t.signIn(demo.email('manager'))]);
  dpoId = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo.email('data_protection_lead')).executeTakeFirstOrThrow()).id;
});
afterAll(() => t?.close());

const send = (client: SignedInClient, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: method === 'GET' ? { cookie: client.cookie } : client.headers, ...(payload ? { payload } : {}) });

async function ok(client: SignedInClient, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, status = 200) {
  const res = await send(client, method, url, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function newPersonWithCase(givenName: string) {
  const person = await ok(caseworker, 'POST', '/people', {
    givenName,
    familyName: 'Restricted',
    source: 'letter',
    flags: { vulnerable: true },
    contactPoints: [{ kind: 'email', value: `${givenName.toLowerCase()}@example.org`, preferred: true, source: 'letter' }],
  }, 201);
  const theCase = await ok(caseworker, 'POST', '/cases', { constituentIds: [person.id], summary: 'Housing repairs overdue' }, 201);
  return { person, theCase };
}

const restrict = (personId: string, reason = 'accuracy_contested') => ok(dpo, 'PUT', `/people/${personId}/restriction`, { reason });

describe('setting and lifting a restriction', () => {
  it('is for the data protection lead only, audited in the same transaction, and shown on the record', async () => {
    const { person } = await newPersonWithCase('Ffion');
    for (const client of [caseworker, manager]) {
      expect((await send(client, 'PUT', `/people/${person.id}/restriction`, { reason: 'legal_claims' })).statusCode).toBe(403);
      expect((await send(client, 'DELETE', `/people/${person.id}/restriction`)).statusCode).toBe(403);
    }

    const restricted = await restrict(person.id);
    expect(restricted.restriction).toEqual({ restrictedAt: expect.any(String), restrictedBy: dpoId, reason: 'accuracy_contested' });
    expect(await latestAudit(t.database.db, 1)).toEqual([{ action: 'person.restriction_set', record_type: 'person', record_ids: [person.id], actor_user_id: dpoId }]);

    // The same ground again changes nothing; another ground is a change, audited.
    const before = await tableContents(t);
    await restrict(person.id);
    await expectUnchanged(t, before);
    expect((await restrict(person.id, 'objection_pending')).restriction).toMatchObject({ reason: 'objection_pending', restrictedAt: restricted.restriction.restrictedAt });

    const lifted = await ok(dpo, 'DELETE', `/people/${person.id}/restriction`);
    expect(lifted.restriction).toBeNull();
    expect(await latestAudit(t.database.db, 1)).toEqual([{ action: 'person.restriction_lifted', record_type: 'person', record_ids: [person.id], actor_user_id: dpoId }]);
    const row = await t.database.db.selectFrom('persons').select(['restricted_at', 'restricted_by', 'restriction_reason']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ restricted_at: null, restricted_by: null, restriction_reason: null });
  });

  it('refuses a ground that is not one of Article 18, a second lift and an unknown person, changing nothing', async () => {
    const { person } = await newPersonWithCase('Gwen');
    const before = await tableContents(t);
    const badGround = await send(dpo, 'PUT', `/people/${person.id}/restriction`, { reason: 'she asked nicely' });
    expect(badGround.statusCode).toBe(400);
    expect(badGround.json().error.problems).toEqual([{ path: 'body.reason', message: expect.stringContaining('one of accuracy_contested, unlawful_processing, legal_claims, objection_pending') }]);
    expect((await send(dpo, 'PUT', `/people/${person.id}/restriction`, { reason: 'legal_claims', note: 'free text' })).statusCode).toBe(400);
    const notRestricted = await send(dpo, 'DELETE', `/people/${person.id}/restriction`);
    expect(notRestricted.statusCode).toBe(409);
    expect(notRestricted.json().error.message).toContain('not restricted, so there is no restriction to lift');
    expect((await send(dpo, 'PUT', '/people/00000000-0000-4000-8000-000000000000/restriction', { reason: 'legal_claims' })).statusCode).toBe(404);
    await expectUnchanged(t, before);
  });
});

describe('a restricted person', () => {
  it('is shown to everyone but the data protection lead by name only, as restricted', async () => {
    const { person } = await newPersonWithCase('Hywel');
    await restrict(person.id);
    const seen = await ok(caseworker, 'GET', `/people/${person.id}?include=identifiers`);
    expect(seen).toMatchObject({ givenName: 'Hywel', withheld: true, restriction: { reason: 'accuracy_contested' }, contactPoints: [], flags: { vulnerable: false } });
    expect(seen.identifiers).toBeUndefined();
    const full = await ok(dpo, 'GET', `/people/${person.id}`);
    expect(full).toMatchObject({ withheld: false, flags: { vulnerable: true }, contactPoints: [expect.objectContaining({ value: 'hywel@example.org' })] });

    const listed = async (client: SignedInClient) => {
      for (let offset = 0; ; offset += 200) {
        const page = await ok(client, 'GET', `/people?limit=200&offset=${offset}`);
        const found = page.people.find((p: { id: string }) => p.id === person.id);
        if (found || offset + 200 >= page.total) return found;
      }
    };
    expect(await listed(caseworker)).toMatchObject({ givenName: 'Hywel', restricted: true, email: null });
    expect(await listed(dpo)).toMatchObject({ restricted: true, email: 'hywel@example.org' });

    // Search shows a person's e-mail beside their name, but not a restricted person's.
    const hit = async (client: SignedInClient) => (await ok(client, 'POST', '/search', { q: 'hywel', limit: 50 })).results.find((r: { id: string }) => r.id === person.id);
    expect(await hit(caseworker)).toMatchObject({ withheld: true, email: null, postcode: null });
    expect(await hit(dpo)).toMatchObject({ withheld: false, email: 'hywel@example.org' });
  });

  it('cannot be changed, nor their contact points, nor their case, until the restriction is lifted', async () => {
    const { person, theCase } = await newPersonWithCase('Iolo');
    const other = await ok(caseworker, 'POST', '/people', { givenName: 'Other', familyName: 'Person', source: 'letter' }, 201);
    const full = await ok(caseworker, 'GET', `/people/${person.id}`);
    await restrict(person.id);
    const before = await tableContents(t);
    const refusals = [
      await send(caseworker, 'PATCH', `/people/${person.id}`, { givenName: 'Changed' }),
      await send(caseworker, 'PATCH', `/people/${person.id}`, { identifiers: { niNumber: 'AB123456C' } }),
      await send(caseworker, 'POST', `/people/${person.id}/contact-points`, { kind: 'phone', value: '07911 123456', source: 'phone' }),
      await send(caseworker, 'DELETE', `/people/${person.id}/contact-points/${full.contactPoints[0].id}`),
      await send(caseworker, 'POST', `/people/${other.id}/merge`, { mergePersonId: person.id }),
      await send(caseworker, 'PATCH', `/cases/${theCase.id}`, { dueOn: '2030-01-01' }),
      await send(caseworker, 'POST', `/cases/${theCase.id}/notes`, { text: 'Called the council' }),
      await send(caseworker, 'POST', '/cases', { constituentIds: [other.id, person.id], summary: 'Joint complaint' }),
    ];
    for (const refused of refusals) {
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'PROCESSING_REFUSED', message: expect.stringContaining('processing is restricted (UK GDPR Article 18)') });
    }
    await expectUnchanged(t, before);
    // Reading their case is refused too, for all but the data protection lead.
    expect((await send(caseworker, 'GET', `/cases/${theCase.id}`)).json().error.code).toBe('PROCESSING_REFUSED');
    expect((await ok(dpo, 'GET', `/cases/${theCase.id}`)).id).toBe(theCase.id);

    await ok(dpo, 'DELETE', `/people/${person.id}/restriction`);
    expect((await ok(caseworker, 'PATCH', `/people/${person.id}`, { givenName: 'Changed' })).givenName).toBe('Changed');
    await ok(caseworker, 'PATCH', `/cases/${theCase.id}`, { dueOn: '2030-01-01' });
  });

  it('is not filed onto: their message waits in the inbox, and filing it on a case or a new one is refused', async () => {
    const { person } = await newPersonWithCase('Jac');
    const other = await ok(caseworker, 'POST', '/people', { givenName: 'Kept', familyName: 'Open', source: 'letter' }, 201);
    const open = await ok(caseworker, 'POST', '/cases', { constituentIds: [other.id], summary: 'Parking permit' }, 201);
    const imported = await importMail(t.app, caseworker, email({ from: 'Jac <jac@example.org>', subject: 'About my repairs' }));
    expect(imported.json().stored, imported.body).toBe(1);
    const message = await t.database.db.selectFrom('messages').select(['id', 'person_id', 'state']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ person_id: person.id, state: 'inbox' });
    await restrict(person.id);

    const before = await tableContents(t);
    for (const body of [{ action: 'file', caseId: open.id }, { action: 'new_case', summary: 'Repairs' }]) {
      const refused = await send(caseworker, 'POST', `/messages/${message.id}/triage`, body);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.message).toContain('processing is restricted');
    }
    await expectUnchanged(t, before);
  });
});
