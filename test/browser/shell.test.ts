import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { NAV_ITEMS, OFFICE_NAME, demoUser, expectedNavLabels, fetchMe, permissionsOf, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

/** Where the desktop screenshot goes, for a person to look at. */
export const SHELL_SCREENSHOT = join(tmpdir(), 'postbag-shell-1280x800.png');


describe('the staff app shell', () => {
  it('has no serious or critical accessibility problems on the sign-in page or in the shell', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await page.goto(env.baseUrl);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'sign-in page').toEqual([]);

      // The sign-in page with an error showing.
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').waitFor();
      expect(await seriousAccessibilityProblems(page), 'sign-in page with an error').toEqual([]);

      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'home page').toEqual([]);
      await page.screenshot({ path: SHELL_SCREENSHOT });

      // The pages with tables, and one placeholder page, reached through the navigation.
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const label of ['Cases', 'Jobs', 'Outreach']) {
        // The manager's navigation has all three: a missing link is a failure, not a page to skip.
        await nav.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
        expect(await seriousAccessibilityProblems(page), `${label} page`).toEqual([]);
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('moves between pages without reloading, keeps the address, and honours back and reload', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      const permissions = permissionsOf((await fetchMe(page)).body);
      const target = NAV_ITEMS.find((item) => permissions.includes(item.permission));
      expect(target, 'the office manager can use at least one capability').toBeDefined();
      if (!target) return;

      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: target.label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: target.label }).waitFor();
      expect(new URL(page.url()).pathname).toBe(target.path);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: target.label, exact: true }).getAttribute('aria-current'),
      ).toBe('page');

      await page.goBack();
      await page.getByRole('heading', { level: 1, name: /^Good (morning|afternoon|evening), / }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');

      // A deep link loads straight into the page (the server answers index.html for it).
      await page.goto(`${env.baseUrl}${target.path}`);
      await page.getByRole('heading', { level: 1, name: target.label }).waitFor();
      expect(await page.getByRole('banner').getByText(OFFICE_NAME, { exact: true }).isVisible()).toBe(true);

      await page.goto(`${env.baseUrl}/no-such-page`);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is usable on a phone (390 × 844): the navigation opens from a menu button', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone, forAxe: true });
    try {
      await page.goto(env.baseUrl);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'sign-in page on a phone').toEqual([]);

      const user = demoUser(env.app.demo.users, 'caseworker');
      await signIn(page, env.baseUrl, user, env.app.demo.password);
      const expected = expectedNavLabels(permissionsOf((await fetchMe(page)).body));
      const target = expected[0];
      expect(target, 'a caseworker can use at least one capability').toBeDefined();
      if (!target) return;

      const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(await fitsWidth(), 'no sideways scrolling').toBe(true);

      const signOut = page.getByRole('button', { name: 'Sign out' });
      const signOutBox = await signOut.boundingBox();
      expect(signOutBox && signOutBox.x >= 0 && signOutBox.x + signOutBox.width <= phone.width).toBe(true);

      const nav = page.getByRole('navigation', { name: 'Main' });
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.isVisible()).toBe(true);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.isVisible()).toBe(false);

      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await nav.waitFor({ state: 'visible' });
      const visibleLabels = (await nav.getByRole('link').allTextContents()).map((label) => label.trim()).filter((label) => label !== 'Home');
      expect(visibleLabels).toEqual(expected);
      expect(await seriousAccessibilityProblems(page), 'shell on a phone, menu open').toEqual([]);

      // Escape closes the menu and returns to its button.
      await page.keyboard.press('Escape');
      await nav.waitFor({ state: 'hidden' });
      expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);

      await menu.click();
      await nav.getByRole('link', { name: target, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: target }).waitFor();
      await nav.waitFor({ state: 'hidden' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
      expect(await fitsWidth(), `no sideways scrolling on ${target}`).toBe(true);
      expect(await seriousAccessibilityProblems(page), `${target} on a phone`).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
