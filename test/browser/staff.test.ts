import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { parseMail, type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { emailOf } from './arrange.js';
import { launchBrowser, newPage, onLocalhost, seriousAccessibilityProblems } from './browser.js';
import { demoUser, fetchMe, fillSignInForm, OFFICE_NAME, signIn } from './staff-app.js';

/** The manager's Settings → Staff and Settings → Topics, and a colleague accepting an invitation, as people do them. */
let smtp: SmtpTestServer;
const env = {} as { app: Awaited<ReturnType<typeof startTestApp>>; browser: Browser; baseUrl: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  [env.app, env.browser] = await Promise.all([startTestApp({ POSTBAG_SMTP_URL: smtp.url }), launchBrowser()]);
  env.baseUrl = onLocalhost(env.app.url);
  // Invitations go out from the office's address, set on the correspondence settings page (tested elsewhere).
  const manager = await env.app.postbag.signIn(emailOf.manager);
  const saved = await env.app.postbag.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@example-constituency.org.uk', signature: 'Sam Taylor MP', letterheadAddress: 'House of Commons\nLondon SW1A 0AA', privacyNoticeUrl: 'https://example-constituency.org.uk/privacy' },
  });
  if (saved.statusCode !== 200) throw new Error(saved.body);
});
afterAll(async () => {
  await Promise.all([env.browser?.close(), env.app?.close()]);
  await smtp?.close();
});

const manager = () => demoUser(env.app.demo.users, 'manager');

