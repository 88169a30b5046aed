import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { officeWithCase } from './test-fixtures/support.js';
import { starterTemplates } from './starter-templates.js';

/** A template fills a draft the caseworker reads and edits before it goes; the starter library. */
let t: TestApp;
let s: Awaited<ReturnType<typeof officeWithCase>>;

beforeAll(async () => {
  t = await createTestApp();
  s = await officeWithCase(t);
});
afterAll(() => t?.close());

interface Template {
  id: string;
  name: string;
  body: string;
}
const templateCalled = async (name: string): Promise<Template> => (await s.api.ok('GET', '/templates')).templates.find((x: Template) => x.name === name);

describe('the starter library', () => {
  it('is added once from the templates page: adding it again keeps the office’s edits and adds nothing', async () => {
    expect(await s.managerApi.ok('POST', '/templates/starter-library', {})).toEqual({ added: starterTemplates.length });
    const names = (await s.api.ok('GET', '/templates')).templates.map((x: Template) => x.name);
    expect(names).toEqual(expect.arrayContaining(['Acknowledgement', 'Holding reply', 'Letter to an agency', 'Outcome letter', 'Out of constituency']));

    const holding = await templateCalled('Holding reply');
    await s.managerApi.ok('PATCH', `/templates/${holding.id}`, { body: '{{constituent.salutation}},\n\nStill on it.' });
    const before = await tableContents(t);
    expect(await s.managerApi.ok('POST', '/templates/starter-library', {})).toEqual({ added: 0 });
    await expectUnchanged(t, before);
    expect((await templateCalled('Holding reply')).body).toBe('{{constituent.salutation}},\n\nStill on it.');
  });

  it('is refused to a caseworker, changing nothing', async () => {
    const before = await tableContents(t);
    expect((await s.api.send('POST', '/templates/starter-library', {})).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});

describe('a template filled in for a case', () => {
  it('gives the draft with its merge fields resolved, and the words the caseworker edits are what is sent', async () => {
    const acknowledgement = await templateCalled('Acknowledgement');
    const draft = await s.api.ok('GET', `/cases/${s.theCase.id}/templates/${acknowledgement.id}`);
    expect(draft.channel).toBe('email');
    expect(draft.body).toMatch(/^Dear Idris Jones,\n\nThank you for getting in touch with Sam Taylor MP\./);
    expect(draft.body).toContain(`Your reference is ${s.theCase.reference}`);
    expect(draft.body).not.toContain('{{');

    // With a title on the record the letter opens as people expect: "Dear Mr Jones".
    await s.api.ok('PATCH', `/people/${s.person.id}`, { title: 'Mr' });
    const titled = await s.api.ok('GET', `/cases/${s.theCase.id}/templates/${acknowledgement.id}`);
    expect(titled.body).toMatch(/^Dear Mr Jones,\n/);
    await s.api.ok('PATCH', `/people/${s.person.id}`, { title: null });

    const edited = draft.body.replace('within ten working days', 'by Friday');
    const sent = await s.api.created(`/cases/${s.theCase.id}/emails`, { subject: draft.subject, body: edited });
    expect(sent.body).toContain('by Friday');
    const listed = (await s.api.ok('GET', `/cases/${s.theCase.id}/emails`)).emails.find((e: { id: string }) => e.id === sent.id);
    expect(listed.body).toBe(edited);
  });

  it('names the agency a letter to an agency is about, and asks for one when none is chosen', async () => {
    const letter = await templateCalled('Letter to an agency');
    const withAgency = await s.api.ok('GET', `/cases/${s.theCase.id}/templates/${letter.id}?agencyId=${s.agency.id}`);
    expect(withAgency.subject).toBe('Our constituent: Idris Jones');

    const agencyTemplate = await s.managerApi.created('/templates', { name: 'Chasing the agency', channel: 'letter', body: 'To {{agency.name}}' });
    const before = await tableContents(t);
    const missing = await s.api.send('GET', `/cases/${s.theCase.id}/templates/${agencyTemplate.id}`);
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.message).toContain('choose the agency it is about');
    const unknown = await s.api.send('GET', `/cases/${s.theCase.id}/templates/0190b5d2-0000-7000-8000-000000000000`);
    expect(unknown.statusCode).toBe(404);
    const badId = await s.api.send('GET', `/cases/${s.theCase.id}/templates/not-an-id`);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.problems).toEqual([{ path: 'params.templateId', message: 'must be a template id (a UUID)' }]);
    await expectUnchanged(t, before);
  });
});

it('the full demo office starts with the starter library', async () => {
  const full = await createTestApp({}, { demo: { people: 5, cases: 2, withTemplates: true } });
  try {
    const rows = await full.database.db.selectFrom('message_templates').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(starterTemplates.map((x) => x.name).sort());
  } finally {
    await full.close();
  }
});
