import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/platform/jobs/runner.js';
import * as bounce from '../../src/modules/correspondence/test-fixtures/bounces.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** A bounce that came in as mail, as a caseworker sees it: on the case's e-mails, the message, the person's address, and the inbox's count of those that matched nothing. */
const env = useStaffApp();
const FROM = 'office@example-constituency.org.uk';
const TO = 'carys.evans@example.org';
let smtp: SmtpTestServer;
let made: { personId: string; caseId: string; reference: string; messageId: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  const manager = await apiAs(env.app, emailOf.manager);
  await manager.put('/office/correspondence', { fromAddress: FROM, signature: '', letterheadAddress: '', privacyNoticeUrl: null });
  await manager.put('/office/correspondence/smtp', { host: '127.0.0.1', port: smtp.port, security: 'starttls', username: null });
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', { givenName: 'Carys', familyName: 'Evans', source: 'email', contactPoints: [{ kind: 'email', value: TO, preferred: true, source: 'email' }] });
  const theCase = await owen.post<{ id: string; reference: string }>('/cases', { constituentIds: [person.id], summary: 'Blue badge renewal refused' });
  const sent = await owen.post<{ id: string; internetMessageId: string }>(`/cases/${theCase.id}/emails`, { subject: 'Your blue badge', body: 'Dear Carys,\n\nI have written to the council.' });
  await (env.app.postbag.ctx.jobs as JobRunner).runDue();
  made = { personId: person.id, caseId: theCase.id, reference: theCase.reference, messageId: sent.id };
  const client = await env.app.postbag.signIn(emailOf.owen);
  for (const raw of [bounce.postfix({ id: sent.internetMessageId, to: TO, from: FROM }), bounce.qmail({ id: 'not-ours.77@elsewhere.example', to: TO, from: FROM })]) {
    const res = await env.app.postbag.app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...client.headers, 'content-type': 'message/rfc822' }, payload: raw });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => {
  await smtp?.close();
});

async function open(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${env.baseUrl}${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await loaded(page);
}

describe('a bounce, as staff see it', () => {
  it('says on the case, the message and the person that the e-mail was not delivered and why, and the inbox counts the one that matched nothing', async () => {
    const { page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      const said = `Not delivered to ${TO}: the mailbox does not exist (5.1.1)`;

      await open(page, `/cases/${made.caseId}`, `Case ${made.reference}`);
      const row = page.getByRole('table', { name: 'E-mails from this case' }).getByRole('row').filter({ hasText: 'Your blue badge' });
      await row.getByText(said).waitFor();
      expect(await row.textContent()).toContain('Sent');
      expect(await seriousAccessibilityProblems(page), 'case page with a bounced e-mail').toEqual([]);

      await open(page, `/messages/${made.messageId}`, /Your blue badge/);
      await page.getByRole('region', { name: 'About this message' }).getByText(said).waitFor();

      await open(page, `/people/${made.personId}`, 'Carys Evans');
      await page.getByText(/Bounced: not taking mail since .+ \(the mailbox does not exist, 5\.1\.1\)\. Campaign mail skips it\./).waitFor();
      expect(await seriousAccessibilityProblems(page), 'person page with a bounced address').toEqual([]);

      await open(page, '/inbox', 'Inbox');
      await page.getByText(/^1 bounce matched no e-mail this office sent, so nothing was changed for them \(the latest .+\)\.$/).waitFor();
      expect(await page.getByText('failure notice').count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'inbox with an unmatched report').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
