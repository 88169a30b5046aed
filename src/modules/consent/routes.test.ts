import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { client } from '../casework/test-fixtures/support.js';

/** The consent pages' API: a person's consents and history with evidence, and the suppression list by counts only. */
let t: TestApp;
let owen: SignedInClient;
let manager: SignedInClient;
let api: ReturnType<typeof client>;
let communications: string;
let newsletter: string;
let person: { id: string };

// A real (tiny) PDF: what a scanner makes, as far as the first bytes go.
const signedForm = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function upload(user: SignedInClient, personId: string, file: { name: string; type: string; content: Buffer }) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/consent-evidence`,
    headers: { ...user.headers, 'content-type': encoded.headers.get('content-type')! },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  manager = await t.signIn(demo.email('manager'));
  api = client(t, owen);
  const choices = await api.ok('GET', '/consent/choices');
  communications = choices.purposes.find((p: { name: string }) => p.name === 'Communications').id;
  newsletter = choices.topics.find((p: { name: string }) => p.name === 'Monthly newsletter').id;
  person = await api.created('/people', {
    givenName: 'Gwen',
    familyName: 'Pritchard',
    source: 'letter',
    contactPoints: [{ kind: 'email', value: 'Gwen.Pritchard@Example.org', preferred: true, source: 'letter' }],
  });
});
afterAll(() => t?.close());

describe("a person's consent", () => {
  it('records a paper consent with its signed form, and shows it in the history and as current', async () => {
    // The form named the privacy notice's version 2: the office has published two.
    const dpo = client(t, await t.signIn(demo.email('data_protection_lead')));
    for (const note of ['First notice', 'Newsletter topics added']) await dpo.created('/processing/notice/versions', { note, significant: false });
    const uploaded = await upload(owen, person.id, { name: 'C:\\Scans\\gwen-signed-form.pdf', type: 'application/pdf', content: signedForm });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const evidence = uploaded.json();
    expect(evidence).toMatchObject({ filename: 'gwen-signed-form.pdf', contentType: 'application/pdf', sizeBytes: signedForm.length });

    const wording = 'I would like to receive the monthly newsletter from Sam Taylor MP by e-mail. I can unsubscribe at any time.';
    const entry = await api.created(`/people/${person.id}/consent-events`, {
      purposeId: communications,
      topicId: newsletter,
      kind: 'given',
      method: 'paper',
      wording,
      noticeVersion: 2,
      evidenceId: evidence.id,
      occurredAt: '2026-11-28T10:15:00Z',
    });
    expect(entry).toMatchObject({ purposeName: 'Communications', topicName: 'Monthly newsletter', kind: 'given', method: 'paper', wording, noticeVersion: 2, recordedVia: 'staff', recordedBy: { name: expect.any(String) }, evidence: { id: evidence.id, filename: 'gwen-signed-form.pdf' } });

    const page = await api.ok('GET', `/people/${person.id}/consent`);
    expect(page.current).toEqual([expect.objectContaining({ purposeName: 'Communications', topicName: 'Monthly newsletter', state: 'given', since: '2026-11-28T10:15:00.000Z' })]);
    expect(page.history).toHaveLength(1);

    const opened = await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/consent-evidence/${evidence.id}`, headers: { cookie: owen.cookie } });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.rawPayload.equals(signedForm)).toBe(true);
    // Stored sealed: the bytes are nowhere in the database.
    const stored = await t.database.db.selectFrom('consent_evidence').select('content_sealed').where('id', '=', evidence.id).executeTakeFirstOrThrow();
    expect(stored.content_sealed).toMatch(/^k1\./);
    expect(stored.content_sealed).not.toContain('PDF');
  });

  it('refuses a forged kind, an unknown or retired purpose, an unknown person, a file that is no scan, a notice version never published, and changes nothing', async () => {
    const retired = await client(t, manager).created('/processing/purposes', {
      name: 'Old mailing list',
      description: 'A mailing list the office no longer keeps.',
      lawfulBasis: 'consent',
      specialCategories: [],
      specialCategoryCondition: null,
      scheduleOneParagraph: null,
      dataCategories: ['Name and e-mail address'],
      dataSubjects: ['Subscribers'],
      sources: ['The person'],
      recipients: [],
      retentionMonths: null,
      retentionNote: 'Until they unsubscribe.',
      consentRequired: true,
      modules: ['correspondence'],
    });
    await client(t, manager).ok('POST', `/processing/purposes/${retired.id}/retire`);
    const body = { purposeId: communications, kind: 'given', method: 'phone', wording: 'Said yes on the phone to the newsletter.' };
    const before = await tableContents(t);

    const forged = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, kind: 'presumed' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.message).toMatch(/Kind must be one of: given, withdrawn, objected/);
    const unknownPurpose = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, purposeId: '0190a1b2-0000-7000-8000-000000000000' });
    expect([unknownPurpose.statusCode, unknownPurpose.json().error.message]).toEqual([404, expect.stringMatching(/No purpose with that id/)]);
    const retiredPurpose = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, purposeId: retired.id });
    expect([retiredPurpose.statusCode, retiredPurpose.json().error.message]).toEqual([409, expect.stringMatching(/"Old mailing list" is retired/)]);
    const unknownPerson = await api.send('POST', '/people/0190a1b2-0000-7000-8000-000000000000/consent-events', body);
    expect([unknownPerson.statusCode, unknownPerson.json().error.message]).toEqual([404, expect.stringMatching(/No person with that id/)]);
    const noWording = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, wording: '   ' });
    expect(noWording.statusCode).toBe(400);
    const notAScan = await upload(owen, person.id, { name: 'form.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00 this is a program, not a PDF') });
    expect([notAScan.statusCode, notAScan.json().error.message]).toEqual([415, expect.stringMatching(/must be a PDF, PNG or JPEG/)]);
    const otherPersonsEvidence = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, evidenceId: '0190a1b2-0000-7000-8000-000000000000' });
    expect(otherPersonsEvidence.statusCode).toBe(404);
    const neverPublished = await api.send('POST', `/people/${person.id}/consent-events`, { ...body, noticeVersion: 9 });
    expect([neverPublished.statusCode, neverPublished.json().error.message]).toEqual([400, expect.stringMatching(/Notice version must be a version of the privacy notice this office has published, and 9 is not/)]);
    await expectUnchanged(t, before);
  });

  it('lets a volunteer neither read nor record consent', async () => {
    const volunteer = client(t, await t.signIn(demo.email('volunteer')));
    expect((await volunteer.send('GET', `/people/${person.id}/consent`)).statusCode).toBe(403);
    expect((await volunteer.send('GET', '/suppressions')).statusCode).toBe(403);
  });
});

