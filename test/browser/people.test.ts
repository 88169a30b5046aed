import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { address, apiAs, emailOf, loaded, overflowsSideways } from './arrange.js';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

const made = {} as { person: string; organisation: string; caseReference: string; kept: string; duplicate: string };

beforeAll(async () => {
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Cornelius',
    familyName: 'Abernathy',
    source: 'letter',
    contactPoints: [
      { kind: 'email', value: 'c.abernathy@example.org', source: 'email', preferred: true },
      { kind: 'phone', value: '07911 123456', source: 'phone' },
      { kind: 'postal_address', lines: ['12 Canal Street'], postcode: 'b63 3aa', source: 'letter' },
    ],
  });
  made.person = person.id;
  const organisation = await owen.post<{ id: string }>('/organisations', { name: 'Halesowen Allotment Society', kind: 'community_group', source: 'event' });
  made.organisation = organisation.id;
  await owen.post(`/organisations/${organisation.id}/members`, { personId: person.id, role: 'Treasurer', source: 'event' });
  const opened = await owen.post<{ reference: string }>('/cases', { constituentIds: [person.id], summary: 'Allotment site flooding after the canal overflowed' });
  made.caseReference = opened.reference;

  const kept = await owen.post<{ id: string }>('/people', {
    givenName: 'Wilhelmina',
    familyName: 'Quigley',
    source: 'letter',
    contactPoints: [{ kind: 'email', value: 'w.quigley@example.org', source: 'letter' }],
  });
  const duplicate = await owen.post<{ id: string }>('/people', {
    givenName: 'Mina',
    familyName: 'Quigley',
    source: 'phone',
    flags: { vulnerable: true },
    contactPoints: [{ kind: 'phone', value: '07823 456789', source: 'phone' }],
  });
  await owen.post('/cases', { constituentIds: [duplicate.id], summary: 'Blue badge renewal refused' });
  made.kept = kept.id;
  made.duplicate = duplicate.id;
});

