import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { purposeBody, type PurposeView } from './schemas.js';
import { standardPurposes } from './standard-purposes.js';
import { readRecordCsv } from './test-fixtures/record-csv.js';

/** The record of processing through the API, as the DPO, the manager and a caseworker meet it. */
let t: TestApp;
let dpo: SignedInClient;
let manager: SignedInClient;
let owen: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  [dpo, manager, owen] = await Promise.all([t.signIn(demo.email('data_protection_lead')), t.signIn(demo.email('manager')), t.signIn(demo.email('caseworker'))]);
});
afterAll(() => t?.close());

const send = (user: SignedInClient, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: method === 'GET' ? { cookie: user.cookie } : user.headers, ...(payload ? { payload } : {}) });
const purposes = async (user: SignedInClient = owen): Promise<PurposeView[]> => (await send(user, 'GET', '/processing/purposes')).json().purposes;
const named = async (name: string) => (await purposes()).find((p) => p.name === name)!;
/** A purpose as the edit form sends it back: every field, none of the server's. */
const body = (p: PurposeView) => {
  const { id: _id, retiredAt: _r, createdAt: _c, updatedAt: _u, ...fields } = p;
  return fields;
};
const lastAudit = () => t.database.db.selectFrom('audit_log').select(['action', 'record_type', 'record_ids']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

describe('the record as seeded', () => {
  it('covers everything the two privacy notices describe, each purpose meeting the rules an edit must meet', async () => {
    const record = await purposes();
    expect(record.map((p) => p.name)).toEqual([
      'Casework',
      'Communications',
      'Campaigning',
      'Parliamentary business',
      'Research and analysis',
      'Recruitment',
      'Complaints and legal matters',
      'Safeguarding',
      'Donations',
      'Events and photography',
      'Stakeholder networks',
      'CCTV',
      'Website security',
    ]);
    for (const p of standardPurposes) expect(purposeBody.safeParse(p).error?.issues, p.name).toBeUndefined();
    expect(record.find((p) => p.name === 'Casework')).toMatchObject({ lawfulBasis: 'public_task', specialCategoryCondition: 'substantial_public_interest', scheduleOneParagraph: 23, consentRequired: false });
    expect(record.find((p) => p.name === 'Communications')).toMatchObject({ lawfulBasis: 'consent', consentRequired: true, retentionMonths: null });
    expect(record.find((p) => p.name === 'Safeguarding')).toMatchObject({ scheduleOneParagraph: 18 });
    expect(record.every((p) => p.retiredAt === null)).toBe(true);
  });

  it('is added once: asking for the standard purposes again adds none', async () => {
    const added = await send(manager, 'POST', '/processing/standard-purposes');
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ added: 0 });
  });
});