describe('the suppression list', () => {
  it('counts by reason, adds an address once (saying when it was there already), never lists addresses, and refuses what is no address', async () => {
    const managerApi = client(t, manager);
    const start = await managerApi.ok('GET', '/suppressions');
    const added = await managerApi.ok('POST', '/suppressions', { address: '  Complainer@Example.ORG ' });
    expect(added).toMatchObject({ added: true, channel: 'email', message: expect.stringMatching(/is now on the suppression list/) });
    expect(added.counts.total).toBe(start.total + 1);
    expect(added.counts.byReason.find((r: { reason: string }) => r.reason === 'added_by_staff')).toEqual({ reason: 'added_by_staff', email: 1, phone: 0 });
    expect(JSON.stringify(added)).not.toMatch(/complainer/i);

    const before = await tableContents(t);
    const again = await managerApi.ok('POST', '/suppressions', { address: 'complainer@example.org' });
    expect(again).toMatchObject({ added: false, message: expect.stringMatching(/already on the suppression list, so nothing was changed/) });
    const bad = await managerApi.send('POST', '/suppressions', { address: 'complainer at example dot org' });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, expect.stringMatching(/Address must be an e-mail address or a phone number/)]);
    const badPhone = await managerApi.send('POST', '/suppressions', { address: '12', channel: 'phone' });
    expect(badPhone.statusCode).toBe(400);
    await expectUnchanged(t, before);

    const phone = await managerApi.ok('POST', '/suppressions', { address: '0121 496 0000', channel: 'phone' });
    expect(phone).toMatchObject({ added: true, channel: 'phone' });
  });
});
