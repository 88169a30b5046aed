import { sql } from 'kysely';
import { parse as parseHtml } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { DEMO_OFFICE_ID } from '../../../seed/demo.js';
import { withOffice } from '../../../db/scope.js';
import type { PurposeView } from '../schemas.js';
import { currentNoticeVersion, noticeChangeAnnouncement, noticeVersionExists } from '../service.js';
import { standardPurposes } from '../standard-purposes.js';
import { noticeProblems } from './problems.js';

/** The privacy notice: generated from the demo office's record, published as versions, compared, and read by the public. */
let t: TestApp;
let dpo: SignedInClient;
let owen: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  [dpo, owen] = await Promise.all([t.signIn(demo.email('data_protection_lead')), t.signIn(demo.email('caseworker'))]);
});
afterAll(() => t?.close());

const api = (user: SignedInClient, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: method === 'GET' ? { cookie: user.cookie } : user.headers, ...(payload ? { payload } : {}) });
const publicPage = (url: string) => t.app.inject({ method: 'GET', url });
const purposes = async (): Promise<PurposeView[]> => (await api(dpo, 'GET', '/processing/purposes')).json().purposes;
const publish = (note: string, significant = false, user = dpo) => api(user, 'POST', '/processing/notice/versions', { note, significant });
const controller = async () => (await api(dpo, 'GET', '/office/controller')).json();
/** The text a reader sees, whitespace collapsed. */
const words = (html: string) => parseHtml(html).querySelector('main')!.structuredText.replace(/\s+/g, ' ');

describe('before anything is published', () => {
  it('says in words that no notice is published yet, with a 404', async () => {
    const res = await publicPage(`/privacy/${DEMO_OFFICE_ID}`);
    expect(res.statusCode).toBe(404);
    expect(words(res.body)).toMatch(/No privacy notice published yet.*Sam Taylor MP’s office has not published its privacy notice here yet/);
    expect((await publicPage('/privacy')).headers.location).toBe(`/privacy/${DEMO_OFFICE_ID}`);
    expect((await publicPage('/privacy/0ff1ce00-0000-4000-8000-000000000099')).statusCode).toBe(404);
    expect((await publicPage('/privacy/not-an-office')).statusCode).toBe(404);
    await withOffice(t.database.db, DEMO_OFFICE_ID, async (tx) => {
      expect(await currentNoticeVersion(tx, DEMO_OFFICE_ID)).toBeNull();
      expect(await noticeVersionExists(tx, DEMO_OFFICE_ID, 1)).toBe(false);
    });
  });
});

describe('the preview', () => {
  it('covers every section and every current purpose of the seeded record, with its basis and condition in words', async () => {
    const res = await api(owen, 'GET', '/processing/notice/preview');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const doc = parseHtml(res.body);
    const h2 = doc.querySelectorAll('article > section > h2').map((h) => h.text);
    expect(h2).toEqual([
      'In short',
      'Who we are and how to contact us',
      'What we collect and why',
      'Where your information comes from',
      'Who we share it with',
      'How long we keep it',
      'What we never do',
      'How we keep it safe',
      'Your rights',
      'How to complain',
      'Changes to this notice',
    ]);
    // Every purpose has its own heading, and a row in the retention table.
    const names = standardPurposes.map((p) => p.name);
    expect(doc.querySelectorAll('#what-we-collect ~ section h3, section[aria-labelledby=what-we-collect] h3').map((h) => h.text)).toEqual(names);
    expect(doc.querySelectorAll('table tbody th').map((th) => th.text)).toEqual(names);
    const text = words(res.body);
    expect(text).toMatch(/Preview: not published/);
    expect(text).toMatch(/Sam Taylor MP is the data controller/);
    expect(text).toMatch(/12 Market Street, Exampleton, EX1 2MP/);
    expect(text).toMatch(/Our data protection lead Dana Patel/);
    expect(text).toMatch(/Registered with the Information Commissioner as ZA000123/);
    expect(text).toMatch(/Our lawful basis: our work in the public interest as your elected representative \(public task, UK GDPR Article 6\(1\)\(e\)\)/);
    expect(text).toMatch(/reasons of substantial public interest \(Article 9\(2\)\(g\)\), with the condition in the Data Protection Act 2018, Schedule 1, paragraph 23 \(elected representatives responding to requests\)/);
    expect(text).toMatch(/your explicit consent \(Article 9\(2\)\(a\)\)/);
    // What the two MPs' notices promise.
    for (const promise of [
      /We never sell your information/,
      /do not use it for profiling/,
      /do not use your personal information to train artificial intelligence/,
      /Department for Work and Pensions|DWP/,
      /Parliamentary Digital Service/,
      /until the person unsubscribes/,
      /minimised to a brief record of the contact and the outcome/,
      /CCTV/,
      /To see your information \(access\)/,
      /To have it corrected \(rectification\)/,
      /To have it deleted \(erasure\)/,
      /To limit how we use it \(restriction\)/,
      /To object/,
      /To withdraw your consent/,
      /To take your information with you \(portability\)/,
      /Not to be subject to automated decisions/,
      /within one month/,
      /Information Commissioner’s Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF/,
      /Helpline 0303 123 1113/,
      /encrypts special category data/,
      /row level security/,
    ]) {
      expect(text).toMatch(promise);
    }
  });
});