async function openPerson(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`${env.baseUrl}/people/${id}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await loaded(page);
}

describe('people', () => {
  it('lists people a page at a time, from the navigation', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      const table = page.getByRole('table', { name: 'People' });
      await table.waitFor();
      await loaded(page);
      expect(await table.locator('tbody tr').count()).toBe(25);
      const pages = page.getByRole('navigation', { name: 'Pages of people' });
      expect(await pages.textContent()).toMatch(/Showing 1–25 of \d+ people \(page 1 of 2\)/);
      expect(await seriousAccessibilityProblems(page), 'people list').toEqual([]);

      // The pager may say "page 2" before the rows are replaced: wait until the first row is no longer page 1's.
      const firstOnPageOne = (await table.locator('tbody tr').first().textContent()) ?? '';
      await pages.getByRole('link', { name: /Next/ }).click();
      await page.waitForURL(/\/people\?page=2$/);
      await pages.filter({ hasText: 'page 2 of 2' }).waitFor();
      await table.locator('tbody tr').first().filter({ hasNotText: firstOnPageOne }).waitFor();
      await loaded(page);
      const first = table.locator('tbody tr').first().getByRole('link');
      const name = (await first.textContent()) ?? '';
      await first.click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      expect(address(page)).toMatch(/^\/people\/[0-9a-f-]{36}$/);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a person’s contact details with their sources, their organisations and their cases', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openPerson(page, made.person, 'Cornelius Abernathy');
      const contacts = page.getByRole('table', { name: 'Contact details of Cornelius Abernathy' });
      const row = (text: string) => contacts.getByRole('row').filter({ hasText: text });
      expect(await row('c.abernathy@example.org').textContent()).toMatch(/E-mail\s*Preferred.*E-mail/);
      expect(await row('07911 123456').textContent()).toContain('Phone call');
      expect(await row('12 Canal Street, B63 3AA').textContent()).toContain('Letter');
      expect(await page.getByRole('list', { name: 'Flags' }).textContent()).toContain('Contactable');

      const organisations = page.getByRole('region', { name: 'Organisations' });
      expect(await organisations.textContent()).toContain('Treasurer');
      const cases = page.getByRole('table', { name: 'Cases of Cornelius Abernathy' });
      expect(await cases.textContent()).toContain('Allotment site flooding after the canal overflowed');
      expect(await seriousAccessibilityProblems(page), 'person page').toEqual([]);

      // Opening a case for them starts with them chosen.
      await page.getByRole('link', { name: 'Open a case for Cornelius Abernathy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Open a case' }).waitFor();
      await page.getByRole('list', { name: 'Chosen constituents' }).filter({ hasText: 'Cornelius Abernathy' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Cornelius Abernathy' }).waitFor();

      await page.getByRole('table', { name: 'Cases of Cornelius Abernathy' }).getByRole('link', { name: made.caseReference }).click();
      await page.getByRole('heading', { level: 1, name: `Case ${made.caseReference}` }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Cornelius Abernathy' }).waitFor();
      await loaded(page);

      // The organisation's page, and back to the person through its members.
      await organisations.getByRole('link', { name: 'Halesowen Allotment Society' }).click();
      await page.getByRole('heading', { level: 1, name: 'Halesowen Allotment Society' }).waitFor();
      expect(await page.getByText('Community group').first().isVisible()).toBe(true);
      const members = page.getByRole('table', { name: 'People at Halesowen Allotment Society' });
      expect(await members.getByRole('row').filter({ hasText: 'Cornelius Abernathy' }).textContent()).toContain('Treasurer');
      expect(await seriousAccessibilityProblems(page), 'organisation page').toEqual([]);
      await members.getByRole('link', { name: 'Cornelius Abernathy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cornelius Abernathy' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('merges a duplicate record after showing both side by side, then shows the kept person', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openPerson(page, made.kept, 'Wilhelmina Quigley');
      await page.getByRole('link', { name: 'Merge a duplicate into Wilhelmina Quigley’s record' }).click();
      await page.getByRole('heading', { level: 1, name: 'Merge a duplicate into Wilhelmina Quigley' }).waitFor();
      expect(address(page)).toBe(`/people/${made.kept}/merge`);

      await page.getByLabel('Find the duplicate record').fill('Quigley');
      // The kept record itself is not offered.
      const choices = page.getByRole('list', { name: 'Matching people' });
      await choices.waitFor();
      expect(await choices.textContent()).not.toContain('Wilhelmina');
      await choices.getByRole('button', { name: /^Choose Mina Quigley/ }).click();

      const kept = page.getByRole('region', { name: 'Kept: Wilhelmina Quigley' });
      const duplicate = page.getByRole('region', { name: 'Duplicate: Mina Quigley' });
      await duplicate.getByText('07823 456789').waitFor();
      expect(await kept.textContent()).toContain('w.quigley@example.org');
      expect(await duplicate.textContent()).toContain('Vulnerable');
      await duplicate.getByText('1 case').waitFor();
      expect(await page.getByText('Mina Quigley’s record is then deleted and cannot be brought back.').isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'merge screen').toEqual([]);

      await page.getByRole('button', { name: 'Merge Mina Quigley into Wilhelmina Quigley' }).click();
      await page.getByRole('heading', { level: 1, name: 'Records merged into Wilhelmina Quigley' }).waitFor();
      expect(await page.getByRole('status').textContent()).toContain('Moved: 1 contact point, 1 case.');
      const result = page.getByRole('region', { name: 'Kept: Wilhelmina Quigley' });
      expect(await result.textContent()).toContain('w.quigley@example.org');
      expect(await result.textContent()).toContain('07823 456789');
      expect(await result.textContent()).toContain('Vulnerable');

      await page.getByRole('link', { name: 'Go to Wilhelmina Quigley’s page' }).click();
      await page.getByRole('heading', { level: 1, name: 'Wilhelmina Quigley' }).waitFor();
      await loaded(page);
      expect(await page.getByRole('region', { name: 'Merged records' }).textContent()).toMatch(/a duplicate record was merged in by Owen Hughes, moving 1 contact point, 1 case/);
      expect(await page.getByRole('table', { name: 'Cases of Wilhelmina Quigley' }).textContent()).toContain('Blue badge renewal refused');

      // The duplicate's record is gone.
      await page.goto(`${env.baseUrl}/people/${made.duplicate}`);
      await page.getByRole('heading', { level: 1, name: 'Person not found' }).waitFor();
      expect(await page.getByText('No person with that id exists, or you do not have access to it.').isVisible()).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone’s width on a person’s page', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openPerson(page, made.person, 'Cornelius Abernathy');
      expect(await overflowsSideways(page)).toBe(false);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
