import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrangeCaseToWriteFrom, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();
const theCase = {} as { id: string; reference: string };

async function signInAs(page: Page, role: 'manager' | 'caseworker'): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, role), env.app.demo.password);
}

beforeAll(async () => {
  Object.assign(theCase, await arrangeCaseToWriteFrom(env.app));
});

describe('templates as drafts', () => {
  it('a manager adds the starter templates; a caseworker picks one, reads and edits the filled-in draft, and sends it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'manager');
      await page.goto(`${env.baseUrl}/settings/templates`);
      await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
      await loaded(page);
      await page.getByRole('button', { name: 'Add the starter templates' }).click();
      await page.getByRole('status').filter({ hasText: '5 starter templates added' }).waitFor();
      const table = page.getByRole('table', { name: 'Templates' });
      await table.getByText('Out of constituency').waitFor();
      await page.getByRole('button', { name: 'Add the starter templates' }).click();
      await page.getByRole('status').filter({ hasText: 'The office already has every starter template.' }).waitFor();
      expect(await table.locator('tbody tr').count(), 'adding again adds nothing').toBe(5);
      expect(await seriousAccessibilityProblems(page), 'templates page with the starter library').toEqual([]);
      await context.clearCookies();

      await signInAs(page, 'caseworker');
      await page.goto(`${env.baseUrl}/cases/${theCase.id}`);
      await page.getByRole('heading', { level: 1, name: `Case ${theCase.reference}` }).waitFor();
      await loaded(page);
      await page.getByText('Send an e-mail', { exact: true }).click();
      const form = page.getByRole('form', { name: 'Send an e-mail' });
      await form.getByLabel('Start from a template').selectOption({ label: 'Acknowledgement' });
      const text = form.getByLabel('Text');
      await expect.poll(() => text.inputValue()).toMatch(/^Dear Amina Khan,\n\nThank you for getting in touch with Sam Taylor MP\./);
      expect(await text.inputValue()).toContain(`Your reference is ${theCase.reference}`);
      expect(await form.getByLabel('Subject').inputValue()).toBe('We have your message');
      expect(await seriousAccessibilityProblems(page), 'the e-mail form with a filled-in draft').toEqual([]);

      await text.fill((await text.inputValue()).replace('within ten working days', 'by Friday'));
      await form.getByRole('button', { name: 'Send the e-mail' }).click();
      await page.getByRole('status').filter({ hasText: 'E-mail to amina.khan@example.org queued to send.' }).waitFor();
      const sent = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'We have your message' });
      await sent.waitFor();
      expect(await sent.textContent()).toContain('We aim to reply by Friday.');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