describe('editing the record', () => {
  it('lets the DPO change a purpose, audited in the same breath', async () => {
    const cctv = await named('CCTV');
    const res = await send(dpo, 'PUT', `/processing/purposes/${cctv.id}`, { ...body(cctv), retentionMonths: 2, retentionNote: 'Recordings are overwritten after two months unless needed for an incident.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await named('CCTV')).toMatchObject({ retentionMonths: 2, retentionNote: 'Recordings are overwritten after two months unless needed for an incident.' });
    expect(await lastAudit()).toEqual({ action: 'purpose.updated', record_type: 'processing_purpose', record_ids: [cctv.id] });
  });

  it('lets the manager add a purpose, and refuses a second purpose of the same name', async () => {
    const purpose = {
      name: 'Surgeries',
      description: 'Advice surgeries held in the constituency.',
      lawfulBasis: 'public_task',
      dataCategories: ['Name and contact details', 'What they came to talk about'],
      dataSubjects: ['Constituents who come to a surgery'],
      sources: ['The person, at the surgery'],
      recipients: [],
      retentionMonths: 12,
      retentionNote: 'The booking list is deleted after a year; casework raised is kept as casework.',
      consentRequired: false,
      modules: ['people', 'casework'],
    };
    const created = await send(manager, 'POST', '/processing/purposes', purpose);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...purpose, specialCategories: [], specialCategoryCondition: null, scheduleOneParagraph: null, retiredAt: null });
    expect(await lastAudit()).toMatchObject({ action: 'purpose.created', record_ids: [created.json().id] });

    const before = await tableContents(t);
    const again = await send(manager, 'POST', '/processing/purposes', { ...purpose, name: 'surgeries' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already has a purpose called "surgeries"/);
    await expectUnchanged(t, before);
  });

  it('retires a purpose: kept, shown after the current ones, no longer editable', async () => {
    const donations = await named('Donations');
    const retired = await send(dpo, 'POST', `/processing/purposes/${donations.id}/retire`);
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect(await lastAudit()).toMatchObject({ action: 'purpose.retired', record_ids: [donations.id] });
    const record = await purposes();
    expect(record.at(-1)).toMatchObject({ name: 'Donations', retiredAt: expect.any(String) });
    expect(record.slice(0, -1).every((p) => p.retiredAt === null)).toBe(true);

    const before = await tableContents(t);
    const edit = await send(dpo, 'PUT', `/processing/purposes/${donations.id}`, body(donations));
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toMatch(/"Donations" is retired/);
    await expectUnchanged(t, before);
  });
});

describe('bringing a retired purpose back', () => {
  it('reinstates it as it was, audited, editable again; a caseworker cannot', async () => {
    const donations = await named('Donations');
    expect(donations.retiredAt).not.toBeNull();
    const before = await tableContents(t);
    expect((await send(owen, 'POST', `/processing/purposes/${donations.id}/reinstate`)).statusCode).toBe(403);
    await expectUnchanged(t, before);
    const back = await send(dpo, 'POST', `/processing/purposes/${donations.id}/reinstate`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ name: 'Donations', retiredAt: null, description: donations.description });
    expect(await lastAudit()).toEqual({ action: 'purpose.reinstated', record_type: 'processing_purpose', record_ids: [donations.id] });
    expect((await send(dpo, 'PUT', `/processing/purposes/${donations.id}`, body(donations))).statusCode).toBe(200);
    // Retired again for the tests after this one, which expect it so.
    await send(dpo, 'POST', `/processing/purposes/${donations.id}/retire`);
  });

  it('keeps a purpose whose lawful basis is not decided yet, and exports it so', async () => {
    const cctv = await named('CCTV');
    const res = await send(dpo, 'PUT', `/processing/purposes/${cctv.id}`, { ...body(cctv), lawfulBasis: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lawfulBasis).toBeNull();
    const exported = (await send(owen, 'GET', '/processing/export?format=json')).json();
    expect(exported.purposes.find((p: { name: string }) => p.name === 'CCTV')).toMatchObject({ lawfulBasis: 'Not decided yet', codes: { lawfulBasis: null } });
    await send(dpo, 'PUT', `/processing/purposes/${cctv.id}`, body(cctv));
  });
});

describe('the controller’s details', () => {
  const details = async () => (await send(owen, 'GET', '/office/controller')).json();
  it('are read by every role and changed by the record’s keepers, audited', async () => {
    const was = await details();
    expect(was).toMatchObject({ memberName: 'Sam Taylor MP', email: 'office@example.org', icoRegistration: 'ZA000123', securityMeasures: expect.stringMatching(/two-step verification/) });
    const { memberName: _m, ...fields } = was;
    const res = await send(dpo, 'PUT', '/office/controller', { ...fields, email: ' Casework@Example.ORG ', icoRegistration: 'za000124', securityMeasures: `${was.securityMeasures}\n- the office is locked when no one is in.` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: 'casework@example.org', icoRegistration: 'ZA000124', securityMeasures: expect.stringMatching(/locked when no one is in/) });
    expect(await lastAudit()).toEqual({ action: 'office.controller_changed', record_type: 'office', record_ids: [expect.any(String)] });
    await send(dpo, 'PUT', '/office/controller', fields);
  });

  it('refuse bad input field by field, changing nothing, and a caseworker', async () => {
    const { memberName: _m, ...fields } = await details();
    const before = await tableContents(t);
    const bad = await send(dpo, 'PUT', '/office/controller', { ...fields, email: 'not an address', icoRegistration: 'ZA-12', securityMeasures: '   ', memberName: 'Someone else' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['body', 'body.email', 'body.icoRegistration', 'body.securityMeasures']);
    expect(bad.json().error.message).toMatch(/Ico registration must be the registration number the ICO gave|ICO registration must be/i);
    expect((await send(owen, 'PUT', '/office/controller', fields)).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});

describe('bad input', () => {
  it('is refused with the rule it breaks, field by field, and changes nothing', async () => {
    const casework = await named('Casework');
    const before = await tableContents(t);
    const refused = async (changes: object) => {
      const res = await send(dpo, 'PUT', `/processing/purposes/${casework.id}`, { ...body(casework), ...changes });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error as { message: string; problems: { path: string; message: string }[] };
    };

    // Special category data with no Article 9 condition.
    let error = await refused({ specialCategoryCondition: null, scheduleOneParagraph: null });
    expect(error.problems).toEqual([{ path: 'body.specialCategoryCondition', message: expect.stringMatching(/must be given: a purpose involving special category data needs an Article 9\(2\) condition/) }]);
    expect(error.message).toMatch(/^Special category condition must be given/);

    // Substantial public interest without its Schedule 1 paragraph, and with one for another condition.
    error = await refused({ scheduleOneParagraph: null });
    expect(error.problems).toEqual([{ path: 'body.scheduleOneParagraph', message: expect.stringMatching(/Article 9\(2\)\(g\) needs a condition in DPA 2018 Schedule 1, e\.g\. paragraph 23/) }]);
    error = await refused({ scheduleOneParagraph: 1 });
    expect(error.problems[0]!.message).toMatch(/must be a condition for Article 9\(2\)\(g\): paragraph 1 \(Employment, social security and social protection\) is one for Article 9\(2\)\(b\)/);
    error = await refused({ scheduleOneParagraph: 5 });
    expect(error.problems[0]!.message).toMatch(/paragraphs 1 to 4 and 6 to 28/);

    // Consent needed, on a basis other than consent; and consent as the basis without it.
    error = await refused({ consentRequired: true });
    expect(error.problems).toEqual([{ path: 'body.consentRequired', message: expect.stringMatching(/can be yes only when the lawful basis is consent/) }]);
    error = await refused({ lawfulBasis: 'consent' });
    expect(error.problems).toEqual([{ path: 'body.consentRequired', message: 'must be yes: the purpose rests on consent (Article 6(1)(a))' }]);

    // A condition with no special category data.
    error = await refused({ specialCategories: [] });
    expect(error.problems[0]).toEqual({ path: 'body.specialCategoryCondition', message: expect.stringMatching(/must be left empty when the purpose involves no special category data/) });

    // Fields each wrong on their own.
    error = await refused({ name: '  ', lawfulBasis: 'because', dataCategories: [], retentionMonths: 0, modules: ['telepathy'], colour: 'red' });
    expect(error.problems.map((p) => p.path).sort()).toEqual(['body', 'body.dataCategories', 'body.lawfulBasis', 'body.modules.0', 'body.name', 'body.retentionMonths']);
    expect(error.message).toMatch(/Retention months must be at least 1 month/);

    await expectUnchanged(t, before);
  });

  it('answers 404 for a purpose that does not exist', async () => {
    const casework = await named('Casework');
    const res = await send(dpo, 'PUT', '/processing/purposes/0190a2f0-0000-7000-8000-000000000000', body(casework));
    expect(res.statusCode).toBe(404);
  });
});

describe('who may change the record', () => {
  it('is the DPO and the manager: a caseworker reads it but cannot add, edit or retire a purpose', async () => {
    const casework = await named('Casework');
    const before = await tableContents(t);
    for (const [method, url, payload] of [
      ['PUT', `/processing/purposes/${casework.id}`, { ...body(casework), description: 'Changed by a caseworker' }],
      ['POST', '/processing/purposes', { ...body(casework), name: 'Another' }],
      ['POST', `/processing/purposes/${casework.id}/retire`, undefined],
      ['POST', '/processing/standard-purposes', undefined],
    ] as const) {
      const res = await send(owen, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.message).toMatch(/processing:manage/);
    }
    await expectUnchanged(t, before);
    expect((await send(owen, 'GET', `/processing/purposes/${casework.id}`)).json().name).toBe('Casework');
  });
});

describe('the export for the ICO', () => {
  it('as CSV: one row a purpose with every field, lists on their own lines, read back by a CSV parser', async () => {
    const record = await purposes();
    const res = await send(owen, 'GET', '/processing/export?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="record-of-processing-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { controller, purposes: rows } = readRecordCsv(res.rawPayload);
    expect(controller).toMatchObject({ Controller: 'Sam Taylor MP (Example Constituency)', 'E-mail': 'office@example.org', 'ICO registration number': 'ZA000123' });
    expect(controller['Technical and organisational security measures']).toMatch(/row level security/);
    expect(rows.map((r) => r['Purpose'])).toEqual(record.map((p) => p.name));
    const casework = rows.find((r) => r['Purpose'] === 'Casework')!;
    const seeded = record.find((p) => p.name === 'Casework')!;
    expect(casework).toMatchObject({
      Status: 'Current',
      Description: seeded.description,
      'Lawful basis (Article 6)': 'Public task (Article 6(1)(e))',
      'Article 9 condition': 'Substantial public interest (Article 9(2)(g))',
      'DPA 2018 Schedule 1 condition': 'DPA 2018 Schedule 1 paragraph 23 (Elected representatives responding to requests)',
      'Retention period (months)': '',
      Retention: seeded.retentionNote,
      'Consent needed': 'No',
      'Retired on': '',
    });
    expect(casework['Categories of personal data']!.split('\n')).toEqual(seeded.dataCategories);
    expect(casework['Recipients']!.split('\n')).toEqual(seeded.recipients);
    expect(casework['Special category data']!.split('\n')).toContain('Health');
    expect(rows.find((r) => r['Purpose'] === 'CCTV')).toMatchObject({ 'Retention period (months)': '2', 'Article 9 condition': '' });
    expect(rows.find((r) => r['Purpose'] === 'Donations')).toMatchObject({ Status: 'Retired', 'Retired on': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('as JSON: the controller and each purpose, in words and in codes', async () => {
    const record = await purposes();
    const res = await send(owen, 'GET', '/processing/export?format=json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="record-of-processing-\d{4}-\d{2}-\d{2}\.json"/);
    const exported = res.json();
    expect(exported.controller).toEqual({
      office: 'Example Constituency',
      member: 'Sam Taylor MP',
      address: 'Sam Taylor MP\n12 Market Street\nExampleton\nEX1 2MP',
      email: 'office@example.org',
      dataProtectionLead: 'Dana Patel, data protection lead: dataprotection@example.org, 01632 960000',
      icoRegistration: 'ZA000123',
    });
    expect(exported.securityMeasures).toMatch(/^Personal data is held in Postbag/);
    expect(exported.purposes).toHaveLength(record.length);
    expect(exported.purposes[0]).toMatchObject({
      name: 'Casework',
      lawfulBasis: 'Public task (Article 6(1)(e))',
      dataSubjects: record[0]!.dataSubjects,
      codes: { lawfulBasis: 'public_task', specialCategoryCondition: 'substantial_public_interest', scheduleOneParagraph: 23 },
    });
  });

  it('refuses a format it does not make', async () => {
    const res = await send(owen, 'GET', '/processing/export?format=xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'querystring.format', message: 'must be "csv" or "json"' }]);
  });
});

describe('an office without the record', () => {
  it('gets the standard purposes from the page, once', async () => {
    // An office from before the record: nor had it subscription topics, which name its purposes.
    await t.database.db.deleteFrom('subscription_topics').execute();
    await t.database.db.deleteFrom('processing_purposes').execute();
    const added = await send(dpo, 'POST', '/processing/standard-purposes');
    expect(added.json()).toEqual({ added: standardPurposes.length });
    expect(await lastAudit()).toMatchObject({ action: 'purpose.standard_added' });
    expect((await purposes()).length).toBe(standardPurposes.length);
  });
});
