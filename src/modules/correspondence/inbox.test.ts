import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client, newPerson } from '../casework/test-fixtures/support.js';
import { email, importMail } from './test-fixtures/mail.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

let t: TestApp;
let owen: SignedInClient;
let grace: SignedInClient;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  grace = await t.signIn('caseworker2@postbag.example');
  api = client(t, owen);
});
afterAll(() => t?.close());

async function receive(spec: Parameters<typeof email>[0]) {
  const res = await importMail(t.app, owen, email(spec));
  expect(res.json().stored, res.body).toBe(1);
  const row = await t.database.db.selectFrom('messages').select(['id', 'state', 'case_id']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return row;
}

async function openCase(summary = 'Housing repairs', extra: object = {}) {
  const person = await newPerson(t, owen, 'Rhian');
  return { person, case: await api.created('/cases', { constituentIds: [person.id], summary, ...extra }) };
}

const inboxEntry = async (as: ReturnType<typeof client>, id: string) => (await as.ok('GET', '/inbox?limit=100')).messages.find((m: { id: string }) => m.id === id);

describe('threading', () => {
  // Mail that came in is the team's work until someone deals with it (issue 11): linked to its
  // case and on the timeline at once, it still waits in the inbox rather than being filed unseen.
  it('links a message naming an open case in its subject, and a reply to it, to that case, on its timeline and still in the inbox; the words become searchable', async () => {
    const { case: c } = await openCase();
    const first = await receive({ subject: `Re: your enquiry [${c.reference}]`, text: 'The landlord came round about the boiler.', messageId: 'thread-1@mail.example' });
    expect(first).toMatchObject({ state: 'inbox', case_id: c.id });
    const reply = await receive({ subject: 'More', text: 'And the windows.', inReplyTo: 'thread-1@mail.example' });
    expect(reply).toMatchObject({ state: 'inbox', case_id: c.id });

    const timeline = (await api.ok('GET', `/cases/${c.id}/timeline`)).events;
    const messages = timeline.filter((e: { kind: string }) => e.kind === 'message');
    expect(messages.map((e: { text: string }) => e.text)).toEqual(['More\n\nAnd the windows.', `Re: your enquiry [${c.reference}]\n\nThe landlord came round about the boiler.`]);
    expect(messages[0].detail).toMatchObject({ direction: 'in', channel: 'email', messageId: reply.id });
    const found = await api.ok('POST', '/search', { q: 'boiler' });
    expect(found.results.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(await inboxEntry(api, reply.id)).toMatchObject({ case: { id: c.id, reference: c.reference }, preview: 'And the windows.', withheld: false });
  });

  it('files a message that came in on a case when it is dealt with there, without a second timeline entry; it is never moved to another case', async () => {
    const { case: c } = await openCase('Pavement repairs');
    const { case: other } = await openCase('Something else');
    const message = await receive({ subject: `Update [${c.reference}]`, text: 'The pavement is still broken.' });
    const before = await tableContents(t);
    for (const body of [{ action: 'file', caseId: other.id }, { action: 'new_case', summary: 'Pavement again' }]) {
      const refused = await api.send('POST', `/messages/${message.id}/triage`, body);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.message).toMatch(/came in on a case already/);
    }
    await expectUnchanged(t, before);

    expect(await api.ok('POST', `/messages/${message.id}/triage`, { action: 'file', caseId: c.id })).toMatchObject({ state: 'filed', case: { id: c.id } });
    const entries = (await api.ok('GET', `/cases/${c.id}/timeline`)).events.filter((e: { kind: string; detail: { messageId?: string } }) => e.kind === 'message' && e.detail.messageId === message.id);
    expect(entries).toHaveLength(1);
    expect(await inboxEntry(api, message.id)).toBeUndefined();
  });

  it('leaves an answer to a closed case in the inbox with the case suggested', async () => {
    const { case: c } = await openCase();
    await api.ok('POST', `/cases/${c.id}/status`, { status: 'open' });
    await api.ok('POST', `/cases/${c.id}/close`, { outcome: 'resolved', outcomeNote: 'Fixed.' });
    const late = await receive({ subject: `Thanks [${c.reference}]` });
    expect(late).toMatchObject({ state: 'inbox', case_id: null });
    expect((await api.ok('GET', `/messages/${late.id}`)).suggestedCaseId).toBe(c.id);
  });
});

describe('triage', () => {
  it('opens a new case from an inbox message for its sender, with the message on the timeline', async () => {
    const person = await newPerson(t, owen, 'Ffion');
    await api.created(`/people/${person.id}/contact-points`, { kind: 'email', value: 'ffion@mail.example', source: 'email' });
    const message = await receive({ from: 'Ffion <ffion@mail.example>', subject: 'Universal Credit stopped' });
    const filed = await api.ok('POST', `/messages/${message.id}/triage`, { action: 'new_case', summary: 'UC payments stopped' });
    expect(filed).toMatchObject({ state: 'filed', person: { id: person.id }, case: { reference: expect.stringMatching(/^PB-\d{6}$/) } });
    const timeline = (await api.ok('GET', `/cases/${filed.case.id}/timeline`)).events;
    expect(timeline.map((e: { kind: string }) => e.kind).sort()).toEqual(['message', 'opened']);
    expect((await api.ok('GET', '/inbox')).messages.map((m: { id: string }) => m.id)).not.toContain(message.id);

    const again = await api.send('POST', `/messages/${message.id}/triage`, { action: 'archive' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/no longer in the inbox/);
  });

  it('asks who the sender is when nobody matches, and changes nothing', async () => {
    const message = await receive({ from: 'stranger@mail.example' });
    const before = await tableContents(t);
    const res = await api.send('POST', `/messages/${message.id}/triage`, { action: 'new_case', summary: 'Something' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'body.constituentIds', message: expect.stringMatching(/must name the constituent/) }]);
    await expectUnchanged(t, before);
  });

  it('files on an existing case only if the user may see it, and archives', async () => {
    // Sensitive: every caseworker sees a case that is not.
    const { case: mine } = await openCase('Mine', { sensitive: true });
    const message = await receive({});
    const before = await tableContents(t);
    expect((await client(t, grace).send('POST', `/messages/${message.id}/triage`, { action: 'file', caseId: mine.id })).statusCode).toBe(404);
    await expectUnchanged(t, before);
    expect(await api.ok('POST', `/messages/${message.id}/triage`, { action: 'file', caseId: mine.id })).toMatchObject({ state: 'filed', case: { id: mine.id } });
    // Filed on Owen's case, the message is now as private as the case.
    expect((await client(t, grace).send('GET', `/messages/${message.id}`)).statusCode).toBe(404);

    const junk = await receive({ subject: 'Win a prize' });
    expect(await api.ok('POST', `/messages/${junk.id}/triage`, { action: 'archive' })).toMatchObject({ state: 'archived' });
  });

  it('assigns to a colleague who works cases, lists by assignee, and refuses a volunteer', async () => {
    const message = await receive({ subject: 'For Grace' });
    const graceId = (await client(t, grace).ok('GET', '/me')).user.id;
    await api.ok('POST', `/messages/${message.id}/assign`, { assigneeId: graceId });
    const hers = await client(t, grace).ok('GET', '/inbox?assignee=me');
    expect(hers.messages.map((m: { id: string }) => m.id)).toEqual([message.id]);
    expect(hers.messages[0].assignee).toEqual({ id: graceId, name: 'Grace Okafor' });
    const volunteer = (await t.database.db.selectFrom('users').select('id').where('role', '=', 'volunteer').executeTakeFirstOrThrow()).id;
    const refused = await api.send('POST', `/messages/${message.id}/assign`, { assigneeId: volunteer });
    expect(refused.statusCode).toBe(400);
    expect((await client(t, await t.signIn(demo.email('volunteer'))).send('GET', '/inbox')).statusCode).toBe(403);
  });

  it('pages the inbox newest first', async () => {
    for (const subject of ['p1', 'p2', 'p3']) await receive({ subject });
    const first = await api.ok('GET', '/inbox?limit=2');
    expect(first.messages.map((m: { subject: string }) => m.subject)).toEqual(['p3', 'p2']);
    const second = await api.ok('GET', `/inbox?limit=2&before=${first.next}`);
    expect(second.messages[0].subject).toBe('p1');
  });

  it('counts the whole inbox on every page, and on a page that lists nothing', async () => {
    for (const subject of ['c1', 'c2', 'c3']) await receive({ subject });
    const all = await api.ok('GET', '/inbox?limit=100');
    expect(all.total).toBe(all.messages.length);
    expect(all.total).toBeGreaterThan(2);
    const first = await api.ok('GET', '/inbox?limit=2');
    expect(first).toMatchObject({ total: all.total, totalIsLowerBound: false });
    expect((await api.ok('GET', `/inbox?limit=2&before=${first.next}`)).total).toBe(all.total);
    // Nobody's messages are assigned to a colleague who has none: an empty page, the inbox still counted.
    const none = await client(t, await t.signIn(demo.email('manager'))).ok('GET', '/inbox?assignee=me');
    expect(none).toMatchObject({ messages: [], total: all.total });
  });
});

describe('the inbox list', () => {
  it('shows when each message was sent and the first line of its text', async () => {
    const message = await receive({ subject: 'Potholes', date: 'Tue, 24 Nov 2026 07:45:00 +0000', text: '\n\n  Hello,   the potholes on   Mill Lane\nare getting deeper.\n' });
    const entry = await inboxEntry(api, message.id);
    expect(entry).toMatchObject({ subject: 'Potholes', preview: 'Hello, the potholes on Mill Lane', occurredAt: '2026-11-24T07:45:00.000Z', withheld: false });
    const long = await receive({ subject: 'Long', text: `${'word '.repeat(60)}\nsecond line` });
    const preview: string = (await inboxEntry(api, long.id)).preview;
    expect(preview).toHaveLength(140);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('withholds a message on a sensitive case from a colleague who may not see the case, and a restricted sender’s', async () => {
    const { case: mine } = await openCase('Private matter', { sensitive: true });
    const onMine = await receive({ subject: `About my debts [${mine.reference}]`, text: 'I owe the council £4,000.' });
    const hidden = { withheld: true, subject: '', preview: null, from: { address: null, name: null }, person: null, case: null };
    expect(await inboxEntry(client(t, grace), onMine.id)).toMatchObject(hidden);
    expect(await inboxEntry(api, onMine.id)).toMatchObject({ withheld: false, subject: `About my debts [${mine.reference}]`, preview: 'I owe the council £4,000.', case: { id: mine.id } });

    const person = await newPerson(t, owen, 'Tegwen');
    await api.created(`/people/${person.id}/contact-points`, { kind: 'email', value: 'tegwen@mail.example', source: 'email' });
    const fromThem = await receive({ from: 'Tegwen <tegwen@mail.example>', subject: 'My records', text: 'Please correct my address.' });
    expect(await inboxEntry(api, fromThem.id)).toMatchObject({ withheld: false, preview: 'Please correct my address.', person: { id: person.id } });
    const dpo = await t.signIn(demo.email('data_protection_lead'));
    const restricted = await t.app.inject({ method: 'PUT', url: `/api/v1/people/${person.id}/restriction`, headers: dpo.headers, payload: { reason: 'accuracy_contested' } });
    expect(restricted.statusCode, restricted.body).toBe(200);
    // Only the data protection lead reads a restricted person's record, and that role works no inbox.
    expect(await inboxEntry(api, fromThem.id)).toMatchObject(hidden);
    expect(await inboxEntry(client(t, await t.signIn(demo.email('manager'))), fromThem.id)).toMatchObject(hidden);
  });
});
