import { describe, expect, it } from 'vitest';
import { newPage } from './browser.js';
import { DEMO_ROLES, NAV_ITEMS, OFFICE_NAME, ROLE_LABELS, demoUser, expectedNavLabels, fetchMe, fillSignInForm, navLabels, permissionsOf, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();


describe('signing in to the staff app', () => {
  it.each(DEMO_ROLES)('%s: signs in through the form and sees the office, who they are, and only their navigation', async (role) => {
    const user = demoUser(env.app.demo.users, role);
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, user, env.app.demo.password);
      const banner = page.getByRole('banner');

      expect(await banner.getByText(OFFICE_NAME, { exact: true }).isVisible()).toBe(true);
      expect(await banner.getByText(user.displayName, { exact: true }).isVisible()).toBe(true);
      expect(await banner.getByText(ROLE_LABELS[role], { exact: true }).isVisible()).toBe(true);
      expect(await banner.textContent()).toContain(`Signed in as ${user.displayName}, ${ROLE_LABELS[role]}`);
      expect(await banner.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

      const me = await fetchMe(page);
      expect(me.status).toBe(200);
      const permissions = permissionsOf(me.body);
      const shown = (await navLabels(page)).filter((label) => label !== 'Home');
      expect(shown).toEqual(expectedNavLabels(permissions));

      // What DESIGN.md says each role is for, whatever the exact permission list.
      if (role === 'volunteer' || role === 'researcher') {
        expect(shown).not.toContain('Cases');
        expect(shown).not.toContain('Inbox');
      }
      if (role === 'researcher') expect(shown).not.toContain('People');
      if (role === 'caseworker') expect(shown).toContain('Cases');

      // Every hidden capability stays out of reach by address too.
      const hidden = NAV_ITEMS.find((item) => !permissions.includes(item.permission));
      if (hidden) {
        await page.goto(`${env.baseUrl}${hidden.path}`);
        await page.getByRole('heading', { level: 1, name: hidden.label }).waitFor();
        expect(await page.getByText('Your role does not give you access').isVisible()).toBe(true);
      }

      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the server’s message and stays on the sign-in page', async () => {
    const user = demoUser(env.app.demo.users, 'caseworker');
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await page.goto(env.baseUrl);
      const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/auth/sign-in');
      await fillSignInForm(page, user.email, `${env.app.demo.password}-wrong`);
      const response = await answer;
      expect(response.status()).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVALID_CREDENTIALS');

      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(body.error.message);
      expect(await page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
      expect(await page.getByLabel('Email address').inputValue()).toBe(user.email);
      expect(await page.getByText(OFFICE_NAME).count()).toBe(0);
      expect((await fetchMe(page)).status).toBe(401);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signing out returns to the sign-in page and ends the session', async () => {
    const user = demoUser(env.app.demo.users, 'manager');
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, user, env.app.demo.password);
      expect((await fetchMe(page)).status).toBe(200);

      const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/auth/sign-out');
      await page.getByRole('button', { name: 'Sign out' }).click();
      expect((await answer).status()).toBe(204);

      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'You have signed out.' }).isVisible()).toBe(true);
      expect(await page.getByText(OFFICE_NAME).count()).toBe(0);
      expect((await fetchMe(page)).status).toBe(401);

      // A reload still finds no session.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
