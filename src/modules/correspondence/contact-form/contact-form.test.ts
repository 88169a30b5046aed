import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMessageTexts } from '../sealing.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../../seed/demo.js';
import { freshAddress, post, tokenServed, type UploadFile } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** The public contact form end to end: the page, what a submission keeps, and what it refuses. */
let t: TestApp;
let manager: SignedInClient;
const PRIVACY_URL = 'https://www.example.org/privacy';
const OFFICE = DEMO_OFFICE_ID;
const MINUTE = 60_000;

const good = (extra: Record<string, string> = {}) => ({
  formToken: tokenServed(t, OFFICE, MINUTE),
  website: '',
  givenName: 'Jo',
  familyName: 'Webformer',
  addressLine1: '1 High Street',
  addressLine2: '',
  town: 'Halesowen',
  postcode: 'b63 3aa',
  email: 'Jo.Webformer@example.net',
  phone: '07911 123456',
  message: 'My Universal Credit stopped after I moved house. Can you help?',
  ...extra,
});

const settings = (privacyNoticeUrl: string | null) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/office/correspondence', headers: manager.headers, payload: { fromAddress: 'office@example.org', signature: '', letterheadAddress: '', privacyNoticeUrl } });

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn(demo.email('manager'));
  expect((await settings(PRIVACY_URL)).statusCode).toBe(200);
  const upload = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/office/constituency-postcodes',
    headers: { ...manager.headers, 'content-type': 'text/csv' },
    payload: 'postcode\nB63 3AA\nB63 4BB\n',
  });
  expect(upload.statusCode, upload.body).toBe(200);
});
afterAll(() => t?.close());

const webFormMessages = () => t.database.db.selectFrom('messages').selectAll().where('channel', '=', 'web_form').orderBy('id').execute();
const newest = async () => (await webFormMessages()).at(-1)!;

