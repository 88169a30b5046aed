import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { latestAudit, otherOffice } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { fieldInWords } from '../../platform/errors/errors.js';

/** Persons through the API: create, read, update, flags, identifiers (encrypted, audited), referrals. */
let t: TestApp;
let caseworker: SignedInClient;
let member: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  [caseworker, member] = await Promise.all([t.signIn(demo.email('caseworker')), t.signIn(demo.email('member'))]);
});
afterAll(() => t?.close());

const send = (client: SignedInClient, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: method === 'GET' ? { cookie: client.cookie } : client.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const jane = {
  givenName: 'Jane',
  familyName: 'Doe',
  source: 'letter',
  collectedAt: '2026-01-15T10:00:00Z',
  flags: { vulnerable: true },
  identifiers: { dateOfBirth: '1980-02-29', niNumber: 'ab 12 34 56 c' },
  contactPoints: [
    { kind: 'email', value: '  Jane.Doe@Example.ORG ', preferred: true, source: 'letter' },
    { kind: 'phone', value: '07911 123456', source: 'phone', collectedAt: '2026-01-16T09:00:00Z' },
    { kind: 'postal_address', lines: ['1 High Street', 'Halesowen'], postcode: 'b633aa', preferred: true, source: 'letter' },
    { kind: 'social_handle', platform: 'bluesky', handle: '@JaneDoe.bsky.social', source: 'social_media' },
  ],
};

async function createJane(overrides: Record<string, unknown> = {}) {
  const res = await send(caseworker, 'POST', '/api/v1/people', { ...jane, ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('creating a person', () => {
  it('stores them with normalised contact points, each with its source, and audits it by id', async () => {
    const person = await createJane();
    expect(person).toMatchObject({
      givenName: 'Jane',
      familyName: 'Doe',
      source: 'letter',
      collectedAt: '2026-01-15T10:00:00.000Z',
      flags: { vulnerable: true, child: false, deceased: false, doNotContact: false, outOfConstituency: false },
      referral: { referredByThirdParty: false, awaitingConfirmation: false },
      contactable: true,
      hasIdentifiers: { dateOfBirth: true, niNumber: true },
    });
    expect(person.identifiers).toBeUndefined();
    const byKind = Object.fromEntries(person.contactPoints.map((c: { kind: string }) => [c.kind, c]));
    expect(byKind.email).toMatchObject({ value: 'jane.doe@example.org', preferred: true, source: 'letter' });
    expect(byKind.phone).toMatchObject({ value: '+447911123456', preferred: false, source: 'phone', collectedAt: '2026-01-16T09:00:00.000Z' });
    expect(byKind.postal_address).toMatchObject({ value: '1 High Street, Halesowen, B63 3AA', lines: ['1 High Street', 'Halesowen'], postcode: 'B63 3AA' });
    expect(byKind.social_handle).toMatchObject({ platform: 'bluesky', value: 'janedoe.bsky.social' });

    const audit = await latestAudit(t.database.db, 3);
    expect(audit.map((a) => a.action)).toEqual(['person.identifiers_changed', 'contact_point.added', 'person.created']);
    expect(audit[2]!.record_ids).toEqual([person.id]);
    expect(JSON.stringify(audit)).not.toMatch(/jane|doe|7911|B63/i);
  });

  it('stores the date of birth and NI number only as ciphertext', async () => {
    const person = await createJane();
    const row = await t.database.db.selectFrom('persons').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.date_of_birth_sealed).toMatch(/^k1\./);
    expect(row.ni_number_sealed).toMatch(/^k1\./);
    expect(JSON.stringify(row)).not.toMatch(/1980|AB123456C|ab 12/i);
  });

  it('lists the person with their preferred e-mail and postcode', async () => {
    const person = await createJane({ givenName: 'Listed', familyName: 'Aardvark' });
    const res = await send(caseworker, 'GET', '/api/v1/people?limit=5');
    expect(res.statusCode).toBe(200);
    expect(res.json().people.find((p: { id: string }) => p.id === person.id)).toMatchObject({ email: 'jane.doe@example.org', postcode: 'B63 3AA' });
  });
});

describe('reading identifiers', () => {
  it('returns them only when asked, and writes an audit entry for the read', async () => {
    const person = await createJane();
    const before = await tableContents(t);
    const plain = await send(member, 'GET', `/api/v1/people/${person.id}`);
    expect(plain.json().identifiers).toBeUndefined();
    await expectUnchanged(t, before);

    const res = await send(member, 'GET', `/api/v1/people/${person.id}?include=identifiers`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().identifiers).toEqual({ dateOfBirth: '1980-02-29', niNumber: 'AB123456C' });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'person.identifiers_read', record_type: 'person', record_ids: [person.id] });
    expect(entry!.actor_user_id).not.toBeNull();
    expect((await tableContents(t)).audit_log!.rows).toBe(before.audit_log!.rows + 1);
  });

  it('refuses any other include', async () => {
    const person = await createJane();
    const res = await send(member, 'GET', `/api/v1/people/${person.id}?include=everything`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0].path).toBe('querystring.include');
  });
});

