import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readRecordCsv } from '../../src/modules/processing/test-fixtures/record-csv.js';
import { loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

async function openRecord(page: Page, role: 'data_protection_lead' | 'caseworker'): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, role), env.app.demo.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Record of processing' }).click();
  await page.getByRole('heading', { level: 1, name: 'Record of processing' }).waitFor();
  await loaded(page);
}

describe('the record of processing', () => {
  it('the DPO edits a purpose, is told what a rule needs, retires a purpose, and downloads the record as CSV', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openRecord(page, 'data_protection_lead');
      const current = page.getByRole('table', { name: 'Current purposes' });
      await current.getByRole('button', { name: 'View Website security' }).waitFor();
      expect(await current.locator('tbody tr').count(), 'the purposes of the two privacy notices').toBe(13);
      expect(await seriousAccessibilityProblems(page), 'the record as seeded').toEqual([]);

      // A purpose in full.
      await page.getByRole('button', { name: 'View Casework' }).click();
      const casework = page.getByRole('region', { name: 'Casework' });
      await casework.getByText('Substantial public interest (Article 9(2)(g)), DPA 2018 Schedule 1 paragraph 23: Elected representatives responding to requests').waitFor();
      await casework.getByRole('button', { name: 'Close' }).click();

      // A rule between fields, said beside the field it concerns; nothing saved.
      await page.getByRole('button', { name: 'Edit Casework' }).click();
      let form = page.getByRole('form', { name: 'Edit “Casework”' });
      await form.getByLabel('Special category condition').selectOption({ label: 'None' });
      await form.getByRole('button', { name: 'Save the purpose' }).click();
      await form.getByText('Error: Special category condition must be given: a purpose involving special category data needs an Article 9(2) condition.').waitFor();
      expect(await seriousAccessibilityProblems(page), 'the purpose form with a problem').toEqual([]);
      await form.getByRole('button', { name: 'Cancel' }).click();

      // An edit.
      await page.getByRole('button', { name: 'Edit CCTV' }).click();
      form = page.getByRole('form', { name: 'Edit “CCTV”' });
      await form.getByLabel('Retention period in months (optional)').fill('2');
      await form.getByLabel('How long it is kept').fill('Recordings are overwritten after two months unless needed for an incident.');
      await form.getByRole('button', { name: 'Save the purpose' }).click();
      await page.getByRole('status').filter({ hasText: 'Purpose “CCTV” saved.' }).waitFor();
      await current.getByRole('row', { name: /CCTV/ }).getByRole('cell', { name: '2 months' }).waitFor();

      // Retiring: kept, shown apart.
      await page.getByRole('button', { name: 'Retire Donations' }).click();
      await page.getByRole('group', { name: 'Retire Donations' }).getByRole('button', { name: 'Retire the purpose' }).click();
      await page.getByRole('status').filter({ hasText: 'Purpose “Donations” retired' }).waitFor();
      const retired = page.getByRole('table', { name: 'Retired purposes' });
      await retired.getByRole('button', { name: 'View Donations' }).waitFor();
      expect(await current.getByRole('button', { name: 'View Donations' }).count()).toBe(0);
      expect(await current.locator('tbody tr').count()).toBe(12);
      expect(await retired.getByRole('button', { name: 'Edit Donations' }).count(), 'a retired purpose is kept as it was').toBe(0);

      // The download is the record as it now is.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^record-of-processing-\d{4}-\d{2}-\d{2}\.csv$/);
      const { purposes: rows } = readRecordCsv(await readFile(await download.path()));
      expect(rows).toHaveLength(13);
      expect(rows.find((r) => r['Purpose'] === 'CCTV')).toMatchObject({ 'Retention period (months)': '2', Retention: 'Recordings are overwritten after two months unless needed for an incident.' });
      expect(rows.at(-1)).toMatchObject({ Purpose: 'Donations', Status: 'Retired' });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a caseworker reads the record but is offered no way to change it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await openRecord(page, 'caseworker');
      await page.getByRole('button', { name: 'View Safeguarding' }).click();
      await page.getByRole('region', { name: 'Safeguarding' }).getByText('The Labour Party safeguarding team, where necessary').waitFor();
      for (const name of ['Edit Safeguarding', 'Retire Safeguarding', 'New purpose', 'Add the standard purposes']) {
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      }
      await page.getByRole('link', { name: 'Download as JSON' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
