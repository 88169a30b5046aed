import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../../seed/demo.js';
import { freshAddress, post, tokenServed } from './test-fixtures/support.js';

/** The contact form and the one check: what a known sender's standing changes about what is opened and sent. */
let t: TestApp;
let caseworker: SignedInClient;
let dpo: SignedInClient;
const OFFICE = DEMO_OFFICE_ID;

beforeAll(async () => {
  t = await createTestApp();
  const manager = await t.signIn(demo.email('manager'));
  [caseworker, dpo] = await Promise.all([t.signIn(demo.email('caseworker')), t.signIn(demo.email('data_protection_lead'))]);
  const settings = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@example.org', signature: '', letterheadAddress: '', privacyNoticeUrl: null },
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(() => t?.close());

async function knownSender(email: string, flags: Record<string, boolean> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: caseworker.headers,
    payload: { givenName: 'Known', familyName: 'Sender', source: 'letter', flags, contactPoints: [{ kind: 'email', value: email, preferred: true, source: 'letter' }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const submit = (email: string) =>
  post(
    t,
    OFFICE,
    {
      formToken: tokenServed(t, OFFICE, 60_000),
      website: '',
      givenName: 'Known',
      familyName: 'Sender',
      addressLine1: '1 High Street',
      addressLine2: '',
      town: 'Halesowen',
      postcode: 'b63 3aa',
      email,
      phone: '',
      message: 'My bins have not been collected for a month.',
    },
    { remoteAddress: freshAddress() },
  );

// The sender's address is sealed (migration 0015): a known sender's message is found by the person it was matched to.
const messageOf = (personId: string) =>
  t.database.db.selectFrom('messages').selectAll().where('channel', '=', 'web_form').where('person_id', '=', personId).executeTakeFirstOrThrow();
const outgoingOn = (caseId: string) => t.database.db.selectFrom('messages').select('id').where('case_id', '=', caseId).where('direction', '=', 'out').execute();

describe('a contact form message from someone the office already knows', () => {
  // Do not contact stops e-mail to them, not the casework: the message is still incoming mail for the team.
  it('marked do not contact: is put on a new case and waits in the inbox, and no acknowledgement is sent', async () => {
    const personId = await knownSender('asked.not.to@example.net', { doNotContact: true });
    const res = await submit('asked.not.to@example.net');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toMatch(/Your reference is<strong>PB-\d{6}<\/strong>/);
    expect(res.body).toContain('we could not e-mail it to you');
    const m = await messageOf(personId);
    expect(m).toMatchObject({ state: 'inbox', person_id: personId, case_id: expect.any(String) });
    expect(await outgoingOn(m.case_id!)).toEqual([]);
  });

  it('whose processing is restricted: waits in the inbox, opens no case, sends nothing, and the page says only thank you', async () => {
    const personId = await knownSender('restricted.sender@example.net');
    const restricted = await t.app.inject({ method: 'PUT', url: `/api/v1/people/${personId}/restriction`, headers: dpo.headers, payload: { reason: 'accuracy_contested' } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    const res = await submit('restricted.sender@example.net');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Your message has been received.');
    expect(res.body).not.toMatch(/PB-\d{6}|restrict/i);
    expect(await messageOf(personId)).toMatchObject({ state: 'inbox', case_id: null, person_id: personId });
    const cases = await t.database.db.selectFrom('case_constituents').select('case_id').where('person_id', '=', personId).execute();
    expect(cases).toEqual([]);
  });
});
