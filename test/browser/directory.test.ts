import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { address, apiAs, emailOf, loaded, overflowsSideways } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

interface Listed {
  organisations: { id: string; name: string; checkBeforeUse: boolean; contactEmail: string | null; notes: string | null }[];
  total: number;
}
const listed = async (q: string) => (await apiAs(env.app, emailOf.owen)).get<Listed>(`/organisations?q=${encodeURIComponent(q)}`);

beforeAll(async () => {
  // The office takes the starter directory, as a new office does.
  await (await apiAs(env.app, emailOf.owen)).post('/organisations/starter-directory', {});
});

async function openDirectory(page: Page): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  await loaded(page);
}

const table = (page: Page) => page.getByRole('table', { name: 'Organisations in the directory' });
const rowNames = async (page: Page) => (await table(page).locator('tbody tr td:first-child').allTextContents()).map((name) => name.trim());

describe('the directory', () => {
  it('lists the bodies with their contact route, marks routes to check, and finds them by name and kind', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openDirectory(page);
      const passport = table(page).getByRole('row').filter({ hasText: 'HM Passport Office' });
      expect(await passport.textContent()).toContain('Check before use');
      expect(await passport.textContent()).toContain('MP hotline');
      expect(await passport.getByRole('link', { name: 'www.gov.uk/passport-advice-line' }).getAttribute('href')).toBe('https://www.gov.uk/passport-advice-line');
      expect(await seriousAccessibilityProblems(page), 'the directory').toEqual([]);
      expect(await overflowsSideways(page), 'the directory is wider than the screen').toBe(false);

      const find = page.getByRole('search', { name: 'Find in the directory' });
      await find.getByLabel('Name').fill('dwp');
      await find.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/directory\?q=dwp$/);
      // Sorted: the order of names is the database's collation, which PGlite and PostgreSQL may not share.
      await expect
        .poll(async () => (await rowNames(page)).sort())
        .toEqual(['DWP Child Maintenance Service', 'DWP Pension Service', 'DWP Personal Independence Payment (PIP)', 'DWP Universal Credit', 'Department for Work and Pensions (DWP)'].sort());

      await find.getByLabel('Name').fill('');
      await find.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/directory$/);
      await find.getByLabel('Kind').selectOption({ label: 'NHS trust' });
      await page.waitForURL(/\/directory\?kind=nhs_trust$/);
      await expect.poll(() => rowNames(page)).toEqual(['Integrated Care Board (local NHS)', 'Local hospital trust PALS']);

      await find.getByLabel('Name').fill('no such body');
      await find.getByRole('button', { name: 'Search' }).click();
      await page.getByText('No organisation in the directory matches. Add it above.').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds the councils of the office’s area, chosen by region, each once and to check before use', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openDirectory(page);
      await page.locator('summary', { hasText: 'Add the councils of the office’s area' }).click();
      const councils = page.getByRole('form', { name: 'Add the councils of the office’s area' });
      await councils.getByLabel('Region').selectOption({ label: 'West Midlands' });
      const westMidlands = councils.getByRole('group', { name: 'Councils in West Midlands' });
      await westMidlands.getByLabel('Dudley Metropolitan Borough Council').check();
      await westMidlands.getByLabel('Sandwell Council').check();
      expect(await seriousAccessibilityProblems(page), 'choosing councils').toEqual([]);
      await councils.getByRole('button', { name: 'Add 2 councils' }).click();
      await page.getByText('2 councils added to the directory.').waitFor();
      await westMidlands.getByText('Dudley Metropolitan Borough Council (in the directory)').waitFor();
      expect(await westMidlands.getByLabel('Dudley Metropolitan Borough Council').count()).toBe(0);

      await page.getByRole('search', { name: 'Find in the directory' }).getByLabel('Kind').selectOption({ label: 'Local council' });
      await page.waitForURL(/\/directory\?kind=local_council$/);
      await expect.poll(() => rowNames(page)).toEqual(expect.arrayContaining(['Dudley Metropolitan Borough Council', 'Sandwell Council']));
      const sandwell = table(page).getByRole('row').filter({ hasText: 'Sandwell Council' });
      expect(await sandwell.textContent()).toContain('Check before use');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds an organisation with its contact route, refusing a bad e-mail address beside its field first', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openDirectory(page);
      await page.locator('summary', { hasText: 'Add an organisation' }).click();
      const adding = page.getByRole('group', { name: 'Add an organisation' });
      await adding.getByLabel('Name').fill('Halesowen Citizens Advice');
      await adding.getByLabel('Kind').selectOption({ label: 'Charity' });
      await adding.getByLabel('How to reach them').fill('Ask for the adviser on duty; quote the client’s name');
      await adding.getByLabel('E-mail address').fill('advice at halesowen');
      await adding.getByLabel('Phone number').fill('0800 144 8848');
      await adding.getByLabel('Postal address').fill('Cornbow Hall\nHagley Street\nHalesowen B63 3AZ');
      await adding.getByLabel('Web page').fill('www.citizensadvice.org.uk');
      expect(await seriousAccessibilityProblems(page), 'adding an organisation').toEqual([]);
      await adding.getByRole('button', { name: 'Add this organisation' }).click();
      await adding.getByText('Error: E-mail address must be an e-mail address, e.g. mp.enquiries@example.gov.uk.').waitFor();
      expect((await listed('Halesowen Citizens')).total).toBe(0);

      await adding.getByLabel('E-mail address').fill('Advice@Halesowen-CA.example.org');
      await adding.getByRole('button', { name: 'Add this organisation' }).click();
      await page.getByRole('heading', { level: 1, name: 'Halesowen Citizens Advice' }).waitFor();
      await page.getByText('Halesowen Citizens Advice added to the directory.').waitFor();
      const route = page.getByRole('region', { name: 'Casework contact route' });
      expect(await route.textContent()).toContain('Phone: 0800 144 8848');
      expect(await route.getByRole('link', { name: 'advice@halesowen-ca.example.org' }).getAttribute('href')).toBe('mailto:advice@halesowen-ca.example.org');
      expect(await route.getByText('Hagley Street').count()).toBe(1);
      // Written by the office, so nothing to check.
      expect(await route.getByText('Check before use').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('edits an organisation and confirms its route: a rename alone leaves it to check, a confirmed route loses the mark', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await openDirectory(page);
      await table(page).getByRole('link', { name: 'HM Passport Office' }).click();
      await page.getByRole('heading', { level: 1, name: 'HM Passport Office' }).waitFor();
      const route = page.getByRole('region', { name: 'Casework contact route' });
      await route.getByText('Check before use').waitFor();

      await route.locator('summary', { hasText: 'Edit the organisation' }).click();
      const editing = route.getByRole('group', { name: 'Edit HM Passport Office' });
      await editing.getByLabel('Name').fill('HM Passport Office (HMPO)');
      await editing.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'HM Passport Office (HMPO)' }).waitFor();
      await page.getByText('Changes saved.').waitFor();
      expect(await route.getByText('Check before use').count()).toBe(1);
      expect(await seriousAccessibilityProblems(page), 'an organisation to check').toEqual([]);

      const confirming = route.getByRole('form', { name: 'Confirm the contact route' });
      await confirming.getByLabel('How it was checked').selectOption({ label: 'Phone call' });
      await confirming.getByRole('button', { name: 'Confirm the route' }).click();
      await page.getByText('Contact route confirmed.').waitFor();
      await expect.poll(() => route.getByText('Check before use').count()).toBe(0);
      expect(await route.getByRole('form', { name: 'Confirm the contact route' }).count()).toBe(0);

      await route.locator('summary', { hasText: 'Edit the organisation' }).click();
      const again = route.getByRole('group', { name: 'Edit HM Passport Office (HMPO)' });
      await again.getByLabel('E-mail address').fill('mp.enquiries@hmpo.example.gov.uk');
      await again.getByLabel('Notes').fill('Urgent travel: ring first, then e-mail the booking reference.');
      await again.getByLabel('How these details were learnt').selectOption({ label: 'E-mail' });
      await again.getByRole('button', { name: 'Save changes' }).click();
      await route.getByRole('link', { name: 'mp.enquiries@hmpo.example.gov.uk' }).waitFor();
      expect(await route.textContent()).toContain('Urgent travel: ring first');

      const [saved] = (await listed('HMPO')).organisations;
      expect(saved).toMatchObject({ checkBeforeUse: false, contactEmail: 'mp.enquiries@hmpo.example.gov.uk' });

      await page.getByRole('link', { name: 'Back to the directory' }).click();
      await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
      const row = table(page).getByRole('row').filter({ hasText: 'HM Passport Office (HMPO)' });
      await row.waitFor();
      expect(await row.textContent()).not.toContain('Check before use');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds an agency missing from the directory from the new case form, and chooses it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await page.goto(`${env.baseUrl}/cases/new`);
      await page.getByRole('heading', { level: 1, name: 'Open a case' }).waitFor();
      const form = page.getByRole('form', { name: 'Open a case' });
      await form.getByLabel('Find an agency').fill('Whitmore Housing Trust');
      await form.getByText('No organisations match “Whitmore Housing Trust”.').waitFor();
      await form.locator('summary', { hasText: 'Not in the directory? Add an organisation' }).click();
      const adding = form.getByRole('group', { name: 'Add an organisation' });
      expect(await adding.getByLabel('Name').inputValue()).toBe('Whitmore Housing Trust');
      await adding.getByLabel('Kind').selectOption({ label: 'Other organisation' });
      await adding.getByLabel('E-mail address').fill('repairs@whitmore.example.org');
      expect(await seriousAccessibilityProblems(page), 'adding an agency from a picker').toEqual([]);
      await adding.getByRole('button', { name: 'Add this organisation' }).click();

      const chosen = form.getByRole('list', { name: 'Chosen agencies' });
      await chosen.waitFor();
      expect(await chosen.textContent()).toContain('Whitmore Housing Trust');
      expect(address(page)).toBe('/cases/new');
      expect((await listed('Whitmore')).organisations.map((o) => o.name)).toEqual(['Whitmore Housing Trust']);

      // One in the directory is chosen by search, as before.
      await form.getByLabel('Find an agency').fill('passport');
      await form.getByRole('list', { name: 'Matching organisations' }).getByRole('button', { name: /HM Passport Office/ }).click();
      expect(await chosen.textContent()).toContain('HM Passport Office');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
