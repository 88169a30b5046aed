import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMessageTexts } from '../sealing.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { client } from '../../casework/test-fixtures/support.js';
import { MAX_ATTACHMENT_BYTES } from '../attachment-policy.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** Notes of phone calls and letters: POST /messages/notes (multipart/form-data). */
let t: TestApp;
let owen: SignedInClient;
let api: ReturnType<typeof client>;
let personId: string;
let caseId: string;
let gracesCaseId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  api = client(t, owen);
  const person = await api.created('/people', {
    givenName: 'Megan',
    familyName: 'Pritchard',
    source: 'phone',
    contactPoints: [{ kind: 'phone', value: '07911 123456', source: 'phone' }],
  });
  personId = person.id;
  caseId = (await api.created('/cases', { constituentIds: [personId], summary: 'Blue badge renewal refused' })).id;
  // Sensitive: every caseworker sees a colleague's case that is not.
  const grace = client(t, await t.signIn('caseworker2@postbag.example'));
  gracesCaseId = (await grace.created('/cases', { constituentIds: [personId], summary: 'Pension credit backdating', sensitive: true })).id;
});
afterAll(() => t?.close());

type Scan = { name: string; type: string; content: Buffer };

function note(fields: Record<string, string>, scans: Scan[] = [], user = owen) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const scan of scans) form.append('scans', new Blob([new Uint8Array(scan.content)], { type: scan.type }), scan.name);
  return t.app.inject({ method: 'POST', url: '/api/v1/messages/notes', headers: user.headers, payload: form });
}

const call = (extra: Record<string, string> = {}) => ({
  channel: 'phone',
  direction: 'in',
  occurredAt: minutesAgo(30),
  counterpartPhone: '+44 7911 123456',
  summary: `Rang about the blue badge decision (${Math.random()})`,
  durationMinutes: '12',
  ...extra,
});
const letter = (extra: Record<string, string> = {}) => ({
  channel: 'letter',
  direction: 'in',
  occurredAt: minutesAgo(24 * 60),
  counterpartName: 'Megan Pritchard',
  summary: `Letter enclosing the council's refusal (${Math.random()})`,
  ...extra,
});

