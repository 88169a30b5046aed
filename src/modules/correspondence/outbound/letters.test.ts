import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { multipart, officeWithCase, pdfLines, png } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** Letters as PDF on the office's letterhead, stored sealed on the case. */
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;

beforeAll(async () => {
  t = await createTestApp();
  office = await officeWithCase(t);
  const form = multipart('crest.png', 'image/png', png(8));
  const logo = await t.app.inject({ method: 'PUT', url: '/api/v1/office/correspondence/logo', headers: { ...office.manager.headers, ...form.headers }, payload: form.payload });
  expect(logo.statusCode, logo.body).toBe(200);
});
afterAll(() => t?.close());

const fetchPdf = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: office.owen.cookie } });

describe('a letter', () => {
  it('to the constituent, from a template: a PDF with logo, letterhead, address, reference, text and signature block, on the timeline', async () => {
    const template = await office.managerApi.created('/templates', {
      name: 'Visa update letter',
      channel: 'letter',
      subject: 'Your visa application',
      body: 'Dear {{constituent.name}},\n\nI have taken up your case with {{agency.name}} and will write again when they reply.',
    });
    const letter = await office.api.created(`/cases/${office.theCase.id}/letters`, { templateId: template.id, recipient: 'constituent', agencyId: office.agency.id });
    expect(letter).toMatchObject({ recipientName: 'Idris Jones', subject: 'Your visa application', pdfUrl: `/api/v1/cases/${office.theCase.id}/letters/${letter.id}.pdf` });

    const res = await fetchPdf(letter.pdfUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(letter.sizeBytes);
    const lines = pdfLines(pdf);
    expect(lines.slice(0, 2)).toEqual(['House of Commons', 'London SW1A 0AA']);
    expect(lines).toEqual(expect.arrayContaining(['Idris Jones', '12 Mill Lane', 'Halesowen', 'B63 3AA', `Our reference: ${office.theCase.reference}`, 'Your reference: HO-4471']));
    expect(lines).toEqual(expect.arrayContaining(['Dear Idris Jones,', 'Yours sincerely,', 'Sam Taylor MP', 'Member of Parliament for Example']));
    expect(lines.join(' ')).toContain('I have taken up your case with Home Office (UK Visas and Immigration)');
    expect(lines.some((l) => /^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(l))).toBe(true);
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);

    // Stored on the case, sealed; written means sent; on the timeline once.
    const row = await t.database.db.selectFrom('messages').selectAll().where('id', '=', letter.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ direction: 'out', channel: 'letter', state: 'sent', attachment_count: 1, person_id: office.person.id });
    const attachment = await t.database.db.selectFrom('attachments').selectAll().where('message_id', '=', letter.id).executeTakeFirstOrThrow();
    expect(attachment).toMatchObject({ content_type: 'application/pdf', size_bytes: pdf.length });
    expect(attachment.content_sealed).not.toContain('PDF');
    const timeline = (await office.api.ok('GET', `/cases/${office.theCase.id}/timeline`)).events.filter((e: { kind: string }) => e.kind === 'message');
    expect(timeline).toEqual([expect.objectContaining({ detail: expect.objectContaining({ channel: 'letter', direction: 'out', messageId: letter.id }) })]);
  });

  it('to an agency on the case, written for this case, to its address in the directory', async () => {
    await office.api.ok('PATCH', `/organisations/${office.agency.id}`, { contactAddress: 'Lunar House\n40 Wellesley Road\nCroydon CR9 2BY', source: 'public_source' });
    const letter = await office.api.created(`/cases/${office.theCase.id}/letters`, {
      recipient: { agencyId: office.agency.id },
      body: 'Dear Sir or Madam,\n\nMy constituent {{constituent.name}} has waited since March.',
    });
    expect(letter).toMatchObject({ recipientName: 'Home Office (UK Visas and Immigration)', subject: 'Letter to Home Office (UK Visas and Immigration)' });
    const lines = pdfLines((await fetchPdf(letter.pdfUrl)).rawPayload);
    expect(lines).toEqual(expect.arrayContaining(['Home Office (UK Visas and Immigration)', 'Lunar House', '40 Wellesley Road', 'Croydon CR9 2BY', 'Your reference: HO-4471']));
    expect(lines.join(' ')).toContain('My constituent Idris Jones has waited since March.');
  });

  it('signs off once, with the writer’s own closing and name where they typed them', async () => {
    const count = (lines: string[], text: string) => lines.filter((l) => l === text).length;
    const own = pdfLines(
      (await fetchPdf((await office.api.created(`/cases/${office.theCase.id}/letters`, { recipient: 'constituent', body: 'Dear Idris,\n\nYour visa has been granted.\n\nKind regards,\nPriya Shah\nCaseworker to Sam Taylor MP\n' })).pdfUrl)).rawPayload,
    );
    expect(count(own, 'Kind regards,')).toBe(1);
    expect(count(own, 'Yours sincerely,')).toBe(0);
    expect(own.slice(-2)).toEqual(['Priya Shah', 'Caseworker to Sam Taylor MP']);
    expect(own).not.toContain('Sam Taylor MP');

    const typed = pdfLines((await fetchPdf((await office.api.created(`/cases/${office.theCase.id}/letters`, { recipient: 'constituent', body: 'Dear Idris,\n\nThank you.\n\nYours sincerely' })).pdfUrl)).rawPayload);
    expect(count(typed, 'Yours sincerely')).toBe(1);
    expect(count(typed, 'Yours sincerely,')).toBe(0);
    expect(typed.slice(-2)).toEqual(['Sam Taylor MP', 'Member of Parliament for Example']);

    // "Regards" in the middle of the text is not a closing.
    const middle = pdfLines((await fetchPdf((await office.api.created(`/cases/${office.theCase.id}/letters`, { recipient: 'constituent', body: 'Regards\n\nto your question: the council has replied.\nIt will repair the roof.\nThe work starts in May.\nI will write again.' })).pdfUrl)).rawPayload);
    expect(count(middle, 'Yours sincerely,')).toBe(1);
  });

  it('is refused, making nothing, when a merge field has no value, the constituent has no address or only a postcode, or the agency is not on the case', async () => {
    const noAddress = await office.api.created('/people', { givenName: 'Nia', familyName: 'Evans', source: 'phone' });
    const other = await office.openCase(noAddress.id);
    const postcodeOnly = await office.api.created('/people', {
      givenName: 'Owain',
      familyName: 'Price',
      source: 'phone',
      contactPoints: [{ kind: 'postal_address', postcode: 'B63 3AA', preferred: true, source: 'phone' }],
    });
    const unstreeted = await office.openCase(postcodeOnly.id);
    const before = await tableContents(t);
    const url = `/cases/${office.theCase.id}/letters`;

    const missing = await office.api.send('POST', url, { recipient: 'constituent', body: 'I wrote to {{agency.name}}.' });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.problems).toEqual([{ path: 'mergeFields.agency.name', message: 'has no value' }]);
    const unaddressed = await office.api.send('POST', `/cases/${other.id}/letters`, { recipient: 'constituent', body: 'Hello' });
    expect(unaddressed.statusCode).toBe(409);
    expect(unaddressed.json().error.message).toContain('no postal address');
    const onlyPostcode = await office.api.send('POST', `/cases/${unstreeted.id}/letters`, { recipient: 'constituent', body: 'Hello' });
    expect(onlyPostcode.statusCode).toBe(409);
    expect(onlyPostcode.json().error.message).toContain('has only a postcode: add the house, street and town');
    const stranger = await office.api.send('POST', url, { recipient: { agencyId: noAddress.id }, body: 'Hello' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.message).toContain('not an agency on this case');
    expect((await office.api.send('POST', url, { recipient: 'the council', body: 'Hello' })).statusCode).toBe(400);
    await expectUnchanged(t, before);
  });

  it('is served only on its own case, to users who can see it', async () => {
    const letter = await office.api.created(`/cases/${office.theCase.id}/letters`, { recipient: 'constituent', body: 'Hello' });
    const other = await office.openCase();
    expect((await fetchPdf(`/api/v1/cases/${other.id}/letters/${letter.id}.pdf`)).statusCode).toBe(404);
    const grace = await t.signIn('caseworker2@postbag.example');
    const graceReads = async () => (await t.app.inject({ method: 'GET', url: letter.pdfUrl, headers: { cookie: grace.cookie } })).statusCode;
    // By default every caseworker sees a case not marked sensitive; an office may keep cases to those named on them.
    expect(await graceReads()).toBe(200);
    await office.managerApi.ok('PATCH', '/office', { caseworkersSeeAllCases: false });
    expect(await graceReads()).toBe(404);
    await office.managerApi.ok('PATCH', '/office', { caseworkersSeeAllCases: true });
  });
});
