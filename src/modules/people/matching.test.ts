import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { otherOffice } from './test-fixtures/support.js';

/** Matching an incoming contact to the people the office already knows. */
let t: TestApp;
let caseworker: SignedInClient;
let janeId: string;
let johnId: string;

const post = (client: SignedInClient, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: client.headers, payload });
const match = (payload: object, client = caseworker) => post(client, '/api/v1/people/matches', payload);

async function create(givenName: string, familyName: string, contactPoints: object[]): Promise<string> {
  const res = await post(caseworker, '/api/v1/people', { givenName, familyName, source: 'letter', contactPoints });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await createTestApp();
  caseworker = await t.signIn(demo.email('caseworker'));
  janeId = await create('Jane', 'Doe', [
    { kind: 'email', value: 'jane.doe@example.org', source: 'email' },
    { kind: 'phone', value: '07911 123456', source: 'phone' },
    { kind: 'postal_address', lines: ['1 High Street'], postcode: 'B63 3AA', source: 'letter' },
  ]);
  johnId = await create('Jonathan', 'Smith', [{ kind: 'postal_address', lines: ['2 High Street'], postcode: 'B63 3AA', source: 'letter' }]);
  await create('Mary', 'Jones', [{ kind: 'postal_address', lines: ['3 High Street'], postcode: 'B63 3AA', source: 'letter' }]);
});
afterAll(() => t?.close());

describe('matching an incoming contact', () => {
  it('finds the person by e-mail address, whatever its case', async () => {
    const res = await match({ email: ' Jane.DOE@example.org' });
    expect(res.statusCode).toBe(200);
    expect(res.json().candidates).toEqual([{ person: expect.objectContaining({ id: janeId, givenName: 'Jane' }), score: 1, reasons: ['same e-mail address'] }]);
  });

  it('finds the person by phone number written another way', async () => {
    const res = await match({ phone: '+44 7911 123456' });
    expect(res.json().candidates.map((c: { person: { id: string } }) => c.person.id)).toEqual([janeId]);
  });

  it('offers a similar name at the same postcode, with the reason, and not the neighbours', async () => {
    const res = await match({ name: 'Jonathon Smith', postcode: 'b63 3aa' });
    const [first, ...others] = res.json().candidates;
    expect(first).toMatchObject({ person: { id: johnId }, reasons: [expect.stringMatching(/^similar name at the same postcode \(similarity 0\.\d\d\)$/)] });
    expect(others).toEqual([]);
  });

  it('ranks an exact e-mail above a similar name, and combines reasons for one person', async () => {
    const res = await match({ email: 'jane.doe@example.org', name: 'Jane Doe', postcode: 'B63 3AA' });
    const [first] = res.json().candidates;
    expect(first.person.id).toBe(janeId);
    expect(first.reasons).toEqual(['same e-mail address', 'similar name at the same postcode (similarity 1.00)']);
    expect(first.score).toBe(2);
  });

  it('does not offer a similar name at another postcode, nor anyone from another office', async () => {
    expect((await match({ name: 'Jonathan Smith', postcode: 'SW1A 1AA' })).json().candidates).toEqual([]);
    await otherOffice(t.database.db);
    expect((await match({ name: 'Other Office', postcode: 'B63 3AA' })).json().candidates).toEqual([]);
  });
});

describe('bad match requests', () => {
  it.each([
    [{}, /needs an e-mail address, a phone number, or a name with a postcode/],
    [{ name: 'Jane Doe' }, /needs an e-mail address, a phone number, or a name with a postcode/],
    [{ email: 'not-an-address' }, /^E-mail must be an e-mail address/],
    [{ phone: '12' }, /^Phone must be a UK phone number/],
    [{ name: 'Jane', postcode: 'NOT A CODE' }, /^Postcode must be a UK postcode/],
    [{ email: 'jane.doe@example.org', ssn: 'x' }, /unknown field\(s\) "ssn"/],
  ])('%j is refused with a specific message', async (payload, message) => {
    const res = await match(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });

  it('is closed to a volunteer', async () => {
    const volunteer = await t.signIn(demo.email('volunteer'));
    expect((await match({ email: 'jane.doe@example.org' }, volunteer)).statusCode).toBe(403);
  });
});
