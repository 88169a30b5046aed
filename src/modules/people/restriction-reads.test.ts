import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client } from '../casework/test-fixtures/support.js';
import { email, importMail } from '../correspondence/test-fixtures/mail.js';
import { officeWithCase } from '../correspondence/outbound/test-fixtures/support.js';

/**
 * The read rule of the one check wherever a restricted person's data is shown (UK GDPR Art. 18):
 * only the data protection lead reads it; anyone else gets the name and the restriction, or the
 * same refusal as the case page.
 */
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let caseworker: ReturnType<typeof client>;
let dpo: ReturnType<typeof client>;
let dpoUser: SignedInClient;
let dpoId: string;
let letterUrl: string;
let messageId: string;
let attachmentPath: string;

beforeAll(async () => {
  t = await createTestApp();
  office = await officeWithCase(t);
  caseworker = office.api;
  dpoUser = await t.signIn(demo.email('data_protection_lead'));
  dpo = client(t, dpoUser);
  dpoId = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo.email('data_protection_lead')).executeTakeFirstOrThrow()).id;
  const caseId = office.theCase.id;
  await caseworker.created(`/cases/${caseId}/tasks`, { text: 'Chase the visa office' });
  await caseworker.created(`/cases/${caseId}/tasks`, { text: 'Review the file', assigneeId: dpoId });
  await caseworker.created(`/cases/${caseId}/emails`, { subject: 'Your visa', body: 'We have written to the Home Office.' });
  letterUrl = (await caseworker.created(`/cases/${caseId}/letters`, { recipient: 'constituent', body: 'Dear Idris,\n\nWe have written to the Home Office.' })).pdfUrl;
  const imported = await importMail(t.app, office.owen, email({ from: 'Idris Jones <idris.jones@example.org>', subject: 'Any news on my visa?', files: [{ filename: 'refusal.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }] }));
  expect(imported.json().stored, imported.body).toBe(1);
  messageId = (await t.database.db.selectFrom('messages').select('id').where('direction', '=', 'in').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
  const filed = await caseworker.ok('POST', `/messages/${messageId}/triage`, { action: 'file', caseId });
  expect(filed.attachments, 'the PDF is kept').toHaveLength(1);
  attachmentPath = `/messages/${messageId}/attachments/${filed.attachments[0].id}`;
});
afterAll(() => t?.close());

// Only the data protection lead sets and lifts a restriction (PUT and DELETE, which the casework client does not send).
const restriction = async (method: 'PUT' | 'DELETE') => {
  const res = await t.app.inject({ method, url: `/api/v1/people/${office.person.id}/restriction`, headers: dpoUser.headers, ...(method === 'PUT' ? { payload: { reason: 'accuracy_contested' } } : {}) });
  expect(res.statusCode, res.body).toBe(200);
};

const listed = async (as: typeof caseworker) => (await as.ok('GET', `/cases?personId=${office.person.id}`)).cases.find((c: { id: string }) => c.id === office.theCase.id);
const tasks = async (as: typeof caseworker) => (await as.ok('GET', '/tasks')).tasks.filter((task: { caseId: string }) => task.caseId === office.theCase.id);
const search = async (as: typeof caseworker, q: string) => (await as.ok('POST', '/search', { q })).results as { type: string; id: string; title: string; detail: string | null; withheld: boolean }[];
const refusedRead = async (as: typeof caseworker, url: string) => {
  const res = await as.send('GET', url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(409);
  expect(res.json().error).toMatchObject({ code: 'PROCESSING_REFUSED', message: expect.stringContaining('may not be read: their processing is restricted') });
};

describe('a restricted constituent, for anyone but the data protection lead', () => {
  it('is withheld in the case list and the task list, and their case in search: the reference, no text', async () => {
    await restriction('PUT');
    expect(await listed(caseworker)).toMatchObject({ reference: office.theCase.reference, withheld: true, summary: '', topics: [], lead: { id: office.person.id, name: 'Idris Jones' } });
    expect(await listed(dpo)).toMatchObject({ withheld: false, summary: 'Visa application delayed' });
    expect(await tasks(caseworker)).toEqual([expect.objectContaining({ reference: office.theCase.reference, text: '', withheld: true })]);
    expect(await tasks(dpo)).toEqual([expect.objectContaining({ text: 'Review the file', withheld: false })]);

    const caseHit = async (as: typeof caseworker) => (await search(as, office.theCase.reference)).find((r) => r.id === office.theCase.id);
    expect(await caseHit(caseworker)).toMatchObject({ type: 'case', title: office.theCase.reference, detail: null, withheld: true });
    expect(await caseHit(dpo)).toMatchObject({ detail: 'Visa application delayed', withheld: false });
  });

  it('is found in search by name only, shown with the restriction and no contact point', async () => {
    const personHit = async (as: typeof caseworker, q: string) => (await search(as, q)).find((r) => r.id === office.person.id);
    expect(await personHit(caseworker, 'idris jones')).toMatchObject({ type: 'person', title: 'Idris Jones', detail: null, withheld: true });
    for (const q of ['idris.jones@example.org', 'B63 3AA']) {
      expect(await personHit(caseworker, q), q).toBeUndefined();
      expect(await personHit(dpo, q), q).toMatchObject({ withheld: false, detail: expect.stringMatching(/idris\.jones@example\.org|B63 3AA/) });
    }
  });

  it('has their case timeline, e-mails, letters, messages and their files refused, as the case page is; the data protection lead reads them', async () => {
    const caseId = office.theCase.id;
    const letterPath = letterUrl.replace(/^\/api\/v1/, '');
    for (const url of [`/cases/${caseId}`, `/cases/${caseId}/timeline`, `/cases/${caseId}/emails`, letterPath, `/messages/${messageId}`, attachmentPath]) await refusedRead(caseworker, url);
    expect((await dpo.ok('GET', `/cases/${caseId}/timeline`)).events.some((e: { text: string | null }) => e.text === 'Chase the visa office')).toBe(true);
    expect((await dpo.ok('GET', `/cases/${caseId}/emails`)).emails).toEqual([expect.objectContaining({ body: 'We have written to the Home Office.' })]);
    expect((await dpo.send('GET', letterPath)).headers['content-type']).toContain('application/pdf');
    expect(await dpo.ok('GET', `/messages/${messageId}`)).toMatchObject({ subject: 'Any news on my visa?' });
    expect((await dpo.send('GET', attachmentPath)).statusCode).toBe(200);
  });

  it('is shown in full again once the restriction is lifted', async () => {
    const caseId = office.theCase.id;
    await restriction('DELETE');
    expect(await listed(caseworker)).toMatchObject({ withheld: false, summary: 'Visa application delayed' });
    expect(await tasks(caseworker)).toEqual([expect.objectContaining({ text: 'Chase the visa office', withheld: false })]);
    expect((await search(caseworker, 'idris.jones@example.org')).find((r) => r.id === office.person.id)).toMatchObject({ detail: 'idris.jones@example.org', withheld: false });
    expect((await caseworker.ok('GET', `/cases/${caseId}/timeline`)).events.length).toBeGreaterThan(0);
    expect((await caseworker.ok('GET', `/cases/${caseId}/emails`)).emails).toHaveLength(1);
    expect(await caseworker.ok('GET', `/messages/${messageId}`)).toMatchObject({ subject: 'Any news on my visa?' });
    expect((await caseworker.send('GET', attachmentPath)).statusCode).toBe(200);
  });
});
