import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { latestAudit, otherOffice } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

/** Adding and removing a person's contact points through the API. */
let t: TestApp;
let caseworker: SignedInClient;
let personId: string;
let other: Awaited<ReturnType<typeof otherOffice>>;

beforeAll(async () => {
  t = await createTestApp();
  caseworker = await t.signIn(demo.email('caseworker'));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: caseworker.headers,
    payload: { givenName: 'Pat', familyName: 'Jones', source: 'email', contactPoints: [{ kind: 'email', value: 'pat@example.org', preferred: true, source: 'email' }] },
  });
  personId = res.json().id;
  other = await otherOffice(t.database.db);
});
afterAll(() => t?.close());

const add = (person: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/people/${person}/contact-points`, headers: caseworker.headers, payload });
const remove = (person: string, contactPointId: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/v1/people/${person}/contact-points/${contactPointId}`, headers: caseworker.headers });

describe('adding a contact point', () => {
  it('normalises it, records its source, and audits it', async () => {
    const res = await add(personId, { kind: 'phone', value: '+44 (0)20 7946 0000', source: 'phone', preferred: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'phone', value: '+442079460000', preferred: true, source: 'phone' });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'contact_point.added', record_type: 'contact_point', record_ids: [res.json().id, personId] });
  });

  it('takes a postcode in any spelling', async () => {
    const res = await add(personId, { kind: 'postal_address', lines: ['Flat 2', '3 Mill Lane'], postcode: ' sw1a1aa ', source: 'letter' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ postcode: 'SW1A 1AA', value: 'Flat 2, 3 Mill Lane, SW1A 1AA' });
  });

  it('refuses a second preferred e-mail with 409, and changes nothing', async () => {
    const before = await tableContents(t);
    const res = await add(personId, { kind: 'email', value: 'other@example.org', preferred: true, source: 'email' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already has a preferred e-mail address/) });
    await expectUnchanged(t, before);
    // Not preferred, it is welcome.
    expect((await add(personId, { kind: 'email', value: 'other@example.org', source: 'email' })).statusCode).toBe(201);
  });

  it('refuses the same address twice, whatever its case', async () => {
    const before = await tableContents(t);
    const res = await add(personId, { kind: 'email', value: 'PAT@example.org', source: 'web_form' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/already has this e-mail address/);
    await expectUnchanged(t, before);
  });

  it.each([
    ['a person of another office', () => other.personId],
    ['a person who does not exist', () => '00000000-0000-4000-8000-000000000000'],
  ])('answers 404 for %s, and changes nothing', async (_label, target) => {
    const before = await tableContents(t);
    const res = await add(target(), { kind: 'email', value: 'x@example.org', source: 'email' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/No person with that id/);
    await expectUnchanged(t, before);
  });

  it.each([
    ['an invalid e-mail', { kind: 'email', value: 'not-an-email', source: 'email' }, 'body.value'],
    ['an invalid phone', { kind: 'phone', value: '0800 000', source: 'phone' }, 'body.value'],
    ['an invalid postcode', { kind: 'postal_address', lines: ['1 Road'], postcode: 'B63', source: 'letter' }, 'body.postcode'],
    ['an unknown kind', { kind: 'fax', value: '01234', source: 'letter' }, 'body.kind'],
    ['an unknown field', { kind: 'email', value: 'a@example.org', source: 'email', note: 'x' }, 'body'],
    ['a missing source', { kind: 'email', value: 'a@example.org' }, 'body.source'],
    ['an over-long address line', { kind: 'postal_address', lines: ['x'.repeat(201)], postcode: 'B63 3AA', source: 'letter' }, 'body.lines.0'],
    ['an e-mail too long', { kind: 'email', value: `${'x'.repeat(250)}@example.org`, source: 'email' }, 'body.value'],
  ])('answers 400 naming the field for %s, and changes nothing', async (_label, payload, path) => {
    const before = await tableContents(t);
    const res = await add(personId, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain(path);
    await expectUnchanged(t, before);
  });
});

describe('removing a contact point', () => {
  it('deletes it and audits the removal', async () => {
    const added = (await add(personId, { kind: 'social_handle', platform: 'x', handle: '@PatJones', source: 'social_media' })).json();
    const res = await remove(personId, added.id);
    expect(res.statusCode).toBe(204);
    expect(await t.database.db.selectFrom('contact_points').select('id').where('id', '=', added.id).executeTakeFirst()).toBeUndefined();
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'contact_point.removed', record_ids: [added.id, personId] });
  });

  it("answers 404 for another person's or another office's contact point, and changes nothing", async () => {
    const otherPoint = await t.database.db
      .insertInto('contact_points')
      .values({ office_id: other.officeId, person_id: other.personId, kind: 'email', value: 'them@example.org', source: 'email' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await tableContents(t);
    expect((await remove(personId, otherPoint.id)).statusCode).toBe(404);
    expect((await remove(other.personId, otherPoint.id)).statusCode).toBe(404);
    await expectUnchanged(t, before);
  });
});

describe('the database itself', () => {
  it('allows at most one preferred contact point of a kind per person, even written directly', async () => {
    await expect(
      t.database.db.insertInto('contact_points').values({ office_id: other.officeId, person_id: other.personId, kind: 'phone', value: '+447911123456', preferred: true, source: 'phone' }).execute(),
    ).resolves.toBeDefined();
    await expect(
      t.database.db.insertInto('contact_points').values({ office_id: other.officeId, person_id: other.personId, kind: 'phone', value: '+447911123457', preferred: true, source: 'phone' }).execute(),
    ).rejects.toThrow(/contact_points_one_preferred/);
  });
});
