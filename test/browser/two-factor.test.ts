import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { OFFICE_NAME, demoUser, fillSignInForm, signIn, useStaffApp } from './staff-app.js';

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
  it('is required on the settings page, set up with a QR code and recovery codes, then asked for at sign-in, a recovery code once', async () => {
    // The office manager turns the requirement on, on the sign-in settings page.
    const manager = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(manager.page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await manager.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
      await manager.page.getByRole('link', { name: 'Sign-in settings' }).click();
      await manager.page.getByRole('heading', { level: 1, name: 'Sign-in settings' }).waitFor();
      await manager.page.getByRole('radio', { name: 'Managers and the data protection lead' }).check();
      expect(await seriousAccessibilityProblems(manager.page), 'sign-in settings page').toEqual([]);
      await manager.page.getByRole('button', { name: 'Save the requirement' }).click();
      await manager.page.getByRole('status').getByText('The two-step verification requirement was saved.').waitFor();
      expect(await manager.page.getByRole('radio', { name: 'Managers and the data protection lead' }).isChecked()).toBe(true);
      expect(manager.pageErrors).toEqual([]);
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
      const otpauthUrl = (await page.getByRole('link', { name: 'Open the key in your authenticator app' }).getAttribute('href')) ?? '';
      expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect(new URL(otpauthUrl).searchParams.get('secret')).toBe(secret);
      // The QR code on the page is the very QR code of that address, as a QR library draws it.
      const qr = page.getByRole('img', { name: 'QR code of the setup key for your authenticator app' });
      const qrSource = (await qr.getAttribute('src')) ?? '';
      expect(qrSource.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
      const qrSvg = decodeURIComponent(qrSource.slice('data:image/svg+xml;charset=utf-8,'.length));
      expect(qrSvg).toBe(await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
      expect(await qr.evaluate((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0)).toBe(true);
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

      // The recovery codes, shown this once, before anything else.
      await page.getByRole('heading', { level: 2, name: 'Save your recovery codes' }).waitFor();
      const recoveryCodes = (await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()).map((code) => code.trim());
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'recovery codes').toEqual([]);
      await page.getByRole('button', { name: 'I have saved these codes, continue' }).click();
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

      // The phone is lost: a recovery code instead, which works once.
      const recoveryCode = recoveryCodes[4] ?? '';
      for (const attempt of ['first', 'second'] as const) {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await fillSignInForm(page, dpo.email, env.app.demo.password);
        await page.getByRole('button', { name: 'Lost your phone? Use a recovery code' }).click();
        await page.getByLabel('Recovery code').fill(recoveryCode);
        if (attempt === 'first') {
          expect(await seriousAccessibilityProblems(page), 'sign-in page asking for a recovery code').toEqual([]);
          await page.getByRole('button', { name: 'Sign in', exact: true }).click();
          await page.getByRole('navigation', { name: 'Main' }).waitFor();
        } else {
          const used = await serverMessageFor(page, '/api/v1/auth/sign-in', () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
          expect(used.code).toBe('TWO_FACTOR_INVALID');
          await page.getByRole('alert').filter({ hasText: used.message }).waitFor();
        }
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("lets a manager reset a colleague's, and loosen the requirement only with a current code", async () => {
    // The office requires it of managers now (the test above): the manager enrols first.
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.getByRole('button', { name: 'Start setting up' }).click();
      const secret = (await page.locator('.secret code').textContent())?.replace(/\s+/g, '') ?? '';
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
      await page.getByLabel(CODE_LABEL).fill(totp.generate());
      await page.getByRole('button', { name: 'Confirm and continue' }).click();
      await page.getByRole('button', { name: 'I have saved these codes, continue' }).click();

      // The reset is on the staff page, beside the colleague's account.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('link', { name: 'Staff', exact: true }).click();
      const dpo = demoUser(env.app.demo.users, 'data_protection_lead');
      await page.getByRole('button', { name: `Reset two-step verification for ${dpo.displayName}` }).click();
      await page.getByRole('button', { name: 'Reset it' }).click();
      await page.getByRole('status').getByText(`${dpo.displayName}’s two-step verification was reset`).waitFor();
      await page.getByRole('row', { name: new RegExp(dpo.displayName) }).getByText('Not set up').waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('link', { name: 'Sign-in settings' }).click();

      await page.getByRole('radio', { name: 'No one (each person may still set it up)' }).check();
      const refused = await serverMessageFor(page, '/api/v1/office', () => page.getByRole('button', { name: 'Save the requirement' }).click());
      expect(refused.code).toBe('VALIDATION_FAILED');
      // Next to the field, where the code goes.
      await page.locator('.field-invalid').filter({ hasText: 'must be the current 6-digit code from your authenticator app' }).getByLabel(CODE_LABEL).waitFor();
      expect(await seriousAccessibilityProblems(page), 'sign-in settings asking for a code').toEqual([]);
      await page.getByLabel(CODE_LABEL).fill(totp.generate({ timestamp: Date.now() + 30_000 }));
      await page.getByRole('button', { name: 'Save the requirement' }).click();
      await page.getByRole('status').getByText('The two-step verification requirement was saved.').waitFor();
      expect(await page.getByRole('radio', { name: 'No one (each person may still set it up)' }).isChecked()).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }

    // The colleague's authenticator no longer applies: the password alone signs them in.
    const colleague = await newPage(env.browser);
    try {
      await signIn(colleague.page, env.baseUrl, demoUser(env.app.demo.users, 'data_protection_lead'), env.app.demo.password);
      await colleague.page.getByRole('navigation', { name: 'Main' }).waitFor();
    } finally {
      await colleague.context.close();
    }
  });
});
