import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { email } from '../../src/modules/correspondence/test-fixtures/mail.js';
import type { JobRunner } from '../../src/platform/jobs/runner.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { apiAs, arrangeCaseToWriteFrom, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** A draft e-mail begun from a template, saved, left, resumed and sent, as the caseworker does it. */
const env = useStaffApp();
let smtp: SmtpTestServer;
const theCase = {} as { id: string; reference: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  Object.assign(theCase, await arrangeCaseToWriteFrom(env.app));
  const manager = await apiAs(env.app, emailOf.manager);
  await manager.put('/office/correspondence/smtp', { host: '127.0.0.1', port: smtp.port, security: 'starttls', username: null });
  await manager.post('/templates/starter-library', {});
});
afterAll(async () => {
  await smtp?.close();
});

async function openCase(page: Page): Promise<void> {
  await page.goto(`${env.baseUrl}/cases/${theCase.id}`);
  await page.getByRole('heading', { level: 1, name: `Case ${theCase.reference}` }).waitFor();
  await loaded(page);
}

describe('a draft e-mail', () => {
  it('is filled from a template, edited, saved, left, resumed from the case and sent; the case says it went', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page);
      await page.getByText('Send an e-mail', { exact: true }).click();
      const form = page.getByRole('form', { name: 'Send an e-mail' });
      await form.getByLabel('Start from a template').selectOption({ label: 'Acknowledgement' });
      const text = form.getByLabel('Text');
      await expect.poll(() => text.inputValue()).toMatch(/^Dear Amina Khan,/);
      await text.fill((await text.inputValue()).replace('within ten working days', 'by Friday'));
      await form.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByRole('status').filter({ hasText: /Draft e-mail saved at \d\d:\d\d: it is under Drafts on this case\./ }).waitFor();
      const drafts = page.getByRole('table', { name: 'Drafts on this case' });
      const row = drafts.getByRole('row').filter({ hasText: 'E-mail: We have your message' });
      await row.waitFor();
      expect(await row.textContent()).toContain('Owen Hughes');
      expect(await seriousAccessibilityProblems(page), 'case page with a saved draft').toEqual([]);

      // Away to the case list, and back: the draft waits on the case.
      await page.goto(`${env.baseUrl}/cases`);
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      await openCase(page);
      await row.getByRole('button', { name: /^Resume/ }).click();
      const resumed = page.getByRole('form', { name: 'Draft e-mail' });
      expect(await resumed.getByLabel('Subject').inputValue()).toBe('We have your message');
      expect(await resumed.getByLabel('Text').inputValue()).toContain('by Friday');
      expect(await seriousAccessibilityProblems(page), 'a draft resumed').toEqual([]);

      await resumed.getByRole('button', { name: 'Send the e-mail' }).click();
      await page.getByRole('status').filter({ hasText: 'E-mail to amina.khan@example.org queued to send.' }).waitFor();
      await drafts.waitFor({ state: 'detached' });
      const emails = page.getByRole('table', { name: 'E-mails from this case' });
      const sent = emails.getByRole('row').filter({ hasText: 'We have your message' });
      await sent.filter({ hasText: 'Waiting' }).waitFor();

      await (env.app.postbag.ctx.jobs as JobRunner).runDue();
      const [mail] = await smtp.acceptedWith('by Friday');
      expect(mail!.subject).toBe(`We have your message [${theCase.reference}]`);
      await page.reload();
      await loaded(page);
      await sent.filter({ hasText: 'Sent' }).waitFor();
      expect(await page.getByRole('table', { name: 'Drafts on this case' }).count(), 'the draft is gone once sent').toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('can begin as a reply to the constituent’s e-mail on the case, carried on from the case', async () => {
    const owen = await env.app.postbag.signIn(emailOf.owen);
    const raw = email({ from: 'Amina Khan <amina.khan@example.org>', subject: `Re: We have your message [${theCase.reference}]`, text: 'Thank you. Is there any news?' });
    const imported = await env.app.postbag.app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...owen.headers, 'content-type': 'message/rfc822' }, payload: raw });
    expect(imported.statusCode, imported.body).toBe(200);
    const inbox = await (await apiAs(env.app, emailOf.owen)).get<{ messages: { id: string; subject: string }[] }>('/inbox');
    const received = inbox.messages.find((m) => m.subject === `Re: We have your message [${theCase.reference}]`)!;

    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await page.goto(`${env.baseUrl}/messages/${received.id}`);
      await loaded(page);
      const reply = page.getByRole('region', { name: 'Reply' });
      await reply.getByRole('button', { name: 'Draft a reply on the case' }).click();
      await reply.getByRole('link', { name: `carry on with it on case ${theCase.reference}` }).click();
      await page.getByRole('heading', { level: 1, name: `Case ${theCase.reference}` }).waitFor();
      await loaded(page);
      const row = page.getByRole('table', { name: 'Drafts on this case' }).getByRole('row').filter({ hasText: `E-mail: Re: We have your message [${theCase.reference}]` });
      await row.getByRole('button', { name: /^Resume/ }).click();
      const resumed = page.getByRole('form', { name: 'Draft e-mail' });
      expect(await resumed.getByLabel('To (optional)').inputValue()).toBe('amina.khan@example.org');
      expect(await resumed.getByLabel('Text').inputValue()).toBe('Dear Amina Khan,');
      expect(await seriousAccessibilityProblems(page), 'a reply resumed').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
