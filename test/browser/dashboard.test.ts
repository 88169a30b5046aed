import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, fillSignInForm, useStaffApp } from './staff-app.js';

const env = useStaffApp();

interface Figures {
  openCases: { total: number; byDue: { band: string; count: number }[] };
  office: { byOwner: { name: string | null; open: number; overdue: number }[]; openByTopic: { name: string | null; open: number; overdue: number }[] } | null;
}

/** The cells of a figure's table, row by row: the row's name, then its numbers as shown. */
function tableRows(page: Page, caption: string): Promise<string[][]> {
  return page
    .getByRole('table', { name: caption })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')));
}

/** Signs in from the first page, noting every script the browser fetched before and after. */
async function signInNotingScripts(page: Page, role: 'caseworker' | 'manager') {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(env.baseUrl);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const beforeSignIn = [...scripts];
  const user = demoUser(env.app.demo.users, role);
  await fillSignInForm(page, user.email, env.app.demo.password);
  return { beforeSignIn, scripts };
}

describe('the home dashboard', () => {
  it("shows a caseworker their open cases by due date in a table, a new overdue case counted, with the chart loaded after the first page", async () => {
    const owen = await apiAs(env.app, emailOf.owen);
    const before = await owen.get<Figures>('/dashboard');
    const person = await owen.post<{ id: string }>('/people', { givenName: 'Dafydd', familyName: 'Pritchard', source: 'phone' });
    await owen.post('/cases', { constituentIds: [person.id], summary: 'PIP review letter never arrived', dueOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) });
    const overdue = (f: Figures) => f.openCases.byDue.find((b) => b.band === 'overdue')!.count;

    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      const { beforeSignIn, scripts } = await signInNotingScripts(page, 'caseworker');
      await page.getByRole('heading', { level: 2, name: 'Your work at a glance' }).waitFor();
      await loaded(page);
      const byDue = await tableRows(page, 'Your open cases by due date');
      expect(byDue[0]).toEqual(['Overdue', String(overdue(before) + 1)]);
      const after = await owen.get<Figures>('/dashboard');
      expect(byDue.map((row) => row[1])).toEqual(after.openCases.byDue.map((b) => b.count.toLocaleString('en-GB')));
      await expect.poll(() => page.locator('.figure-panel svg.recharts-surface').count()).toBeGreaterThan(0);
      expect(beforeSignIn.some((path) => path.includes('FigureChart')), 'the sign-in page does not load the charts').toBe(false);
      expect(scripts.some((path) => path.includes('FigureChart')), 'the home page loads them').toBe(true);
      expect(await seriousAccessibilityProblems(page), 'caseworker home').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a manager the open and overdue cases of each caseworker and of each topic, as the API counts them', async () => {
    const office = (await (await apiAs(env.app, emailOf.manager)).get<Figures>('/dashboard')).office!;
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true, viewport: { width: 1366, height: 768 } });
    try {
      await signInNotingScripts(page, 'manager');
      await page.getByRole('heading', { level: 2, name: 'The office at a glance' }).waitFor();
      await loaded(page);
      expect(await tableRows(page, 'Open cases by caseworker')).toEqual(office.byOwner.map((o) => [o.name ?? 'No one yet', String(o.open), String(o.overdue)]));
      expect(office.byOwner.length).toBeGreaterThan(1);
      expect(await tableRows(page, 'Open cases by topic')).toEqual(office.openByTopic.map((o) => [o.name ?? 'No topic', o.open.toLocaleString('en-GB'), o.overdue.toLocaleString('en-GB')]));
      expect(office.openByTopic.filter((o) => o.name !== null).length, 'the demo office’s cases have topics').toBeGreaterThan(1);
      await page.getByRole('table', { name: 'Median days to close, by topic' }).waitFor();
      await expect.poll(() => page.locator('.figure-panel svg.recharts-surface').count()).toBeGreaterThan(3);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 1366 px').toBe(true);
      expect(await seriousAccessibilityProblems(page), 'manager home').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
