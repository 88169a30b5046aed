import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../../src/modules/consent/subscriptions/schemas.js';
import { confirmationLink } from '../../src/modules/consent/subscriptions/test-fixtures/support.js';
import { MIN_FILL_MS } from '../../src/platform/http/form-token.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { startTestApp } from '../support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { launchBrowser, newPage, onLocalhost, seriousAccessibilityProblems } from './browser.js';
import { loaded } from './arrange.js';
import { demoUser, signIn } from './staff-app.js';

/** Double opt-in end to end: a constituent signs up in Chromium, follows the link from the e-mail the SMTP server got, and staff see it on the record. */
const PUBLIC_URL = 'https://updates.example.org';
let smtp: SmtpTestServer;
let env: Awaited<ReturnType<typeof startTestApp>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let baseUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  [env, browser] = await Promise.all([startTestApp({ POSTBAG_SMTP_URL: smtp.url, POSTBAG_PUBLIC_URL: PUBLIC_URL }), launchBrowser()]);
  baseUrl = onLocalhost(env.url);
  const manager = await env.postbag.signIn(env.demo.users.find((u) => u.role === 'manager')!.email);
  const settings = await env.postbag.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@example.org', signature: '', letterheadAddress: '', privacyNoticeUrl: null },
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(async () => {
  await Promise.all([browser?.close(), env?.close()]);
  await smtp?.close();
});

describe('signing up for e-mail updates', () => {
  it('asks for confirmation by e-mail, subscribes only when the link is followed, and shows on the person’s record how they subscribed', async () => {
    const topics = await env.postbag.database.db.selectFrom('subscription_topics').select(['id', 'name']).where('office_id', '=', DEMO_OFFICE_ID).where('retired_at', 'is', null).orderBy('name').execute();
    const chosen = topics.slice(0, 2).map((t) => t.name);
    expect(chosen).toHaveLength(2);
    const { context, page, pageErrors } = await newPage(browser, { forAxe: true });
    try {
      await page.goto(`${baseUrl}/subscribe`);
      await page.getByRole('heading', { level: 1, name: 'Get e-mail updates from Sam Taylor MP' }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'the sign-up form').toEqual([]);
      expect(await page.locator('#consent-wording').textContent()).toMatch(/^I would like Sam Taylor MP to send me e-mail updates/);
      expect(await page.getByRole('link', { name: 'Sam Taylor MP\'s privacy notice' }).getAttribute('href')).toBe(`/privacy/${DEMO_OFFICE_ID}`);

      // A mistake first: the problem is said beside the field, and what was typed is kept.
      for (const name of chosen) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
      await page.getByLabel('First name').fill('Hannah');
      await page.getByLabel('Last name').fill('O’Donnell');
      await page.getByLabel('E-mail address').fill('hannah.odonnell@example');
      const servedAt = Number((await page.locator(`input[name="${TOKEN}"]`).inputValue()).split('.')[0]);
      await page.waitForFunction((earliest) => Date.now() >= earliest, servedAt + MIN_FILL_MS + 200);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('alert').getByText('Enter an e-mail address in the correct format, like name@example.com').waitFor();
      expect(await page.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousAccessibilityProblems(page), 'the form with a problem').toEqual([]);

      await page.getByLabel('E-mail address').fill('Hannah.ODonnell@example.net');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
      expect(await page.textContent('main')).toContain('hannah.odonnell@example.net');

      await env.postbag.ctx.jobs.runDue();
      const [mail] = await smtp.acceptedWith('Dear Hannah');
      const link = confirmationLink(mail!);
      expect(link.startsWith(`${PUBLIC_URL}/subscribe/`)).toBe(true);
      // The test server is not at the public address: the same path, on it.
      await page.goto(`${baseUrl}${new URL(link).pathname}`);
      await page.getByRole('heading', { level: 1, name: 'Confirm your subscription' }).waitFor();
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await page.getByRole('heading', { level: 1, name: 'You are subscribed' }).waitFor();
      for (const name of chosen) await page.getByRole('listitem').filter({ hasText: name }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'the confirmation').toEqual([]);
      expect(await context.cookies(), 'the public pages set no cookie').toEqual([]);

      // Staff see how they subscribed on the record, and the count by topic.
      const person = await env.postbag.database.db
        .selectFrom('contact_points')
        .select('person_id')
        .where('kind', '=', 'email')
        .where('value', '=', 'hannah.odonnell@example.net')
        .executeTakeFirstOrThrow();
      await signIn(page, baseUrl, demoUser(env.demo.users, 'manager'), env.demo.password);
      await page.goto(`${baseUrl}/people/${person.person_id}`);
      const how = page.getByRole('region', { name: 'How they subscribed' });
      await how.getByText(/confirmed with the link in the e-mail/).waitFor();
      for (const name of chosen) expect(await how.textContent()).toContain(name);
      expect(await how.textContent()).toContain('I would like Sam Taylor MP to send me e-mail updates');
      await loaded(page);
      expect(await seriousAccessibilityProblems(page), 'the person page').toEqual([]);

      await page.goto(`${baseUrl}/outreach/subscribers`);
      const table = page.getByRole('table', { name: 'Subscribers by topic' });
      for (const name of chosen) await table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell', { name: '1', exact: true }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'subscribers by topic').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
