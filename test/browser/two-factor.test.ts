import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { OFFICE_NAME, demoUser, fetchMe, fillSignInForm, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();


const CODE_LABEL = '6-digit code from your authenticator app';

/** A code the authenticator showed ten minutes ago: the server must refuse it. */
function wrongCode(totp: OTPAuth.TOTP): string {
  return totp.generate({ timestamp: Date.now() - 10 * 60_000 });
}

async function serverMessageFor(page: Page, path: string, act: () => Promise<void>): Promise<{ code: string; message: string }> {
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === path);
  await act();
  const body = (await (await answer).json()) as { error: { code: string; message: string } };
  return body.error;
}

describe('two-step verification', () => {
  it('is set up on the enrolment page when the office requires it, then asked for at sign-in', async () => {
    // The office manager turns the requirement on (the settings page does not exist yet: through the API).
    const manager = await newPage(env.browser);
    try {
      await signIn(manager.page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      const csrfToken = ((await fetchMe(manager.page)).body as { csrfToken: string }).csrfToken;
      const status = await manager.page.evaluate(async (token) => {
        const response = await fetch('/api/v1/office', {
          method: 'PATCH',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify({ requireTwoFactor: true }),
        });
        return response.status;
      }, csrfToken);
      expect(status).toBe(200);
    } finally {
      await manager.context.close();
    }

    const dpo = demoUser(env.app.demo.users, 'data_protection_lead');
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      // Signed in, but only the enrolment page until it is done.
      await page.goto(`${env.baseUrl}/cases`);
      await fillSignInForm(page, dpo.email, env.app.demo.password);
      await page.getByRole('heading', { level: 1, name: 'Set up two-step verification' }).waitFor();
      expect(await page.getByRole('banner').getByText(OFFICE_NAME, { exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'enrolment page').toEqual([]);

      await page.getByRole('button', { name: 'Start setting up' }).click();
      const secret = (await page.locator('.secret code').textContent())?.replace(/\s+/g, '') ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
      expect(await page.getByRole('link', { name: 'Open the key in your authenticator app' }).getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
      expect(await seriousAccessibilityProblems(page), 'enrolment page with the key').toEqual([]);

      const codeField = page.getByLabel(CODE_LABEL);
      await codeField.fill(wrongCode(totp));
      const refused = await serverMessageFor(page, '/api/v1/auth/two-factor/confirm', () =>
        page.getByRole('button', { name: 'Confirm and continue' }).click(),
      );
      expect(refused.code).toBe('TWO_FACTOR_INVALID');
      expect(await page.getByRole('alert').textContent()).toContain(refused.message);

      await codeField.fill(totp.generate());
      await page.getByRole('button', { name: 'Confirm and continue' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/cases');
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();

      // Next time: password, then the code.
      await page.getByRole('button', { name: 'Sign out' }).click();
      const required = await serverMessageFor(page, '/api/v1/auth/sign-in', () => fillSignInForm(page, dpo.email, env.app.demo.password));
      expect(required.code).toBe('TWO_FACTOR_REQUIRED');
      await page.getByLabel(CODE_LABEL).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain(required.message);
      expect(await page.getByLabel(CODE_LABEL).evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'sign-in page asking for a code').toEqual([]);

      await page.getByLabel(CODE_LABEL).fill(wrongCode(totp));
      const invalid = await serverMessageFor(page, '/api/v1/auth/sign-in', () =>
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      );
      expect(invalid.code).toBe('TWO_FACTOR_INVALID');
      await page.getByRole('alert').filter({ hasText: invalid.message }).waitFor();

      // Enrolment used this period's code, and a code is good once: the authenticator's next one.
      await page.getByLabel(CODE_LABEL).fill(totp.generate({ timestamp: Date.now() + 30_000 }));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(await page.getByRole('banner').getByText(dpo.displayName, { exact: true }).isVisible()).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