describe('notes of calls and letters that came in', () => {
  it('puts a call without a case in the inbox, linked to the person whose number it was, sealed and audited', async () => {
    const summary = 'Rang about the blue badge decision; very worried about getting to hospital appointments';
    const res = await note(call({ summary }));
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    expect(reply).toMatchObject({ duplicate: false, state: 'inbox', case: null, personId, attachmentCount: 0, withheldFiles: [] });

    const inbox = await api.ok('GET', '/inbox');
    expect(inbox.messages.find((m: { id: string }) => m.id === reply.messageId)).toMatchObject({
      channel: 'phone',
      direction: 'in',
      from: { address: '+447911123456' },
      person: { id: personId },
    });
    const row = await t.database.db.selectFrom('messages').select(['body_sealed', 'detail', 'created_by']).where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(row.body_sealed).toMatch(/^k1\./);
    expect(row.body_sealed).not.toContain('hospital');
    expect(row.detail).toEqual({ durationMinutes: 12 });
    expect((await api.ok('GET', `/messages/${reply.messageId}`)).text).toBe(summary);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', '=', 'message.received').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.record_ids).toEqual([reply.messageId]);
  });

  it('files a letter on its case with the scans kept, sealed, and readable from the message', async () => {
    const res = await note(letter({ caseId }), [
      { name: 'page1.pdf', type: 'application/pdf', content: PDF },
      { name: 'page2.png', type: 'image/png', content: PNG },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    // Filed at once, unlike mail that comes in on a case: staff entered it on the case themselves, so it is no work for the inbox.
    expect(reply).toMatchObject({ state: 'filed', case: { id: caseId, reference: expect.stringMatching(/^PB-\d{6}$/) }, attachmentCount: 2, withheldFiles: [] });

    const timeline = (await api.ok('GET', `/cases/${caseId}/timeline`)).events;
    expect(timeline.find((e: { kind: string; detail: { messageId?: string } }) => e.kind === 'message' && e.detail.messageId === reply.messageId)).toMatchObject({
      detail: { direction: 'in', channel: 'letter' },
      text: expect.stringContaining('Letter enclosing'),
    });
    const message = await api.ok('GET', `/messages/${reply.messageId}`);
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual(['page1.pdf', 'page2.png']);
    const stored = await t.database.db.selectFrom('attachments').select('content_sealed').where('message_id', '=', reply.messageId).execute();
    expect(stored.every((a) => !a.content_sealed.includes('PDF'))).toBe(true);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${reply.messageId}/attachments/${message.attachments[0].id}`, headers: { cookie: owen.cookie } });
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('keeps a letter whose scan is of a type not accepted, withholding the file with the reason', async () => {
    const res = await note(letter(), [
      { name: 'scan.pdf', type: 'application/pdf', content: PDF },
      { name: 'viewer.exe', type: 'application/octet-stream', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00]) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'inbox', attachmentCount: 1, withheldFiles: [{ reason: expect.stringMatching(/not accepted/), sizeBytes: 4 }] });
    expect((await api.ok('GET', `/messages/${res.json().messageId}`)).withheldFiles).toHaveLength(1);
  });

  it('stores the same note sent twice (a double click) once', async () => {
    const fields = letter();
    const scans = [{ name: 'page1.pdf', type: 'application/pdf', content: PDF }];
    const first = await note(fields, scans);
    expect(first.statusCode, first.body).toBe(201);
    const before = await tableContents(t);
    const again = await note(fields, scans);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, messageId: first.json().messageId });
    await expectUnchanged(t, before);
  });
});

describe('notes of calls made and letters sent by the office', () => {
  it('stores a call made as sent and puts it on the case timeline as outgoing', async () => {
    const res = await note(call({ direction: 'out', caseId, summary: 'Called back: the council will review the decision' }));
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    expect(reply).toMatchObject({ state: 'sent', case: { id: caseId }, personId });
    const row = await t.database.db.selectFrom('messages').select(['id', 'office_id', 'direction', 'sent_at', 'occurred_at', 'counterpart_address_sealed']).where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ direction: 'out' });
    expect((await openMessageTexts(t.keystore, row.office_id, [row]))[0]).toMatchObject({ counterpartAddress: '+447911123456' });
    expect(row.sent_at).toEqual(row.occurred_at);
    // Before the timeline is read: reading a case flagged special category ("blue badge") is audited too.
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'message.recorded', record_ids: [reply.messageId, caseId] });
    const events = (await api.ok('GET', `/cases/${caseId}/timeline`)).events;
    expect(events.find((e: { detail: { messageId?: string } }) => e.detail.messageId === reply.messageId)).toMatchObject({
      kind: 'message',
      by: 'Owen Hughes',
      detail: { direction: 'out', channel: 'phone' },
      text: 'Called back: the council will review the decision',
    });
  });

  it('stores a letter posted by hand without a case as sent, on no timeline, with its scan', async () => {
    const events = (await api.ok('GET', `/cases/${caseId}/timeline`)).events.length;
    const res = await note(letter({ direction: 'out', personId }), [{ name: 'copy.pdf', type: 'application/pdf', content: PDF }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'sent', case: null, personId, attachmentCount: 1 });
    expect((await api.ok('GET', `/cases/${caseId}/timeline`)).events).toHaveLength(events);
  });
});

describe('bad notes change nothing', () => {
  const refused = async (send: () => ReturnType<typeof note>, status: number, message: RegExp) => {
    const before = await tableContents(t);
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.message).toMatch(message);
    await expectUnchanged(t, before);
    return res.json().error;
  };

  it('refuses a date in the future, an unknown person and missing or misspelt fields, naming each', async () => {
    const future = await refused(() => note(call({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() })), 400, /must not be in the future/);
    expect(future.problems).toEqual([{ path: 'body.occurredAt', message: 'must not be in the future' }]);
    await refused(() => note(call({ personId: '0190f5b2-0000-7000-8000-000000000000' })), 400, /Person is not a person of this office/);
    await refused(() => note(call({ summary: '' })), 400, /Summary must not be empty/);
    await refused(() => note(call({ channel: 'fax' })), 400, /Channel must be 'phone'/);
    await refused(() => note(call({ subjcet: 'x' })), 400, /unknown field/);
    await refused(() => note(letter({ counterpartPhone: '07911 123456' })), 400, /Counterpart phone is for phone calls only/);
    await refused(() => note(call({ counterpartPhone: '12' })), 400, /must be a phone number/);
    await refused(() => note(call({ durationMinutes: 'ten' })), 400, /Duration minutes must be a whole number/);
  });

  it('answers 404 for a case the user cannot see, as for one that does not exist', async () => {
    await refused(() => note(letter({ caseId: gracesCaseId })), 404, /No case with that id exists/);
    await refused(() => note(call({ direction: 'out', caseId: gracesCaseId })), 404, /No case with that id exists/);
  });

  it('refuses a scan over the size limit, more than five scans, and scans on a call', async () => {
    const big = { name: 'huge.pdf', type: 'application/pdf', content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20) };
    await refused(() => note(letter(), [big]), 413, /Scan 1 is larger than 15 MB/);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.pdf`, type: 'application/pdf', content: PDF }));
    await refused(() => note(letter(), six), 400, /Scans must be at most 5 files/);
    await refused(() => note(call(), [six[0]!]), 400, /Scans are for letters only/);
  });

  it('refuses a body that is not a form, and a volunteer', async () => {
    await refused(() => t.app.inject({ method: 'POST', url: '/api/v1/messages/notes', headers: owen.headers, payload: call() }), 415, /multipart\/form-data/);
    const volunteer = await t.signIn(demo.email('volunteer'));
    await refused(() => note(call(), [], volunteer), 403, /cases:write/);
  });
});
