import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { address, apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

function caseTable(page: Page) {
  return page.getByRole('table', { name: 'Cases' });
}

/** The text of one column in every row of the case list (counted after the column managers tick cases in). */
async function column(page: Page, index: number): Promise<string[]> {
  return caseTable(page)
    .locator('tbody tr')
    .evaluateAll((rows, i) => rows.map((row) => row.querySelectorAll('td:not(.select-cell)')[i]?.textContent?.trim() ?? ''), index);
}

async function openCaseList(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await caseTable(page).waitFor();
  await loaded(page);
}

/** Waits for the list to show the answer for the current address (the table is not marked busy). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('table[aria-busy]') === null && !document.body.textContent?.includes('Loading'));
}

describe('the case list', () => {
  it('opens on the open cases, fitting a 1366 by 768 screen with every column in view', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: { width: 1366, height: 768 } });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openCaseList(page);
      expect(address(page)).toBe('/cases');
      expect(await page.getByLabel('Status').inputValue()).toBe('active');
      const statuses = await column(page, 4);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses).not.toContain('Closed');
      const region = page.getByRole('region', { name: 'Cases' });
      const { scrollWidth, clientWidth } = await region.evaluate((box) => ({ scrollWidth: box.scrollWidth, clientWidth: box.clientWidth }));
      expect(scrollWidth, 'no column is cut off').toBeLessThanOrEqual(clientWidth);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters by status, owner and overdue, keeping the filters in the address so that Back undoes them', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openCaseList(page);
      expect(await seriousAccessibilityProblems(page), 'case list').toEqual([]);

      await page.getByLabel('Status').selectOption('closed');
      await page.waitForURL(/\?status=closed$/);
      await settled(page);
      expect(new Set(await column(page, 4))).toEqual(new Set(['Closed']));

      await page.getByLabel('Status').selectOption({ label: 'Any status' });
      await page.waitForURL(/\?status=any$/);
      await settled(page);
      const statuses = new Set(await column(page, 4));
      expect(statuses, 'closed cases and others').toContain('Closed');
      expect(statuses.size, 'the demo cases have several statuses').toBeGreaterThan(1);

      await page.getByLabel('Status').selectOption('active');
      await page.waitForURL((url) => url.pathname === '/cases' && url.search === '');
      await settled(page);
      const active = await column(page, 4);
      expect(active.length).toBeGreaterThan(0);
      expect(active).not.toContain('Closed');

      await page.getByLabel('Owner').selectOption({ label: 'Unassigned' });
      await page.waitForURL(/owner=none/);
      await settled(page);
      expect(address(page)).toBe('/cases?owner=none');
      expect(new Set(await column(page, 5))).toEqual(new Set(['Unassigned']));

      // A named colleague from the office's staff.
      await page.getByLabel('Owner').selectOption({ label: 'Grace Okafor' });
      await page.waitForURL(/owner=[0-9a-f-]{36}/);
      await settled(page);
      expect(new Set(await column(page, 5))).toEqual(new Set(['Grace Okafor']));

      await page.getByLabel('Owner').selectOption({ label: 'Anyone' });
      await page.waitForURL((url) => url.pathname === '/cases' && url.search === '');
      await page.getByLabel('Overdue only').check();
      await page.waitForURL(/\?overdue=true$/);
      await settled(page);
      const due = await column(page, 6);
      expect(due.length).toBeGreaterThan(0);
      for (const cell of due) expect(cell).toMatch(/Overdue$/);

      // Back undoes the last filter, and the controls show it.
      await page.goBack();
      await page.waitForURL((url) => url.search === '');
      await settled(page);
      expect(await page.getByLabel('Overdue only').isChecked()).toBe(false);
      await page.goBack();
      await page.waitForURL(/owner=[0-9a-f-]{36}/);
      expect(await page.getByLabel('Owner').inputValue()).not.toBe('');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters by topic', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openCaseList(page);
      const topic = (await column(page, 3)).find((text) => text !== 'None');
      expect(topic, 'a demo case has a topic').toBeDefined();
      await page.getByLabel('Topic').selectOption({ label: topic! });
      await page.waitForURL(/\?topic=[0-9a-f-]{36}$/);
      await settled(page);
      const topics = await column(page, 3);
      expect(topics.length).toBeGreaterThan(0);
      for (const cell of topics) expect(cell.split(', ')).toContain(topic);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sorts by a column heading, says so with aria-sort, and pages through the list', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openCaseList(page);
      // Every case, closed ones too: more than fit on a page.
      await page.getByLabel('Status').selectOption({ label: 'Any status' });
      await page.waitForURL(/\?status=any$/);
      await settled(page);
      const header = (name: string) => caseTable(page).getByRole('columnheader', { name: new RegExp(`^${name}`) });
      expect(await header('Opened').getAttribute('aria-sort')).toBe('descending');
      expect(await header('Reference').getAttribute('aria-sort')).toBe('none');

      await header('Reference').getByRole('link').click();
      await page.waitForURL(/\?status=any&sort=reference$/);
      await settled(page);
      expect(await header('Reference').getAttribute('aria-sort')).toBe('ascending');
      expect(await header('Opened').getAttribute('aria-sort')).toBe('none');
      const ascending = (await column(page, 0)).map((cell) => cell.slice(0, 9));
      expect(ascending[0]).toBe('PB-000001');
      expect(ascending).toEqual([...ascending].sort());

      await header('Reference').getByRole('link').click();
      await page.waitForURL(/\?status=any&sort=reference&order=desc$/);
      await settled(page);
      expect(await header('Reference').getAttribute('aria-sort')).toBe('descending');
      const descending = (await column(page, 0)).map((cell) => cell.slice(0, 9));
      expect(descending).toEqual([...descending].sort().reverse());

      // The manager sees more cases than fit on a page.
      const pages = page.getByRole('navigation', { name: 'Pages of cases' });
      expect(await pages.textContent()).toMatch(/Showing 1–20 of \d+ cases \(page 1 of 2\)/);
      await pages.getByRole('link', { name: /Next/ }).click();
      await page.waitForURL(/\?status=any&sort=reference&order=desc&page=2$/);
      await settled(page);
      const second = (await column(page, 0)).map((cell) => cell.slice(0, 9));
      expect(second.length).toBeGreaterThan(0);
      expect(second.some((reference) => descending.includes(reference))).toBe(false);

      await page.goBack();
      await page.waitForURL(/\?status=any&sort=reference&order=desc$/);
      await settled(page);
      expect((await column(page, 0)).map((cell) => cell.slice(0, 9))).toEqual(descending);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens a case from the form and goes to it', async () => {
    const owen = await apiAs(env.app, emailOf.owen);
    await owen.post('/people', { givenName: 'Philippa', familyName: 'Trevelyan-Jones', source: 'letter' });
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCaseList(page);
      await page.getByRole('link', { name: 'Open a case' }).click();
      await page.getByRole('heading', { level: 1, name: 'Open a case' }).waitFor();
      await loaded(page);
      expect(await seriousAccessibilityProblems(page), 'new case form').toEqual([]);

      // Nothing chosen: the server's refusal is shown, with the problem next to its field.
      await page.getByRole('button', { name: 'Open the case' }).click();
      await page.getByRole('alert').filter({ hasText: 'The case was not opened.' }).waitFor();
      expect(await page.getByRole('group', { name: 'Constituents' }).getByText('Error: Constituents must name at least one constituent.').isVisible()).toBe(true);

      await page.getByLabel('Find the constituent').fill('Trevelyan');
      await page.getByRole('button', { name: 'Choose Philippa Trevelyan-Jones' }).click();
      expect(await page.getByRole('list', { name: 'Chosen constituents' }).textContent()).toContain('Philippa Trevelyan-Jones');
      await page.getByLabel('Summary').fill('Garden waste collection missed for six weeks');
      await page.getByRole('group', { name: 'Topics' }).getByRole('checkbox').first().check();
      await page.getByLabel('Due date (optional)').fill('2030-01-31');
      expect(await seriousAccessibilityProblems(page), 'new case form, filled in').toEqual([]);
      await page.getByRole('button', { name: 'Open the case' }).click();

      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: /^Case PB-\d{6}$/ }).waitFor();
      await loaded(page);
      const about = page.getByRole('region', { name: 'About this case' });
      expect(await about.getByRole('link', { name: 'Philippa Trevelyan-Jones' }).getAttribute('href')).toMatch(/^\/people\/[0-9a-f-]{36}$/);
      expect(await about.textContent()).toContain('Owen Hughes');
      expect(await about.textContent()).toContain('31 Jan 2030');
      expect(await page.getByText('Garden waste collection missed for six weeks').first().isVisible()).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets a manager tick cases and give them to a colleague, all or none, naming a case that stops them', async () => {
    const owen = await apiAs(env.app, emailOf.owen);
    const person = await owen.post<{ id: string }>('/people', { givenName: 'Gwilym', familyName: 'Ap Rhys', source: 'phone' });
    const newCase = (summary: string) => owen.post<{ id: string; reference: string }>('/cases', { constituentIds: [person.id], summary });
    const staying = await newCase('Street light out on Ffordd y Parc for a month');
    const closing = await newCase('Pothole outside the school gates');
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
      await openCaseList(page);
      const form = page.getByRole('form', { name: 'Reassign selected cases' });
      expect(await form.getByRole('button', { name: 'Reassign selected' }).isDisabled()).toBe(true);
      const row = (reference: string) => caseTable(page).getByRole('row').filter({ hasText: reference });

      await caseTable(page).getByRole('checkbox', { name: `Select ${staying.reference}` }).check();
      await caseTable(page).getByRole('checkbox', { name: `Select ${closing.reference}` }).check();
      await form.getByText('2 cases selected.').waitFor();
      await form.getByLabel('Give them to').selectOption({ label: 'Grace Okafor' });
      expect(await seriousAccessibilityProblems(page), 'case list with cases ticked').toEqual([]);

      // Meanwhile Owen closes one of them: nothing is reassigned, and the page names the case that stopped it.
      await owen.post(`/cases/${closing.id}/close`, { outcome: 'resolved', outcomeNote: 'Council filled it in.' });
      await form.getByRole('button', { name: 'Reassign selected' }).click();
      await form.getByRole('alert').filter({ hasText: 'No case was reassigned.' }).waitFor();
      expect(await form.getByRole('listitem').allTextContents()).toEqual([`${closing.reference} is closed: reopen it first`]);
      expect(await row(staying.reference).textContent()).toContain('Owen Hughes');
      expect(await seriousAccessibilityProblems(page), 'case list with a refused reassignment').toEqual([]);

      await caseTable(page).getByRole('checkbox', { name: `Select ${closing.reference}` }).uncheck();
      await form.getByRole('button', { name: 'Reassign selected' }).click();
      await page.getByRole('status').filter({ hasText: '1 case given to Grace Okafor.' }).waitFor();
      await row(staying.reference).filter({ hasText: 'Grace Okafor' }).waitFor();
      expect(await caseTable(page).getByRole('checkbox', { name: `Select ${staying.reference}` }).isChecked()).toBe(false);
      await form.getByText('Tick cases in the list to reassign them.').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers no ticks and no reassigning to a caseworker', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCaseList(page);
      expect(await caseTable(page).getByRole('checkbox').count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Reassign selected cases' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