async function openSettings(page: Page, part: string, heading = part) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('link', { name: part, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const accountRow = (page: Page, name: string) => page.getByRole('region', { name: 'Staff accounts', exact: true }).getByRole('row').filter({ hasText: name });

describe('the staff page', () => {
  it('changes a role, deactivates a leaver (whose open session ends at once) and brings them back', async () => {
    const leaver = await newPage(env.browser);
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(leaver.page, env.baseUrl, demoUser(env.app.demo.users, 'volunteer'), env.app.demo.password);
      expect((await fetchMe(leaver.page)).status).toBe(200);

      await signIn(page, env.baseUrl, manager(), env.app.demo.password);
      await openSettings(page, 'Staff');
      await accountRow(page, 'Tom Reid').getByText('Active', { exact: true }).waitFor();
      expect(await accountRow(page, 'Priya Shah').locator('time').count(), 'the manager’s own last sign-in').toBe(1);
      expect(await accountRow(page, 'Leah Morgan').getByText('Never').count()).toBe(1);
      expect(await seriousAccessibilityProblems(page), 'staff page').toEqual([]);
      // The whole table fits a laptop's screen: nothing to scroll sideways to.
      expect(await page.getByRole('region', { name: 'Staff accounts', exact: true }).evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);

      await page.getByLabel('Role of Grace Okafor').selectOption({ label: 'Volunteer' });
      await accountRow(page, 'Grace Okafor').getByRole('button', { name: 'Save the role' }).click();
      await page.getByRole('status').getByText('Grace Okafor’s role is now Volunteer.').waitFor();
      await page.reload();
      await expect.poll(() => page.getByLabel('Role of Grace Okafor').inputValue()).toBe('volunteer');

      await page.getByRole('button', { name: 'Deactivate Tom Reid' }).click();
      expect(await seriousAccessibilityProblems(page), 'staff page asking to confirm').toEqual([]);
      await page.getByRole('button', { name: 'Deactivate the account' }).click();
      await page.getByRole('status').getByText('Tom Reid was deactivated and signed out.').waitFor();
      await accountRow(page, 'Tom Reid').getByText('Deactivated', { exact: true }).waitFor();
      // The leaver's open session is refused on its very next request.
      expect((await fetchMe(leaver.page)).status).toBe(401);

      await page.getByRole('button', { name: 'Reactivate Tom Reid' }).click();
      await page.getByRole('status').getByText('Tom Reid was reactivated and can sign in again.').waitFor();
      await accountRow(page, 'Tom Reid').getByText('Active', { exact: true }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await Promise.all([context.close(), leaver.context.close()]);
    }
  });

  it('invites a colleague by e-mail, who chooses a name and password from the link and signs in; the link then stops working', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    let link: string;
    try {
      await signIn(page, env.baseUrl, manager(), env.app.demo.password);
      await openSettings(page, 'Staff');
      const form = page.getByRole('form', { name: 'Invite a colleague' });
      await form.getByLabel('Their e-mail address').fill('caseworker@postbag.example');
      await form.getByLabel('Role').selectOption({ label: 'Caseworker' });
      await form.getByRole('button', { name: 'Send the invitation' }).click();
      await form.locator('.field-invalid').filter({ hasText: 'already has an account' }).getByLabel('Their e-mail address').waitFor();

      await form.getByLabel('Their e-mail address').fill(' Ruth.Evans@Example.org ');
      await form.getByRole('button', { name: 'Send the invitation' }).click();
      await page.getByRole('status').getByText('An invitation was e-mailed to ruth.evans@example.org.').waitFor();
      await page.getByRole('listitem').filter({ hasText: 'ruth.evans@example.org, Caseworker: invited by Priya Shah' }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'staff page with an invitation').toEqual([]);
      expect(pageErrors).toEqual([]);

      await env.app.postbag.ctx.jobs.runDue();
      await expect.poll(async () => (await Promise.all(smtp.accepted().map(parseMail))).map((m) => m.text ?? '').find((t) => t.includes('/invite/')) ?? '').toMatch(/\/invite\//);
      const text = (await Promise.all(smtp.accepted().map(parseMail))).map((m) => m.text ?? '').find((t) => t.includes('/invite/')) ?? '';
      link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? '';
      expect(link.startsWith(`${env.baseUrl}/invite/`), text).toBe(true);
    } finally {
      await context.close();
    }

    const colleague = await newPage(env.browser, { forAxe: true });
    try {
      const { page } = colleague;
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Set up your account' }).waitFor();
      await page.getByText(`You are invited to ${OFFICE_NAME} as caseworker. You will sign in with ruth.evans@example.org.`).waitFor();
      expect(await seriousAccessibilityProblems(page), 'invitation page').toEqual([]);
      await page.getByLabel('Your name').fill('Ruth Evans');
      await page.getByLabel('Choose a password').fill('too short');
      await page.getByRole('button', { name: 'Set up my account' }).click();
      await page.locator('.field-invalid').filter({ hasText: 'must be at least 12 characters' }).getByLabel('Choose a password').waitFor();
      await page.getByLabel('Choose a password').fill('kettle orchard lantern');
      await page.getByRole('button', { name: 'Set up my account' }).click();
      await page.getByRole('status').getByText('Your account is ready. Sign in with ruth.evans@example.org and the password you chose.').waitFor();
      await page.getByRole('button', { name: 'Go to sign in' }).click();
      await fillSignInForm(page, 'ruth.evans@example.org', 'kettle orchard lantern');
      await page.getByRole('banner').getByText(OFFICE_NAME, { exact: true }).waitFor();
      await page.getByRole('banner').getByText('Ruth Evans').first().waitFor();

      await page.goto(link);
      await page.getByRole('alert').getByText('This invitation has already been used to set up an account.').waitFor();
      expect(await page.getByRole('button', { name: 'Set up my account' }).count()).toBe(0);
      expect(colleague.pageErrors).toEqual([]);
    } finally {
      await colleague.context.close();
    }
  });
});

describe('invitations on the staff page', () => {
  it('says whether each invitation’s e-mail went or why not; inviting the same address again replaces the earlier link', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    const invitations = page.getByRole('region', { name: 'Invitations not yet accepted' });
    const invitationOf = (email: string) => invitations.getByRole('listitem').filter({ hasText: email });
    async function inviteAs(email: string, role: string) {
      const form = page.getByRole('form', { name: 'Invite a colleague' });
      await form.getByLabel('Their e-mail address').fill(email);
      await form.getByLabel('Role').selectOption({ label: role });
      await form.getByRole('button', { name: 'Send the invitation' }).click();
      await page.getByRole('status').getByText(`An invitation was e-mailed to ${email}.`).waitFor();
    }
    const colleague = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, manager(), env.app.demo.password);
      await openSettings(page, 'Staff');
      await inviteAs('dan.price@example.org', 'Volunteer');
      await invitationOf('dan.price@example.org').getByText('Waiting', { exact: true }).waitFor();
      expect(await invitationOf('dan.price@example.org').textContent()).toContain('Queued for the office’s mail server.');

      await env.app.postbag.ctx.jobs.runDue();
      const mail = (await smtp.acceptedWith('dan.price@example.org')).find((m) => m.to && !Array.isArray(m.to) && m.to.text === 'dan.price@example.org');
      const firstLink = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0] ?? '';
      expect(firstLink.startsWith(`${env.baseUrl}/invite/`), mail?.text).toBe(true);
      smtp.plan({ reply: 550, at: 'rcpt' });
      await inviteAs('no.mailbox@example.org', 'Researcher');
      await env.app.postbag.ctx.jobs.runDue();
      await page.reload();
      await invitationOf('dan.price@example.org').getByText('Sent', { exact: true }).waitFor();
      await invitationOf('no.mailbox@example.org').getByText('Not sent', { exact: true }).waitFor();
      expect(await invitationOf('no.mailbox@example.org').textContent()).toContain('Sending failed: the server refused the recipient: 550 mailbox unavailable.');
      expect(await seriousAccessibilityProblems(page), 'staff page with sent and refused invitations').toEqual([]);

      // Dan lost the e-mail: the manager sends another, which replaces the first.
      await inviteAs('dan.price@example.org', 'Caseworker');
      await invitationOf('dan.price@example.org').filter({ hasText: 'Caseworker' }).waitFor();
      expect(await invitationOf('dan.price@example.org').count(), 'only the newest invitation is listed').toBe(1);
      expect(pageErrors).toEqual([]);

      await colleague.page.goto(firstLink);
      await colleague.page.getByRole('alert').getByText('This invitation was replaced by a newer one: open the link in the latest invitation e-mail').waitFor();
      expect(await colleague.page.getByRole('button', { name: 'Set up my account' }).count()).toBe(0);
      expect(await seriousAccessibilityProblems(colleague.page), 'a replaced invitation’s page').toEqual([]);
      expect(colleague.pageErrors).toEqual([]);
    } finally {
      await Promise.all([context.close(), colleague.context.close()]);
    }
  });
});

