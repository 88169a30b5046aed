import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/platform/jobs/runner.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** Whether an e-mail went, as a caseworker sees it on the case and the message, and the office's SMTP server set by a manager. */
const env = useStaffApp();
const FROM = 'office@example-constituency.org.uk';
let smtp: SmtpTestServer;
let theCase: { id: string; reference: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  const manager = await env.app.postbag.signIn(emailOf.manager);
  const saved = await env.app.postbag.app.inject({ method: 'PUT', url: '/api/v1/office/correspondence', headers: manager.headers, payload: { fromAddress: FROM, signature: '', letterheadAddress: '', privacyNoticeUrl: null } });
  expect(saved.statusCode, saved.body).toBe(200);
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Bethan',
    familyName: 'Morgan',
    source: 'email',
    contactPoints: [{ kind: 'email', value: 'bethan.morgan@example.org', preferred: true, source: 'email' }],
  });
  theCase = await owen.post('/cases', { constituentIds: [person.id], summary: 'Universal Credit payment stopped after a change of address' });
});
afterAll(async () => {
  await smtp?.close();
});

const runJobs = () => (env.app.postbag.ctx.jobs as JobRunner).runDue();
const emailsSent = (page: Page) => page.getByRole('table', { name: 'E-mails from this case' });

async function openCase(page: Page): Promise<void> {
  await page.goto(`${env.baseUrl}/cases/${theCase.id}`);
  await page.getByRole('heading', { level: 1, name: `Case ${theCase.reference}` }).waitFor();
  await loaded(page);
}

async function sendEmail(page: Page, subject: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Send an e-mail' });
  // The form stays open after a send; opening it is needed only the first time.
  if (!(await form.isVisible())) await page.getByText('Send an e-mail', { exact: true }).click();
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('Text').fill('Dear Bethan,\n\nI have written to the DWP about your payment.');
  await form.getByRole('button', { name: 'Send the e-mail' }).click();
  await page.getByRole('status').filter({ hasText: 'E-mail to bethan.morgan@example.org queued to send.' }).waitFor();
  // The notice may be the last send's: the e-mail's own row says this one was queued.
  await emailsSent(page).getByRole('row').filter({ hasText: subject }).waitFor();
}

/** The row of the e-mail with this subject, once the page shows `state` for it. */
async function rowOnceShown(page: Page, subject: string, state: string) {
  const row = emailsSent(page).getByRole('row').filter({ hasText: subject });
  await row.filter({ hasText: state }).waitFor();
  return (await row.textContent()) ?? '';
}

describe('whether an e-mail was sent', () => {
  it('no server: the case and the message say it was not sent and why; the manager sets the server, tests it, and then e-mail goes', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page);
      await sendEmail(page, 'Your Universal Credit payment');
      expect(await rowOnceShown(page, 'Your Universal Credit payment', 'Waiting')).toContain('Queued for the office’s mail server.');
      await runJobs();
      await page.reload();
      await loaded(page);
      expect(await rowOnceShown(page, 'Your Universal Credit payment', 'Not sent')).toContain('Sending failed: no SMTP server is set for the office.');
      expect(await seriousAccessibilityProblems(page), 'case page with a failed e-mail').toEqual([]);

      await emailsSent(page).getByRole('link', { name: /Your Universal Credit payment/ }).click();
      const about = page.getByRole('region', { name: 'About this message' });
      await about.getByText('Sending failed: no SMTP server is set for the office.').waitFor();
      expect(await seriousAccessibilityProblems(page), 'message page of a failed e-mail').toEqual([]);
      await context.clearCookies();

      // The manager sets the office's server in the correspondence settings.
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.goto(`${env.baseUrl}/settings/correspondence`);
      await page.getByRole('heading', { level: 1, name: 'Correspondence settings' }).waitFor();
      await loaded(page);
      const section = page.getByRole('region', { name: 'Outgoing mail server (SMTP)' });
      await section.getByText('No SMTP server is set: e-mail is not sent until one is.').waitFor();
      await section.getByRole('button', { name: 'Send a test message' }).click();
      await section.getByText('The test message was not sent: no SMTP server is set for the office.').waitFor();

      const form = section.getByRole('form', { name: 'SMTP server' });
      await form.getByLabel('SMTP server').fill('smtp example.org');
      await form.getByLabel('SMTP port').fill(String(smtp.port));
      await form.getByRole('button', { name: 'Save the SMTP server' }).click();
      await form.getByText('Error: SMTP server must be a host name or IP address, e.g. smtp.example.org.').waitFor();
      expect(await form.getByLabel('SMTP server').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousAccessibilityProblems(page), 'SMTP settings refused').toEqual([]);

      await form.getByLabel('SMTP server').fill('127.0.0.1');
      await form.getByRole('button', { name: 'Save the SMTP server' }).click();
      await section.getByText('SMTP server saved: e-mail goes through 127.0.0.1 from now on. The e-mail that was not sent for want of a server is being sent now.').waitFor();
      await section.getByText('E-mail goes through the office’s own server, 127.0.0.1.').waitFor();
      await section.getByRole('button', { name: 'Send a test message' }).click();
      await section.getByText(`Test message sent to ${FROM} through 127.0.0.1: check that it arrived.`).waitFor();
      expect(await smtp.acceptedWith('Postbag test message')).toHaveLength(1);
      expect(await seriousAccessibilityProblems(page), 'SMTP settings saved and tested').toEqual([]);
      await runJobs();
      await context.clearCookies();

      // The e-mail that failed for want of a server has gone; then a refused recipient, and one that goes.
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page);
      expect(await rowOnceShown(page, 'Your Universal Credit payment', 'Sent')).not.toContain('failed');
      expect(await smtp.acceptedWith('Your Universal Credit payment')).toHaveLength(2);
      smtp.plan({ reply: 550, at: 'rcpt' });
      await sendEmail(page, 'A letter from the DWP');
      await runJobs();
      await sendEmail(page, 'Your payment is back');
      await runJobs();
      await page.reload();
      await loaded(page);
      expect(await rowOnceShown(page, 'A letter from the DWP', 'Not sent')).toContain('Sending failed: the server refused the recipient: 550 mailbox unavailable.');
      expect(await rowOnceShown(page, 'Your payment is back', 'Sent')).not.toContain('failed');
      expect(await seriousAccessibilityProblems(page), 'case page with sent and refused e-mails').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
