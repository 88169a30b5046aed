import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** Consent on the person page (a paper consent with its signed form, then seen in the history) and the suppression list page. */
const env = useStaffApp();
let personId: string;
const scan = join(tmpdir(), `signed-form-${process.pid}.pdf`);

beforeAll(async () => {
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Rhiannon',
    familyName: 'Evans',
    source: 'letter',
    contactPoints: [{ kind: 'email', value: 'rhiannon.evans@example.org', source: 'letter', preferred: true }],
  });
  personId = person.id;
  // The signed form names the privacy notice's version 2: the office has published two.
  const dpo = await apiAs(env.app, emailOf.dpo);
  for (const note of ['First notice', 'Newsletter topics added']) await dpo.post('/processing/notice/versions', { note, significant: false });
  await writeFile(scan, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
});

describe('consent on the person page', () => {
  it('a caseworker records a paper consent with the signed form, and sees it as current and in the history with its evidence', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await page.goto(`${env.baseUrl}/people/${personId}`);
      await page.getByRole('heading', { level: 1, name: 'Rhiannon Evans' }).waitFor();
      await loaded(page);
      const section = page.getByRole('region', { name: 'Consent' });
      await section.getByText('No consent recorded').waitFor();

      await section.getByText('Record a consent, withdrawal or objection').click();
      const form = page.getByRole('form', { name: 'Record consent' });
      // Nothing chosen: the server names each field, beside it.
      await form.getByRole('button', { name: 'Record' }).click();
      await form.getByText(/Kind must be one of/).first().waitFor();
      expect(await seriousAccessibilityProblems(page), 'the consent form with its problems').toEqual([]);

      await form.getByLabel('Purpose').selectOption({ label: 'Communications' });
      await form.getByLabel('Topic').selectOption({ label: 'Monthly newsletter' });
      await form.getByLabel('Gave consent').check();
      await form.getByLabel('How it reached us').selectOption({ label: 'On paper (a signed form)' });
      await form.getByLabel('The exact wording they saw or agreed to').fill('Tick here to get Sam Taylor’s monthly newsletter by e-mail. You can unsubscribe at any time.');
      // A version the office never published is refused, beside its field.
      await form.getByLabel('Privacy notice version').fill('3');
      await form.getByRole('button', { name: 'Record' }).click();
      await form.getByText(/must be a version of the privacy notice this office has published, and 3 is not/).first().waitFor();
      await form.getByLabel('Privacy notice version').fill('2');
      await form.getByLabel('Evidence (optional)').setInputFiles(scan);
      await form.getByRole('button', { name: 'Record' }).click();
      await page.getByRole('status').getByText('Recorded in the consent history.').waitFor();

      const current = section.getByRole('table', { name: 'Current consents of Rhiannon Evans' });
      await current.getByRole('cell', { name: 'Monthly newsletter' }).waitFor();
      expect(await current.getByRole('cell', { name: 'Consented' }).count()).toBe(1);
      const history = section.getByRole('table', { name: 'Consent history of Rhiannon Evans' });
      const row = history.locator('tbody tr').first();
      expect(await row.textContent()).toContain('Consent given: Communications, Monthly newsletter');
      expect(await row.textContent()).toContain('On paper (a signed form)');
      expect(await row.textContent()).toContain('You can unsubscribe at any time.');
      const evidence = row.getByRole('link', { name: /signed-form-\d+\.pdf/ });
      const href = await evidence.getAttribute('href');
      const file = await page.request.get(`${env.baseUrl}${href}`);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toBe('application/pdf');
      expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(await seriousAccessibilityProblems(page), 'the consent section with an entry').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the suppression list page', () => {
  it('the manager sees counts by reason, adds an address once, is told when it is there already, and never sees an address', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Suppression list' }).click();
      await page.getByRole('heading', { level: 1, name: 'Suppression list' }).waitFor();
      await loaded(page);
      const table = page.getByRole('table', { name: 'Addresses on the suppression list, by reason' });
      await table.waitFor();
      expect(await seriousAccessibilityProblems(page), 'the suppression list').toEqual([]);

      const form = page.getByRole('form', { name: 'Add an address to the suppression list' });
      await form.getByLabel('E-mail address or phone number').fill('not an address');
      await form.getByRole('button', { name: 'Add to the list' }).click();
      await form.getByText(/must be an e-mail address or a phone number/).first().waitFor();

      await form.getByLabel('E-mail address or phone number').fill('  No.More.Mail@Example.org ');
      await form.getByRole('button', { name: 'Add to the list' }).click();
      await page.getByRole('status').getByText('The e-mail address is now on the suppression list').waitFor();
      const byStaff = table.getByRole('row', { name: /Added by the office/ });
      expect((await byStaff.getByRole('cell').allTextContents()).slice(1)).toEqual(['1', '0']);

      await form.getByLabel('E-mail address or phone number').fill('no.more.mail@example.org');
      await form.getByRole('button', { name: 'Add to the list' }).click();
      await page.getByRole('status').getByText('That e-mail address is already on the suppression list, so nothing was changed.').waitFor();
      expect((await byStaff.getByRole('cell').allTextContents()).slice(1)).toEqual(['1', '0']);
      expect(await page.getByText(/no\.more\.mail/i).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
