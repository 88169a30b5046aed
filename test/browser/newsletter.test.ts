import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOffice } from '../../src/db/scope.js';
import { recordConsentEvent } from '../../src/modules/consent/service.js';
import { FROM } from '../../src/modules/correspondence/outbound/test-fixtures/support.js';
import { systemActor } from '../../src/platform/audit/audit.js';
import type { JobRunner } from '../../src/platform/jobs/runner.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { parseMail, type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** A newsletter as the office manager sends it: written in the editor, previewed with its counts, tried on themselves, sent, and reported on. */
const env = useStaffApp();
let smtp: SmtpTestServer;
const readers = [
  { givenName: 'Amina', familyName: 'Khan', address: 'amina.khan@example.org', consent: 'given' },
  { givenName: 'Gareth', familyName: 'Lloyd', address: 'gareth.lloyd@example.org', consent: 'given' },
  { givenName: 'Priya', familyName: 'Shah', address: 'priya.shah@example.org', consent: 'given' },
  { givenName: 'Ruth', familyName: 'Green', address: 'ruth.green@example.org', consent: 'withdrawn' },
] as const;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const manager = await apiAs(env.app, emailOf.manager);
  await manager.put('/office/correspondence', { fromAddress: FROM, signature: 'Member of Parliament for Example', letterheadAddress: 'House of Commons', privacyNoticeUrl: null });
  await manager.put('/office/correspondence/smtp', { host: '127.0.0.1', port: smtp.port, security: 'starttls', username: null });
  await manager.put('/newsletters/settings', { messagesPerMinute: 60_000 });
  const purposes = await manager.get<{ purposes: { id: string; name: string }[] }>('/processing/purposes');
  const purposeId = purposes.purposes.find((p) => p.name === 'Communications')!.id;
  const owen = await apiAs(env.app, emailOf.owen);
  const { database, keystore } = env.app.postbag;
  for (const r of readers) {
    const person = await owen.post<{ id: string }>('/people', { givenName: r.givenName, familyName: r.familyName, source: 'web_form', contactPoints: [{ kind: 'email', value: r.address, preferred: true, source: 'web_form' }] });
    await withOffice(database.db, DEMO_OFFICE_ID, async (tx) => {
      const event = (kind: 'given' | 'withdrawn', occurredAt: Date) =>
        recordConsentEvent(keystore, tx, DEMO_OFFICE_ID, systemActor, { personId: person.id, purposeId, kind, method: 'web_form', wording: 'Send me news from the office.', occurredAt });
      await event('given', new Date(Date.now() - 60_000));
      if (r.consent === 'withdrawn') await event('withdrawn', new Date(Date.now() - 1_000));
    });
  }
});
afterAll(async () => {
  await smtp?.close();
});

/** Runs the mailing's slices and every e-mail's send until nothing is due. */
async function runJobs() {
  const jobs = env.app.postbag.ctx.jobs as JobRunner;
  while ((await jobs.runDue({ maxJobs: 100 })).claimed > 0);
}

describe('newsletters', () => {
  it('writes a mailing, previews who gets it and who is left out, sends a test and then the mailing, and shows the report', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Newsletters', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Newsletters' }).waitFor();
      await loaded(page);
      await page.getByRole('link', { name: 'New mailing' }).click();
      await page.getByRole('heading', { level: 1, name: 'New mailing' }).waitFor();

      const form = page.getByRole('form', { name: 'Mailing' });
      await form.getByLabel('Subject').fill('Surgeries this winter');
      const editor = form.getByRole('textbox', { name: 'Message' });
      await editor.click();
      await page.keyboard.type('Dear {{constituent.givenName}}, ');
      await form.getByRole('button', { name: 'Bold' }).click();
      await page.keyboard.type('the next surgery is on Friday');
      await form.getByRole('button', { name: 'Bold' }).click();
      await page.keyboard.type(' at the library.');
      await form.getByLabel('Purpose').selectOption({ label: 'Communications' });
      expect(await seriousAccessibilityProblems(page), 'the composer').toEqual([]);
      await form.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByRole('heading', { level: 1, name: 'Surgeries this winter' }).waitFor();
      await loaded(page);

      await page.getByRole('button', { name: 'Preview the audience' }).click();
      const audience = page.getByRole('region', { name: 'Audience' });
      await audience.waitFor();
      expect(await audience.textContent()).toContain('3 people would get it now.');
      expect(await audience.getByRole('listitem').allTextContents()).toEqual(['1 person withdrew their consent']);
      const frame = page.frameLocator('iframe[title^="The mailing, formatted"]');
      expect(await frame.locator('strong').textContent()).toBe('the next surgery is on Friday');
      expect(await seriousAccessibilityProblems(page), 'the preview').toEqual([]);

      await page.getByRole('button', { name: 'Send a test to me' }).click();
      await page.getByRole('status').filter({ hasText: `A test was sent to ${emailOf.manager}` }).waitFor();
      await runJobs();
      const [test] = await smtp.acceptedWith('[Test] Surgeries this winter');
      expect(test!.html).toContain('<strong>the next surgery is on Friday</strong>');

      await audience.getByRole('button', { name: 'Send to 3 people' }).click();
      await page.getByRole('region', { name: 'Report' }).waitFor();
      await runJobs();
      await smtp.acceptedWith('priya.shah@example.org');
      const mails = await Promise.all(smtp.accepted().map(parseMail));
      const to = mails.filter((m) => m.subject === 'Surgeries this winter').map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address);
      expect(to.sort()).toEqual(['amina.khan@example.org', 'gareth.lloyd@example.org', 'priya.shah@example.org']);
      const amina = mails.find((m) => m.text?.includes('Dear Amina,'))!;
      expect(amina.text).toContain('the next surgery is on Friday at the library.');

      await page.getByRole('button', { name: 'Refresh the report' }).click();
      const report = page.getByRole('definition');
      await page.getByRole('term').filter({ hasText: /^Sent$/ }).waitFor();
      await expect.poll(async () => (await report.allTextContents()).join(',')).toBe('3,3,0,0,0,0');
      expect(await seriousAccessibilityProblems(page), 'the report').toEqual([]);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Newsletters', exact: true }).click();
      const row = page.getByRole('table', { name: 'Mailings' }).getByRole('row').filter({ hasText: 'Surgeries this winter' });
      await row.filter({ hasText: 'Sent' }).waitFor();
      expect(await row.textContent()).toContain('Communications');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
