import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JobRunner, PermanentJobError } from '../../src/platform/jobs/runner.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, navLabels, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

/** A job that fails at once, one left queued to cancel, and one a colleague cancels behind the page's back. */
const FAILED_KIND = 'test.export';
const QUEUED_KIND = 'test.reminder';
const RACED_KIND = 'test.digest';

/** How the page says when a job was created: "5 Mar 2026, 14:03". */
const CREATED = String.raw`\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}`;

/** The accessible name of a job's action button: it says which job. */
function actionName(action: 'Retry' | 'Cancel', kind: string): RegExp {
  return new RegExp(`^${action} job ${kind.replace('.', '\\.')} created ${CREATED}$`);
}

function jobRow(page: Page, kind: string) {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: kind, exact: true }) });
}

async function openJobs(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
  await page.getByRole('table', { name: 'Jobs' }).waitFor();
  await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
}

beforeAll(async () => {
  // Arranged as the owner: requests' own connection may not add a job outside an office transaction.
  // Kinds of the test's own, which the app's runner is not typed for.
  const jobs = env.app.postbag.ctx.jobs as JobRunner;
  const { db } = env.app.postbag.database;
  jobs.register(FAILED_KIND, async () => {
    throw new PermanentJobError('The export file was not found.');
  });
  jobs.register(QUEUED_KIND, async () => {});
  jobs.register(RACED_KIND, async () => {});
  await jobs.enqueue(db, { kind: FAILED_KIND, officeId: DEMO_OFFICE_ID, payload: {} });
  expect(await jobs.runDue()).toMatchObject({ claimed: 1, failed: 1 });
  // Due in an hour, so that nothing runs them before the test acts on them.
  const later = new Date(Date.now() + 3_600_000);
  await jobs.enqueue(db, { kind: QUEUED_KIND, officeId: DEMO_OFFICE_ID, payload: {}, runAt: later });
  await jobs.enqueue(db, { kind: RACED_KIND, officeId: DEMO_OFFICE_ID, payload: {}, runAt: later });
});

describe('the jobs page', () => {
  it('lets the office manager retry a failed job and cancel a queued one, announcing each, and shows a refusal', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openJobs(page);
      expect(await page.getByRole('columnheader', { name: 'Actions' }).isVisible()).toBe(true);

      // Each button says which job it acts on; only failed and cancelled jobs offer Retry, only queued ones Cancel.
      const failed = jobRow(page, FAILED_KIND);
      expect(await failed.getByText('Failed', { exact: true }).isVisible()).toBe(true);
      expect(await failed.getByRole('button', { name: actionName('Retry', FAILED_KIND) }).isVisible()).toBe(true);
      expect(await failed.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
      expect(await jobRow(page, QUEUED_KIND).getByRole('button', { name: /^Retry/ }).count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'jobs page with actions').toEqual([]);

      // Retry: the row comes back queued, the result is announced, and focus stays on the row's button.
      const retried = page.waitForResponse((response) => response.url().endsWith('/retry'));
      await failed.getByRole('button', { name: actionName('Retry', FAILED_KIND) }).click();
      expect((await retried).status()).toBe(200);
      await failed.getByText('Queued', { exact: true }).waitFor();
      const retryNotice = page.getByRole('status').filter({ hasText: new RegExp(`^Retried job ${FAILED_KIND.replace('.', '\\.')} created ${CREATED}: it is now queued\\.$`) });
      await retryNotice.waitFor();
      const cancelRetried = failed.getByRole('button', { name: actionName('Cancel', FAILED_KIND) });
      await cancelRetried.waitFor();
      expect(await cancelRetried.evaluate((button) => button === document.activeElement)).toBe(true);

      // Cancel the other queued job.
      const queued = jobRow(page, QUEUED_KIND);
      await queued.getByRole('button', { name: actionName('Cancel', QUEUED_KIND) }).click();
      await queued.getByText('Cancelled', { exact: true }).waitFor();
      await page.getByRole('status').filter({ hasText: new RegExp(`^Cancelled job ${QUEUED_KIND.replace('.', '\\.')} created `) }).waitFor();
      expect(await retryNotice.count()).toBe(0);
      await queued.getByRole('button', { name: actionName('Retry', QUEUED_KIND) }).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'jobs page after retrying and cancelling').toEqual([]);

      // A colleague cancels a job while this page still offers to cancel it: the server's refusal is shown, and the row brought up to date.
      const colleague = await env.app.postbag.signIn(demoUser(env.app.demo.users, 'data_protection_lead').email);
      const raced = jobRow(page, RACED_KIND);
      const listed = await env.app.postbag.app.inject({ method: 'GET', url: '/api/v1/jobs?status=queued', headers: { cookie: colleague.cookie } });
      const jobId = (listed.json() as { jobs: { id: string; kind: string }[] }).jobs.find((job) => job.kind === RACED_KIND)?.id;
      expect(jobId).toBeDefined();
      const cancelled = await env.app.postbag.app.inject({ method: 'POST', url: `/api/v1/jobs/${jobId}/cancel`, payload: {}, headers: colleague.headers });
      expect(cancelled.statusCode).toBe(200);

      const refused = page.waitForResponse((response) => response.url().endsWith('/cancel'));
      await raced.getByRole('button', { name: actionName('Cancel', RACED_KIND) }).click();
      const answer = await refused;
      expect(answer.status()).toBe(409);
      const { error } = (await answer.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('CONFLICT');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`Job ${RACED_KIND} created`);
      expect(await alert.textContent()).toContain(error.message);
      await raced.getByText('Cancelled', { exact: true }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'jobs page showing a refusal').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers the actions to the data protection lead too', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'data_protection_lead'), env.app.demo.password);
      await openJobs(page);
      // Whatever the test before did, there is a job to retry and one to cancel.
      const retry = page.getByRole('button', { name: new RegExp(`^Retry job test\\.\\w+ created ${CREATED}$`) });
      const cancel = page.getByRole('button', { name: new RegExp(`^Cancel job test\\.\\w+ created ${CREATED}$`) });
      expect(await retry.count()).toBeGreaterThan(0);
      expect(await cancel.count()).toBeGreaterThan(0);

      // Cancelling a job from the list of queued ones takes it off the list; the keyboard stays in the page.
      await page.getByLabel('Status').selectOption('queued');
      await page.getByRole('table', { name: 'Queued jobs' }).waitFor();
      await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
      const first = page.getByRole('button', { name: /^Cancel job / }).first();
      const name = (await first.textContent()) ?? '';
      const kind = /^Cancel job (\S+) created/.exec(name)?.[1] ?? '';
      expect(kind).not.toBe('');
      await first.click();
      await page.getByRole('status').filter({ hasText: `Cancelled job ${kind} created` }).waitFor();
      await page.waitForFunction((gone) => ![...document.querySelectorAll('td')].some((cell) => cell.textContent === gone), kind);
      expect(await page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not there for the member: no Jobs in the navigation, and no access by address', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'member'), env.app.demo.password);
      expect(await navLabels(page)).not.toContain('Jobs');
      await page.goto(`${env.baseUrl}/jobs`);
      await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      expect(await page.getByText('Your role does not give you access').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: /^(Retry|Cancel) job/ }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
