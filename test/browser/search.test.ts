import { beforeAll, describe, expect, it } from 'vitest';
import { address, apiAs, emailOf, loaded } from './arrange.js';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

const made = {} as { person: string; caseId: string; reference: string };

beforeAll(async () => {
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Marguerite',
    familyName: 'Okonkwo-Smith',
    source: 'letter',
    contactPoints: [{ kind: 'email', value: 'm.okonkwo@example.org', source: 'letter' }],
  });
  made.person = person.id;
  const opened = await owen.post<{ id: string; reference: string }>('/cases', { constituentIds: [person.id], summary: 'Ferry timetable cut leaves commuters stranded' });
  made.caseId = opened.id;
  made.reference = opened.reference;
});

describe('search', () => {
  it('finds a person and a case as the user types, announces the count, and links to their pages', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    const searched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/search')) searched.push(request.url());
    });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      // The header's box leads to the search page, without the words in the address.
      const header = page.getByRole('search', { name: 'Site' });
      await header.getByLabel('Search people, organisations and cases').fill('okonkwo');
      await header.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
      expect(address(page)).toBe('/search');
      const box = page.getByLabel('Search for');
      expect(await box.inputValue()).toBe('okonkwo');

      const results = page.getByRole('list', { name: 'Search results' });
      const person = results.getByRole('listitem').filter({ hasText: 'Marguerite Okonkwo-Smith' });
      await person.waitFor();
      expect(await person.textContent()).toMatch(/^Person/);
      await page.getByRole('status').filter({ hasText: /^\d+ results? for “okonkwo”$/ }).waitFor();
      expect(await seriousAccessibilityProblems(page), 'search page with results').toEqual([]);

      // Typing quickly sends one search once typing pauses, not one per key.
      const before = searched.length;
      await box.fill('');
      await box.pressSequentially('ferry timet', { delay: 20 });
      const found = results.getByRole('listitem').filter({ hasText: made.reference });
      await found.waitFor();
      expect(await found.textContent()).toMatch(/^Case/);
      expect(await found.textContent()).toContain('Ferry timetable cut leaves commuters stranded');
      await page.getByRole('status').filter({ hasText: /for “ferry timet”$/ }).waitFor();
      expect(searched.length - before).toBeLessThanOrEqual(3);
      // What was searched for never went into an address.
      expect(searched.every((url) => !url.includes('ferry') && !url.includes('okonkwo'))).toBe(true);

      // Keyboard: down from the box into the results, Enter follows the link.
      await box.press('ArrowDown');
      expect(await found.getByRole('link').evaluate((link) => link === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: `Case ${made.reference}` }).waitFor();
      expect(address(page)).toBe(`/cases/${made.caseId}`);

      // Back returns to the same search.
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
      expect(await page.getByLabel('Search for').inputValue()).toBe('ferry timet');
      await found.waitFor();

      await page.getByLabel('Search for').fill('m.okonkwo@');
      await person.getByRole('link', { name: 'Marguerite Okonkwo-Smith' }).click();
      await page.getByRole('heading', { level: 1, name: 'Marguerite Okonkwo-Smith' }).waitFor();
      expect(address(page)).toBe(`/people/${made.person}`);

      // Nothing found is said too.
      await page.goto(`${env.baseUrl}/search`);
      await page.getByLabel('Search for').fill('zzxqvj');
      await page.getByRole('status').filter({ hasText: 'Nothing found for “zzxqvj”' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works on a phone from the header box', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone, forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      const header = page.getByRole('search', { name: 'Site' });
      await header.getByLabel('Search people, organisations and cases').fill(made.reference);
      await header.getByLabel('Search people, organisations and cases').press('Enter');
      await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: made.reference }).waitFor();
      await loaded(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'search page on a phone').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the home page', () => {
  it('lists my open tasks, marking overdue ones', async () => {
    const owen = await apiAs(env.app, emailOf.owen);
    await owen.post(`/cases/${made.caseId}/tasks`, { text: 'Ring the ferry operator', dueOn: '2020-02-01' });
    await owen.post(`/cases/${made.caseId}/tasks`, { text: 'Write to the harbour board', dueOn: '2099-02-01' });
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      const tasks = page.getByRole('table', { name: 'My tasks' });
      await tasks.waitFor();
      const overdue = tasks.getByRole('row').filter({ hasText: 'Ring the ferry operator' });
      expect(await overdue.textContent()).toContain('Overdue');
      expect(await overdue.textContent()).toContain('1 Feb 2020');
      const later = tasks.getByRole('row').filter({ hasText: 'Write to the harbour board' });
      expect(await later.textContent()).not.toContain('Overdue');
      expect(await seriousAccessibilityProblems(page), 'home page with tasks').toEqual([]);
      await overdue.getByRole('link', { name: made.reference }).click();
      await page.getByRole('heading', { level: 1, name: `Case ${made.reference}` }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
