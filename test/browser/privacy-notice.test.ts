import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

async function openNotice(page: Page): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'data_protection_lead'), env.app.demo.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Record of processing' }).click();
  await page.getByRole('link', { name: 'privacy notice' }).click();
  await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
  await loaded(page);
}

async function publish(page: Page, note: string, significant: boolean, number: number): Promise<void> {
  const form = page.getByRole('form', { name: 'Publish the notice' });
  await form.getByLabel('What changed').fill(note);
  if (significant) await form.getByLabel('A significant change').check();
  await form.getByRole('button', { name: 'Publish this version' }).click();
  await page.getByRole('status').filter({ hasText: `Version ${number} of the privacy notice was published.` }).waitFor();
  await page.getByRole('table', { name: 'Published versions, newest first' }).getByRole('link', { name: `Version ${number}` }).waitFor();
}

describe('the privacy notice', () => {
  it('the DPO is told what stops publishing, publishes two versions and reads what changed between them', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openNotice(page);
      await page.getByText('No version is published yet: the public page says so.').waitFor();
      await page.getByText('The record and the controller’s details are complete: it can be published.').waitFor();
      expect(await seriousAccessibilityProblems(page), 'the page before the first version').toEqual([]);

      // The controller's e-mail cleared: publishing is refused, naming it; nothing published.
      await page.getByRole('link', { name: 'controller’s details' }).first().click();
      const details = page.getByRole('form', { name: 'The controller’s details' });
      await details.getByLabel('E-mail address').waitFor();
      expect(await seriousAccessibilityProblems(page), 'the controller’s details').toEqual([]);
      await details.getByLabel('E-mail address').fill('');
      await details.getByRole('button', { name: 'Save the details' }).click();
      await page.getByRole('status').filter({ hasText: 'The controller’s details were saved.' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: 'The controller’s e-mail address is missing: add it in the controller’s details.' }).waitFor();
      const form = page.getByRole('form', { name: 'Publish the notice' });
      await form.getByLabel('What changed').fill('First version');
      await form.getByRole('button', { name: 'Publish this version' }).click();
      await page.getByRole('alert').filter({ hasText: 'The notice was not published.' }).getByText(/The controller’s e-mail address is missing/).waitFor();
      expect(await page.getByRole('table', { name: 'Published versions, newest first' }).count()).toBe(0);

      // Put right, and published.
      await page.getByRole('link', { name: 'controller’s details' }).first().click();
      await details.getByLabel('E-mail address').fill('office@example.org');
      await details.getByRole('button', { name: 'Save the details' }).click();
      await page.getByRole('status').filter({ hasText: 'The controller’s details were saved.' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
      await publish(page, 'First version, from the record of processing.', false, 1);
      await page.getByText(/^Version 1, published/).waitFor();

      // A new address for the office, published as a significant change.
      await page.getByRole('link', { name: 'controller’s details' }).first().click();
      await details.getByLabel('E-mail address').fill('casework@example.org');
      await details.getByRole('button', { name: 'Save the details' }).click();
      await page.getByRole('status').filter({ hasText: 'The controller’s details were saved.' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
      await publish(page, 'A new e-mail address for the office.', true, 2);
      const row = page.getByRole('table', { name: 'Published versions, newest first' }).getByRole('row', { name: /Version 2/ });
      await row.getByRole('cell', { name: 'Yes' }).waitFor();

      // What changed, in words.
      const compare = page.getByRole('form', { name: 'Compare two versions' });
      await compare.getByLabel('From version').selectOption('1');
      await compare.getByLabel('To version').selectOption('2');
      await compare.getByRole('button', { name: 'Compare' }).click();
      const changes = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
      await changes.getByRole('listitem').filter({ hasText: 'Removed: E-mail: office@example.org' }).waitFor();
      await changes.getByRole('listitem').filter({ hasText: 'Added: E-mail: casework@example.org' }).waitFor();
      expect(await changes.locator('ins').count()).toBeGreaterThan(0);
      expect(await seriousAccessibilityProblems(page), 'the versions and their differences').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the public page: accessible, no cookie, no script, nothing from elsewhere, the earlier version linked', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(`${env.baseUrl}/privacy`);
      expect(new URL(page.url()).pathname).toBe(`/privacy/${DEMO_OFFICE_ID}`);
      await page.getByRole('heading', { level: 1, name: 'Privacy notice of Sam Taylor MP' }).waitFor();
      await page.getByText(/Version 2, published .* This is the current notice\./).waitFor();
      for (const name of ['Who we are and how to contact us', 'What we collect and why', 'Your rights', 'How to complain']) {
        await page.getByRole('heading', { level: 2, name }).waitFor();
      }
      expect(await seriousAccessibilityProblems(page), 'the public notice').toEqual([]);
      expect(await context.cookies()).toEqual([]);
      expect(requested.every((url) => new URL(url).origin === env.baseUrl), requested.join('\n')).toBe(true);

      await page.getByRole('link', { name: /Version 1, published/ }).click();
      await page.getByText(/This version is no longer current/).waitFor();
      await page.getByText('office@example.org', { exact: false }).first().waitFor();
      expect(await seriousAccessibilityProblems(page), 'an earlier version').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