describe('flags', () => {
  it('marks a child from a date of birth under 18, without keeping the date in clear', async () => {
    const dob = `${new Date().getUTCFullYear() - 10}-06-01`;
    const person = await createJane({ identifiers: { dateOfBirth: dob } });
    expect(person.flags).toMatchObject({ child: true, childByDateOfBirth: true, childMarked: false });
    const row = await t.database.db.selectFrom('persons').select(['child_by_date_of_birth', 'date_of_birth_sealed']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.child_by_date_of_birth).toBe(true);
    expect(row.date_of_birth_sealed).not.toContain(dob);
  });

  it('are changed by PATCH, with names, and the change is audited', async () => {
    const person = await createJane();
    const res = await send(caseworker, 'PATCH', `/api/v1/people/${person.id}`, {
      familyName: 'Smith',
      flags: { deceased: true, doNotContact: true, outOfConstituency: true, child: true, vulnerable: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      givenName: 'Jane',
      familyName: 'Smith',
      flags: { deceased: true, doNotContact: true, outOfConstituency: true, child: true, childMarked: true, vulnerable: false },
      contactable: false,
    });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'person.updated', record_ids: [person.id] });
  });

  it('keep a title as the person writes it, changed or taken away by PATCH', async () => {
    const created = await send(caseworker, 'POST', '/api/v1/people', { ...jane, title: ' Revd ' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().title).toBe('Revd');
    const id = created.json().id as string;
    const title = async () => (await t.database.db.selectFrom('persons').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
    expect((await send(caseworker, 'PATCH', `/api/v1/people/${id}`, { title: 'Dr' })).json().title).toBe('Dr');
    expect(await title()).toBe('Dr');
    const before = await tableContents(t);
    const tooLong = await send(caseworker, 'PATCH', `/api/v1/people/${id}`, { title: 'The Right Honourable the Lord Mayor' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toBe('Title must be at most 30 characters. Nothing was changed.');
    await expectUnchanged(t, before);
    expect((await send(caseworker, 'PATCH', `/api/v1/people/${id}`, { title: null })).json().title).toBeNull();
    expect(await title()).toBeNull();
  });

  it('PATCH replaces or clears identifiers', async () => {
    const person = await createJane();
    const res = await send(caseworker, 'PATCH', `/api/v1/people/${person.id}`, { identifiers: { niNumber: 'CE 00 00 00 D', dateOfBirth: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hasIdentifiers).toEqual({ dateOfBirth: false, niNumber: true });
    const read = await send(caseworker, 'GET', `/api/v1/people/${person.id}?include=identifiers`);
    expect(read.json().identifiers).toEqual({ dateOfBirth: null, niNumber: 'CE000000D' });
  });
});

describe('a person referred by a third party', () => {
  it('is not contactable until they confirm, and the confirmation is recorded and audited once', async () => {
    const person = await createJane({ source: 'third_party_referral', referredByThirdParty: true });
    expect(person.referral).toMatchObject({ referredByThirdParty: true, awaitingConfirmation: true, contactConfirmedAt: null });
    expect(person.contactable).toBe(false);

    const res = await send(caseworker, 'POST', `/api/v1/people/${person.id}/confirm-contact`, { source: 'phone' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().referral).toMatchObject({ referredByThirdParty: true, awaitingConfirmation: false, contactConfirmedSource: 'phone' });
    expect(res.json().contactable).toBe(true);
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'person.contact_confirmed', record_ids: [person.id] });

    const before = await tableContents(t);
    const again = await send(caseworker, 'POST', `/api/v1/people/${person.id}/confirm-contact`, { source: 'email' });
    expect(again.json().referral.contactConfirmedAt).toBe(res.json().referral.contactConfirmedAt);
    await expectUnchanged(t, before);
  });

  it('answers 409 for someone who was not referred', async () => {
    const person = await createJane();
    const res = await send(caseworker, 'POST', `/api/v1/people/${person.id}/confirm-contact`, { source: 'phone' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/not referred by a third party/);
  });
});

describe('bad input changes nothing', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['an invalid postcode', { contactPoints: [{ kind: 'postal_address', lines: ['1 High St'], postcode: 'XYZ 123', source: 'letter' }] }, 'body.contactPoints.0.postcode', /UK postcode/],
    ['an invalid e-mail', { contactPoints: [{ kind: 'email', value: 'jane at example', source: 'email' }] }, 'body.contactPoints.0.value', /e-mail address/],
    ['an invalid phone number', { contactPoints: [{ kind: 'phone', value: '12345', source: 'phone' }] }, 'body.contactPoints.0.value', /UK phone number/],
    ['an NI number with a D prefix', { identifiers: { niNumber: 'DA123456A' } }, 'body.identifiers.niNumber', /National Insurance number/],
    ['an NI number with an O second letter', { identifiers: { niNumber: 'AO123456A' } }, 'body.identifiers.niNumber', /National Insurance number/],
    ['an unissued NI prefix', { identifiers: { niNumber: 'GB123456A' } }, 'body.identifiers.niNumber', /National Insurance number/],
    ['an NI suffix E', { identifiers: { niNumber: 'AB123456E' } }, 'body.identifiers.niNumber', /National Insurance number/],
    ['an impossible date of birth', { identifiers: { dateOfBirth: '2001-02-29' } }, 'body.identifiers.dateOfBirth', /not a real date: February 2001 has 28 days/],
    ['a date of birth in the future', { identifiers: { dateOfBirth: '2099-01-01' } }, 'body.identifiers.dateOfBirth', /today/],
    ['an unknown field', { nickname: 'JD' }, 'body', /unknown field.*"nickname"/],
    ['a malformed collection time', { collectedAt: 'yesterday' }, 'body.collectedAt', /date and time/],
    ['a collection time in the future', { collectedAt: '2099-01-01T00:00:00Z' }, 'body.collectedAt', /future/],
    ['an unknown flag', { flags: { famous: true } }, 'body.flags', /famous/],
    ['an over-long name', { givenName: 'x'.repeat(101) }, 'body.givenName', /at most 100/],
    ['an unknown source', { source: 'carrier_pigeon' }, 'body.source', /how the datum was collected/],
    [
      'two preferred e-mails',
      { contactPoints: [{ kind: 'email', value: 'a@example.org', preferred: true, source: 'email' }, { kind: 'email', value: 'b@example.org', preferred: true, source: 'email' }] },
      'body.contactPoints.1.preferred',
      /another email is already preferred/,
    ],
  ];

  it.each(cases)('%s', async (_label, change, path, message) => {
    const before = await tableContents(t);
    const res = await send(caseworker, 'POST', '/api/v1/people', { ...jane, ...change });
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(error.message).toContain(fieldInWords(path));
    expect(error.message).not.toContain('body.');
    await expectUnchanged(t, before);
  });

  it('a PATCH with nothing to change, or for a person of another office', async () => {
    const person = await createJane();
    const other = await otherOffice(t.database.db);
    const before = await tableContents(t);
    const empty = await send(caseworker, 'PATCH', `/api/v1/people/${person.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/must change something/);
    for (const body of [{ givenName: 'Hijack' }, { identifiers: { niNumber: 'AB123456C' } }]) {
      const res = await send(caseworker, 'PATCH', `/api/v1/people/${other.personId}`, body);
      expect(res.statusCode).toBe(404);
    }
    expect((await send(caseworker, 'GET', `/api/v1/people/${other.personId}`)).statusCode).toBe(404);
    await expectUnchanged(t, before);
    const untouched = await t.database.db.selectFrom('persons').select(['given_name', 'ni_number_sealed']).where('id', '=', other.personId).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ given_name: 'Other', ni_number_sealed: null });
  });
});

describe('permissions', () => {
  it('a volunteer can neither read nor write people', async () => {
    const volunteer = await t.signIn(demo.email('volunteer'));
    const person = await createJane();
    const before = await tableContents(t);
    expect((await send(volunteer, 'GET', `/api/v1/people/${person.id}`)).statusCode).toBe(403);
    expect((await send(volunteer, 'GET', `/api/v1/people/${person.id}?include=identifiers`)).statusCode).toBe(403);
    const create = await send(volunteer, 'POST', '/api/v1/people', jane);
    expect(create.statusCode).toBe(403);
    expect(create.json().error.message).toContain('people:write');
    expect((await send(volunteer, 'PATCH', `/api/v1/people/${person.id}`, { givenName: 'X' })).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });

  it('the member (read only) cannot create or change people', async () => {
    const person = await createJane();
    expect((await send(member, 'POST', '/api/v1/people', jane)).statusCode).toBe(403);
    expect((await send(member, 'POST', `/api/v1/people/${person.id}/confirm-contact`, { source: 'phone' })).statusCode).toBe(403);
  });

  it('a write without the CSRF token is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: { cookie: caseworker.cookie }, payload: jane });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
  });
});