describe('publishing', () => {
  it('is refused, naming each problem and changing nothing, when a purpose lacks its lawful basis or Schedule 1 paragraph and the controller’s details are missing', async () => {
    const record = await purposes();
    const cctv = record.find((p) => p.name === 'CCTV')!;
    const { id: _i, retiredAt: _r, createdAt: _c, updatedAt: _u, ...fields } = cctv;
    const undecided = await api(dpo, 'PUT', `/processing/purposes/${cctv.id}`, { ...fields, lawfulBasis: null });
    expect(undecided.statusCode, undecided.body).toBe(200);
    // A record written outside the API (an old import): the database allows this, the notice does not.
    await sql`UPDATE processing_purposes SET schedule1_paragraph = NULL WHERE name = 'Safeguarding'`.execute(t.database.db);
    const details = await controller();
    const cleared = await api(dpo, 'PUT', '/office/controller', { ...details, memberName: undefined, address: null, email: null });
    expect(cleared.statusCode, cleared.body).toBe(200);

    const before = await tableContents(t);
    const refused = await publish('First version');
    expect(refused.statusCode).toBe(409);
    const error = refused.json().error;
    expect(error.message).toMatch(/^The privacy notice cannot be published yet\./);
    expect(error.message).toMatch(/The purpose “CCTV” has no lawful basis \(Article 6\)/);
    expect(error.message).toMatch(/The purpose “Safeguarding” relies on Substantial public interest \(Article 9\(2\)\(g\)\) but names no condition of DPA 2018 Schedule 1/);
    expect(error.message).toMatch(/The controller’s address is missing/);
    expect(error.message).toMatch(/The controller’s e-mail address is missing/);
    expect(error.message).toMatch(/Nothing was published\.$/);
    expect(error.problems.map((p: { path: string }) => p.path)).toEqual([
      `record.purposes.${record.find((p) => p.name === 'Safeguarding')!.id}.scheduleOneParagraph`,
      `record.purposes.${cctv.id}.lawfulBasis`,
      'controller.address',
      'controller.email',
    ]);
    await expectUnchanged(t, before);
    // The staff page lists the same problems before anyone tries.
    expect((await api(owen, 'GET', '/processing/notice')).json().problems).toEqual(error.problems);

    // Put right, it publishes.
    await api(dpo, 'PUT', `/processing/purposes/${cctv.id}`, fields);
    await sql`UPDATE processing_purposes SET schedule1_paragraph = 18 WHERE name = 'Safeguarding'`.execute(t.database.db);
    await api(dpo, 'PUT', '/office/controller', { ...details, memberName: undefined });
    expect((await api(owen, 'GET', '/processing/notice')).json().problems).toEqual([]);
  });

  it('is for the record’s keepers: a caseworker is refused', async () => {
    const before = await tableContents(t);
    const res = await publish('By a caseworker', false, owen);
    expect(res.statusCode).toBe(403);
    await expectUnchanged(t, before);
  });

  it('makes version 1, audited, shown to the public with its number and date, no cookie and nothing from another site', async () => {
    const res = await publish('First published notice, from the record of processing.');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: 1, note: 'First published notice, from the record of processing.', significant: false, publishedBy: expect.any(String) });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'privacy_notice.published', record_ids: [DEMO_OFFICE_ID, 'version:1'] });

    const page = await publicPage(`/privacy/${DEMO_OFFICE_ID}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(words(page.body)).toMatch(/Version 1, published \d{1,2} \w+ \d{4}\. This is the current notice\./);
    const doc = parseHtml(page.body);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    const references = doc.querySelectorAll('[src], [href], [action], [srcset]').flatMap((el) => ['src', 'href', 'action', 'srcset'].map((a) => el.getAttribute(a)).filter((v): v is string => v !== undefined));
    expect(references.length).toBeGreaterThan(10);
    for (const ref of references) expect(new URL(ref, 'http://postbag.test/').origin, ref).toBe('http://postbag.test');
    expect(doc.querySelectorAll('link, iframe, img, object, embed')).toHaveLength(0);

    await withOffice(t.database.db, DEMO_OFFICE_ID, async (tx) => {
      expect(await currentNoticeVersion(tx, DEMO_OFFICE_ID)).toBe(1);
      expect(await noticeVersionExists(tx, DEMO_OFFICE_ID, 1)).toBe(true);
      expect(await noticeVersionExists(tx, DEMO_OFFICE_ID, 2)).toBe(false);
    });
  });

  it('keeps each version as published: after the record changes, version 1 reads as before and version 2 says the new', async () => {
    const first = (await publicPage(`/privacy/${DEMO_OFFICE_ID}/versions/1`)).body;
    const record = await purposes();
    const cctv = record.find((p) => p.name === 'CCTV')!;
    const { id: _i, retiredAt: _r, createdAt: _c, updatedAt: _u, ...fields } = cctv;
    await api(dpo, 'PUT', `/processing/purposes/${cctv.id}`, { ...fields, retentionMonths: 1, retentionNote: 'Recordings are overwritten after 31 days unless needed for an incident.' });
    await api(dpo, 'POST', `/processing/purposes/${record.find((p) => p.name === 'Donations')!.id}/retire`);

    const second = await publish('CCTV kept for 31 days; donations no longer taken.', true);
    expect(second.json()).toMatchObject({ number: 2, significant: true });

    const oldPage = await publicPage(`/privacy/${DEMO_OFFICE_ID}/versions/1`);
    // The article is byte for byte what was published; only the status line around it changes.
    const article = (html: string) => parseHtml(html).querySelector('article')!.outerHTML;
    expect(article(oldPage.body)).toBe(article(first));
    expect(words(oldPage.body)).toMatch(/This version is no longer current/);
    expect(words(oldPage.body)).toMatch(/Donations/);
    const current = await publicPage(`/privacy/${DEMO_OFFICE_ID}`);
    expect(words(current.body)).toMatch(/Version 2, published .* This is the current notice/);
    expect(words(current.body)).toMatch(/Recordings are overwritten after 31 days/);
    expect(parseHtml(current.body).querySelectorAll('article h3').map((h) => h.text)).not.toContain('Donations');
    // The page links the earlier version.
    expect(parseHtml(current.body).querySelectorAll('section[aria-labelledby=versions-title] a').map((a) => a.getAttribute('href'))).toEqual([`/privacy/${DEMO_OFFICE_ID}/versions/1`]);

    // A version kept for ever: the database refuses to change it, even for the tables' owner.
    await expect(sql`UPDATE privacy_notice_versions SET note = 'edited' WHERE number = 1`.execute(t.database.db)).rejects.toThrow(/kept as it was/);
    await expect(sql`DELETE FROM privacy_notice_versions WHERE number = 1`.execute(t.database.db)).rejects.toThrow(/kept as it was/);

    // What subscribers are to be told of the significant one; nothing for the other.
    await withOffice(t.database.db, DEMO_OFFICE_ID, async (tx) => {
      expect(await noticeChangeAnnouncement(tx, DEMO_OFFICE_ID, 1, 'https://postbag.example.org')).toBeUndefined();
      const told = await noticeChangeAnnouncement(tx, DEMO_OFFICE_ID, 2, 'https://postbag.example.org');
      expect(told?.subject).toBe('Sam Taylor MP has changed their privacy notice');
      expect(told?.text).toMatch(/What has changed: CCTV kept for 31 days; donations no longer taken\./);
      expect(told?.text).toContain(`https://postbag.example.org/privacy/${DEMO_OFFICE_ID}/versions/2`);
    });

    const listed = (await api(owen, 'GET', '/processing/notice')).json().versions;
    expect(listed.map((v: { number: number; significant: boolean }) => [v.number, v.significant])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await publicPage(`/privacy/${DEMO_OFFICE_ID}/versions/3`)).statusCode).toBe(404);
    expect(words((await publicPage(`/privacy/${DEMO_OFFICE_ID}/versions/3`)).body)).toMatch(/There is no version 3 .* The current one is version 2/);
    expect((await publicPage(`/privacy/${DEMO_OFFICE_ID}/versions/two`)).statusCode).toBe(404);
  });

  it('compares any two versions: what was removed and what was added, from their published texts', async () => {
    const res = await api(owen, 'GET', '/processing/notice/diff?from=1&to=2');
    expect(res.statusCode, res.body).toBe(200);
    const diff = res.json();
    expect(diff.from.number).toBe(1);
    expect(diff.to.number).toBe(2);
    const lines = (change: string) => diff.parts.filter((p: { change: string }) => p.change === change).flatMap((p: { lines: string[] }) => p.lines);
    expect(lines('added')).toContain('How long we keep it: One month. Recordings are overwritten after 31 days unless needed for an incident.');
    expect(lines('removed')).toContain('### Donations');
    expect(lines('removed')).toContain('How long we keep it: One month. Recordings are overwritten after a month unless needed for an incident. The privacy notices give no fixed period: the office sets one and reviews it.');
    // A source only donations named goes with them.
    expect(lines('removed')).toContain('- The full electoral register, which the MP is legally entitled to access');
    expect(lines('unchanged')).toContain('## Your rights');

    const same = (await api(owen, 'GET', '/processing/notice/diff?from=2&to=2')).json();
    expect(same.parts.every((p: { change: string }) => p.change === 'unchanged')).toBe(true);
    const missing = await api(owen, 'GET', '/processing/notice/diff?from=1&to=9');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('There is no version 9 of the privacy notice.');
    const bad = await api(owen, 'GET', '/processing/notice/diff?from=one&to=2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems).toEqual([{ path: 'querystring.from', message: 'must be a version number, e.g. 2' }]);
  });
});

describe('the checks on what is published', () => {
  const source = (purpose: Partial<PurposeView>) => ({
    office: { name: 'Office', memberName: 'Member', address: 'Street', email: 'a@example.org', dataProtectionContact: 'Lead', icoRegistration: null, securityMeasures: 'Locked.' },
    purposes: [{ ...(standardPurposes[0] as unknown as PurposeView), id: 'p1', ...purpose }],
    ico: { address: 'ICO', helpline: '1', website: 'ico' },
  });
  it('names special category data without its Article 9 condition, which the record itself refuses on entry', () => {
    expect(noticeProblems(source({ specialCategoryCondition: null, scheduleOneParagraph: null }))).toEqual([
      { path: 'record.purposes.p1.specialCategoryCondition', message: 'The purpose “Casework” involves special category data but has no Article 9 condition' },
    ]);
    expect(noticeProblems(source({}))).toEqual([]);
    expect(noticeProblems({ ...source({}), purposes: [] })).toEqual([{ path: 'record.purposes', message: 'The record of processing has no current purposes: a notice would say nothing' }]);
  });
});