describe('the page', () => {
  it('is where /contact leads when the deployment has one office', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/contact' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/contact/${OFFICE}`);
  });

  it('has a labelled field for everything asked, the privacy statement and the link to the notice, and nothing from elsewhere', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/contact/${OFFICE}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.body;
    for (const field of ['givenName', 'familyName', 'addressLine1', 'addressLine2', 'town', 'postcode', 'email', 'phone', 'message', 'attachments']) {
      expect(page).toContain(`<label for="f-${field}">`);
      expect(page).toContain(`id="f-${field}" name="${field}"`);
    }
    expect(page).toContain('<legend>Your address</legend>');
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('Sam Taylor MP is the data controller');
    expect(page).toContain('only where that is needed to help you');
    expect(page).toContain('We keep it for as long as we need it');
    expect(page).toContain(`<a href="${PRIVACY_URL}">`);
    // The honeypot tells a screen reader user to leave it alone.
    expect(page).toMatch(/<label for="f-website">Leave this field empty<\/label>/);
    expect(page).not.toContain('<script');
    expect(page).not.toMatch(/(src|href)="\/\/|src="https?:/);
  });

  it('says plainly when the office has not given its privacy notice', async () => {
    await settings(null);
    try {
      const page = (await t.app.inject({ method: 'GET', url: `/contact/${OFFICE}` })).body;
      expect(page).toContain('privacy notice is not published on this page yet');
      expect(page).not.toContain(PRIVACY_URL);
    } finally {
      await settings(PRIVACY_URL);
    }
  });

  it('answers an unknown office with a page saying so', async () => {
    for (const id of ['0ff1ce00-0000-4000-8000-00000000dead', 'nonsense']) {
      const res = await t.app.inject({ method: 'GET', url: `/contact/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('There is no contact form at this address');
    }
  });
});

describe('a message from inside the constituency', () => {
  it('is kept on a new case for a new person, with the acknowledgement e-mail queued, and the page gives the reference', async () => {
    const res = await post(t, OFFICE, good(), { remoteAddress: freshAddress(), files: [{ name: 'letter.pdf', type: 'application/pdf', content: '%PDF-1.4 the council letter' }] });
    expect(res.statusCode, res.body).toBe(200);
    const reference = /Your reference is<strong>(PB-\d{6})<\/strong>/.exec(res.body)?.[1];
    expect(reference).toBeDefined();
    expect(res.body).toContain('We have e-mailed you an acknowledgement');

    const m = await newest();
    // On its case, and still in the inbox for the team to work (issue 11): not filed unseen.
    expect(m).toMatchObject({ direction: 'in', channel: 'web_form', state: 'inbox', counterpart_address: null, attachment_count: 1, out_of_constituency: false });
    expect((await openMessageTexts(t.keystore, m.office_id, [m]))[0]).toMatchObject({ counterpartAddress: 'jo.webformer@example.net' });
    expect(m.body_sealed).not.toContain('Universal');
    const kase = await t.database.db.selectFrom('cases').selectAll().where('id', '=', m.case_id!).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ reference, person_id: m.person_id, owner_user_id: null, status: 'new' });

    const person = await t.database.db.selectFrom('persons').selectAll().where('id', '=', m.person_id!).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ given_name: 'Jo', family_name: 'Webformer', source: 'web_form' });
    const points = await t.database.db.selectFrom('contact_points').select(['kind', 'value', 'postcode', 'source']).where('person_id', '=', person.id).orderBy('kind').execute();
    expect(points).toEqual([
      { kind: 'email', value: 'jo.webformer@example.net', postcode: null, source: 'web_form' },
      { kind: 'phone', value: '+447911123456', postcode: null, source: 'web_form' },
      { kind: 'postal_address', value: '1 High Street, Halesowen, B63 3AA', postcode: 'B63 3AA', source: 'web_form' },
    ]);

    const events = await t.database.db.selectFrom('case_events').select(['kind', 'message_id']).where('case_id', '=', kase.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'message']));
    expect(events.find((e) => e.kind === 'message')?.message_id).toBe(m.id);

    const reply = await t.database.db.selectFrom('messages').selectAll().where('case_id', '=', kase.id).where('direction', '=', 'out').executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ state: 'queued', to_addresses: ['jo.webformer@example.net'], person_id: person.id });
    const job = await t.database.db.selectFrom('jobs').selectAll().where('kind', '=', 'correspondence.send_email').where('dedupe_key', '=', reply.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'queued', payload: { messageId: reply.id } });

    // The acknowledgement, opened with the key store, names the reference in its subject and text.
    const [texts] = await openMessageTexts(t.keystore, OFFICE, [reply]);
    expect(texts!.subject).toContain(`[${reference}]`);
    expect(texts!.body).toContain(`Your reference is ${reference}`);
    expect(texts!.body).toContain(PRIVACY_URL);
  });

  it('is put with the person who already has that e-mail address', async () => {
    const known = await t.database.db.selectFrom('contact_points').select(['person_id', 'value']).where('kind', '=', 'email').where('source', '!=', 'web_form').limit(1).executeTakeFirstOrThrow();
    const before = await tableContents(t);
    const res = await post(t, OFFICE, good({ email: known.value, phone: '' }), { remoteAddress: freshAddress() });
    expect(res.statusCode, res.body).toBe(200);
    const m = await newest();
    expect(m.person_id).toBe(known.person_id);
    const after = await tableContents(t);
    expect(after.persons).toEqual(before.persons);
    expect(after.cases!.rows).toBe(before.cases!.rows + 1);
  });

  it('sent twice (the same form) is kept once and answered with the same reference', async () => {
    const fields = good({ message: 'Sent twice by a double click' });
    const first = await post(t, OFFICE, fields, { remoteAddress: freshAddress() });
    const before = await tableContents(t);
    const second = await post(t, OFFICE, fields, { remoteAddress: freshAddress() });
    expect(second.statusCode).toBe(200);
    const reference = (body: string) => /(PB-\d{6})/.exec(body)?.[1];
    expect(reference(second.body)).toBe(reference(first.body));
    await expectUnchanged(t, before);
  });

  it('keeps the message but not an attachment of a type Postbag does not accept, and says so', async () => {
    const files: UploadFile[] = [
      { name: 'setup.exe', type: 'application/octet-stream', content: Buffer.from('MZ not a document') },
      { name: 'photo.png', type: 'image/png', content: Buffer.from('\x89PNG a picture') },
    ];
    const res = await post(t, OFFICE, good({ message: 'With a program attached' }), { remoteAddress: freshAddress(), files });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('One file you attached was not kept');
    expect(res.body).toContain('files of this type are not accepted');
    const m = await newest();
    expect(m).toMatchObject({ state: 'inbox', case_id: expect.any(String) });
    expect(m.attachment_count).toBe(1);
    expect(m.detail).toMatchObject({ withheldFiles: [{ reason: expect.stringContaining('not accepted') }] });
    const kept = await t.database.db.selectFrom('attachments').select('content_type').where('message_id', '=', m.id).execute();
    expect(kept).toEqual([{ content_type: 'image/png' }]);
  });
});

describe('a message from outside the constituency', () => {
  it('is kept in the inbox flagged, opens no case, sends nothing, and points the sender to their own MP', async () => {
    const before = await tableContents(t);
    const res = await post(t, OFFICE, good({ postcode: 'SW1A 1AA', email: 'elsewhere@example.net', phone: '' }), { remoteAddress: freshAddress() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Your postcode is outside Sam Taylor MP');
    expect(res.body).toContain('href="https://members.parliament.uk/constituencies"');
    expect(res.body).toContain('SW1A 1AA');
    const m = await newest();
    expect(m).toMatchObject({ state: 'inbox', out_of_constituency: true, case_id: null, person_id: null });
    const after = await tableContents(t);
    expect(after).toMatchObject({ cases: before.cases, persons: before.persons, jobs: before.jobs });
    expect(after.messages!.rows).toBe(before.messages!.rows + 1);
  });
});

describe('refused submissions change nothing', () => {
  const longText = 'x'.repeat(10_001);
  const invalid: [string, Record<string, string>, string, string][] = [
    ['no first name', { givenName: '  ' }, 'givenName', 'Enter your first name'],
    ['no address', { addressLine1: '' }, 'addressLine1', 'Enter the first line of your address'],
    ['a postcode that is not one', { postcode: 'ZZ1 NOPE' }, 'postcode', 'Enter a full UK postcode, like B63 3AA'],
    ['a wrong e-mail address', { email: 'jo.example.net' }, 'email', 'Enter an e-mail address in the correct format'],
    ['a wrong phone number', { phone: '12' }, 'phone', 'Enter a UK phone number'],
    ['no message', { message: '' }, 'message', 'Enter your message'],
    ['too long a message', { message: longText }, 'message', 'Your message must be 10000 characters or fewer'],
  ];

  it.each(invalid)('%s: the form again, the problem linked from the summary, what was typed kept', async (_what, change, field, text) => {
    const before = await tableContents(t);
    const fields = good({ familyName: 'Kept-Value', ...change });
    const res = await post(t, OFFICE, fields, { remoteAddress: freshAddress() });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Error: Contact Sam Taylor MP</title>');
    expect(res.body).toContain('There is a problem');
    expect(res.body).toMatch(new RegExp(`<a href="#f-${field}">${text}`));
    expect(res.body).toContain(`id="f-${field}-error"`);
    expect(res.body).toContain('value="Kept-Value"');
    await expectUnchanged(t, before);
  });

  it('more than five files: the form again', async () => {
    const before = await tableContents(t);
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `page${i}.pdf`, type: 'application/pdf', content: '%PDF-1.4' }));
    const res = await post(t, OFFICE, good(), { remoteAddress: freshAddress(), files });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Attach at most 5 files');
    await expectUnchanged(t, before);
  });

  it('a file over 15 MB: the form again, saying which limit', async () => {
    const before = await tableContents(t);
    const files = [{ name: 'scan.pdf', type: 'application/pdf', content: Buffer.alloc(15 * 1024 * 1024 + 1, 1) }];
    const res = await post(t, OFFICE, good(), { remoteAddress: freshAddress(), files });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Each file must be smaller than 15 MB: one file is larger');
    expect(res.body).toContain('value="Webformer"');
    await expectUnchanged(t, before);
  });

  it('a form left open for more than a day, or with a token not made here: the form again', async () => {
    const before = await tableContents(t);
    const stale = await post(t, OFFICE, good({ formToken: tokenServed(t, OFFICE, 25 * 60 * MINUTE) }), { remoteAddress: freshAddress() });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('This form was open for more than 24 hours');
    expect(stale.body).toContain('value="Webformer"');
    const forged = good();
    forged.formToken = forged.formToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const bad = await post(t, OFFICE, forged, { remoteAddress: freshAddress() });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('We could not check this form');
    await expectUnchanged(t, before);
  });

  it('a bot that fills the hidden field, or sends the form back within seconds, is thanked and nothing is kept', async () => {
    const before = await tableContents(t);
    for (const fields of [good({ website: 'https://spam.example' }), good({ formToken: tokenServed(t, OFFICE, 500) })]) {
      const res = await post(t, OFFICE, fields, { remoteAddress: freshAddress() });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Your message has been received');
      expect(res.body).not.toContain('PB-');
    }
    await expectUnchanged(t, before);
  });

  it('the eleventh submission in an hour from one address is refused with 429', async () => {
    const address = freshAddress();
    for (let i = 0; i < 10; i++) expect((await post(t, OFFICE, good({ message: '' }), { remoteAddress: address })).statusCode).toBe(400);
    const before = await tableContents(t);
    const res = await post(t, OFFICE, good(), { remoteAddress: address });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Too many attempts from your address');
    await expectUnchanged(t, before);
    // Someone else is not held up.
    expect((await post(t, OFFICE, good({ message: '' }), { remoteAddress: freshAddress() })).statusCode).toBe(400);
  });
});

it('a POST that is not a multipart form gets a page, not the JSON API error', async () => {
  const res = await t.app.inject({ method: 'POST', url: `/contact/${OFFICE}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'message=hi', remoteAddress: freshAddress() });
  expect(res.statusCode).toBe(415);
  expect(res.headers['content-type']).toContain('text/html');
  expect(res.body).toContain('Send the form from the contact page');
});
