import { describe, expect, it } from 'vitest';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

describe('rights request deadline settings', () => {
  it('lets a manager say the office is in Scotland and aim for 21 days, refusing a target past the statutory month beside its field', async () => {
    const manager = await newPage(env.browser, { forAxe: true });
    try {
      const { page } = manager;
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('link', { name: 'Rights request deadlines' }).click();
      await page.getByRole('heading', { level: 1, name: 'Rights request deadlines' }).waitFor();
      expect(await page.getByRole('radio', { name: 'England and Wales' }).isChecked()).toBe(true);
      const target = page.getByRole('textbox', { name: /The office’s target, in days/ });
      expect(await target.inputValue()).toBe('28');
      expect(await seriousAccessibilityProblems(page), 'rights deadlines page').toEqual([]);

      await page.getByRole('radio', { name: 'Scotland' }).check();
      await target.fill('40');
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.locator('.field-error').getByText('must be at most 31: the statutory limit is a month').waitFor();
      await target.fill('three weeks');
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.locator('.field-error').getByText('must be a whole number of days, e.g. 28').waitFor();
      expect(await env.app.postbag.database.db.selectFrom('offices').select(['nation', 'rights_target_days']).executeTakeFirstOrThrow()).toEqual({ nation: 'england-and-wales', rights_target_days: 28 });

      await target.fill('21');
      await page.getByRole('button', { name: 'Save the settings' }).click();
      await page.getByRole('status').getByText('The deadline settings were saved.').waitFor();
      expect(await page.getByRole('radio', { name: 'Scotland' }).isChecked()).toBe(true);
      expect(await target.inputValue()).toBe('21');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Rights request deadlines' }).waitFor();
      expect(await page.getByRole('radio', { name: 'Scotland' }).isChecked()).toBe(true);
      expect(await page.getByRole('textbox', { name: /The office’s target, in days/ }).inputValue()).toBe('21');
      expect(manager.pageErrors).toEqual([]);
    } finally {
      await manager.context.close();
    }
  });
});