describe('the topics page', () => {
  it('adds, renames and retires a topic; a name the office already has is refused beside the field', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, manager(), env.app.demo.password);
      await openSettings(page, 'Topics');
      const table = page.getByRole('region', { name: 'Topics', exact: true });
      await table.getByRole('row').filter({ hasText: 'Housing' }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'topics page').toEqual([]);

      const form = page.getByRole('form', { name: 'Add a topic' });
      await form.getByLabel('Name of the topic').fill('  housing ');
      await form.getByRole('button', { name: 'Add the topic' }).click();
      await form.locator('.field-invalid').filter({ hasText: 'is already a topic' }).getByLabel('Name of the topic').waitFor();
      await form.getByLabel('Name of the topic').fill('Energy bills');
      await form.getByRole('button', { name: 'Add the topic' }).click();
      await page.getByRole('status').getByText('The topic “Energy bills” was added.').waitFor();

      await page.getByRole('button', { name: 'Rename Energy bills' }).click();
      await page.getByLabel('New name for Energy bills').fill('Energy and fuel bills');
      await page.getByRole('button', { name: 'Save the name' }).click();
      await page.getByRole('status').getByText('“Energy bills” is now called “Energy and fuel bills”.').waitFor();

      await page.getByRole('button', { name: 'Retire Energy and fuel bills' }).click();
      await page.getByRole('status').getByText('“Energy and fuel bills” was retired').waitFor();
      await table.getByRole('row').filter({ hasText: 'Energy and fuel bills' }).getByText('Retired', { exact: true }).waitFor();
      await page.reload();
      await table.getByRole('row').filter({ hasText: 'Energy and fuel bills' }).getByText('Retired', { exact: true }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'topics page after changes').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
