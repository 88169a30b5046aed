import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { email } from '../../src/modules/correspondence/test-fixtures/mail.js';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

const SUBJECT = 'Damp in the back bedroom since the roof repair';
const made = {} as { person: string };

beforeAll(async () => {
  const owen = await env.app.postbag.signIn(emailOf.owen);
  const raw = email({ from: 'Tobias Wrenfield <t.wrenfield@example.net>', subject: SUBJECT, text: 'The housing association has not come back to us.' });
  const response = await env.app.postbag.app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...owen.headers, 'content-type': 'message/rfc822' }, payload: raw });
  if (response.statusCode !== 200) throw new Error(`import answered ${response.statusCode}: ${response.body}`);
  const person = await (await apiAs(env.app, emailOf.owen)).post<{ id: string }>('/people', {
    givenName: 'Rosalind',
    familyName: 'Pemberton',
    source: 'letter',
    contactPoints: [{ kind: 'phone', value: '07911 234567', source: 'phone' }],
  });
  made.person = person.id;
});

async function signInAsCaseworker(page: Page): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
}

describe('adding and changing people', () => {
  it('adds the unknown sender of a message from the triage, prefilled from the message, and opens their case', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAsCaseworker(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).click();
      await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SUBJECT }).click();
      await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
      await loaded(page);
      const form = page.getByRole('form', { name: 'Open a new case' });
      await form.locator('summary', { hasText: 'Not found? Add a new person' }).click();
      const adding = form.getByRole('group', { name: 'Add a new person' });
      expect(await adding.getByLabel('Given name').inputValue()).toBe('Tobias');
      expect(await adding.getByLabel('Family name').inputValue()).toBe('Wrenfield');
      expect(await adding.getByLabel('E-mail address').inputValue()).toBe('t.wrenfield@example.net');
      expect(await seriousAccessibilityProblems(page), 'adding a person at triage').toEqual([]);

      // A bad postcode is named beside its field, and nobody is added.
      await adding.getByLabel('Postcode').fill('12345');
      await adding.getByRole('button', { name: 'Add this person' }).click();
      await adding.getByText('Error: Postcode must be a UK postcode, e.g. B63 3AA.').waitFor();
      expect(await form.getByRole('list', { name: 'Chosen constituents' }).count()).toBe(0);

      await adding.getByLabel('Postal address').fill('7 Orchard Row\nHalesowen');
      await adding.getByLabel('Postcode').fill('b63 3aa');
      await adding.getByRole('button', { name: 'Add this person' }).click();
      const chosen = form.getByRole('list', { name: 'Chosen constituents' });
      await chosen.waitFor();
      expect(await chosen.textContent()).toContain('Tobias Wrenfield');
      await form.getByRole('button', { name: 'Open the case' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: /^Case PB-\d+$/ }).waitFor();

      // The new person is found by search, with their e-mail and postcode beside the name, a typo forgiven.
      const search = page.getByRole('search', { name: 'Site' }).getByRole('searchbox');
      await search.fill('wrenfeld');
      await search.press('Enter');
      const result = page.getByRole('list', { name: 'Search results' }).getByRole('listitem').filter({ hasText: 'Tobias Wrenfield' });
      await result.waitFor();
      expect(await result.textContent()).toContain('t.wrenfield@example.net');
      expect(await result.textContent()).toContain('B63 3AA');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('changes a person’s names, flags and contact details on their page, each contact detail with its source', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAsCaseworker(page);
      await page.goto(`${env.baseUrl}/people/${made.person}`);
      await page.getByRole('heading', { level: 1, name: 'Rosalind Pemberton' }).waitFor();
      await loaded(page);
      const contacts = page.getByRole('table', { name: 'Contact details of Rosalind Pemberton' });
      expect(await contacts.textContent()).toContain('07911 234567');

      await page.locator('summary', { hasText: 'Change names' }).click();
      const names = page.getByRole('form', { name: 'Change names' });
      await names.getByLabel('Title (optional)').fill('Dr');
      await names.getByLabel('Given name').fill('Ros');
      await names.getByRole('button', { name: 'Save names' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ros Pemberton' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Names saved: Dr Ros Pemberton.' }).waitFor();

      await page.locator('summary', { hasText: 'Change flags' }).click();
      const flags = page.getByRole('form', { name: 'Change flags' });
      await flags.getByLabel('Vulnerable').check();
      await flags.getByRole('button', { name: 'Save flags' }).click();
      await page.getByRole('list', { name: 'Flags' }).getByText('Vulnerable').waitFor();

      await page.locator('summary', { hasText: 'Add contact details' }).click();
      const add = page.getByRole('form', { name: 'Add contact details' });
      await add.getByLabel('Kind').selectOption('email');
      await add.getByLabel('E-mail address').fill('not an address');
      await add.getByRole('button', { name: 'Add contact details' }).click();
      await add.getByText('Error: E-mail address must be an e-mail address, e.g. name@example.org.').waitFor();

      await add.getByLabel('E-mail address').fill('ros.pemberton@example.org');
      await add.getByLabel('How it was collected').selectOption('event');
      await add.getByRole('button', { name: 'Add contact details' }).click();
      const row = page.getByRole('table', { name: 'Contact details of Ros Pemberton' }).getByRole('row').filter({ hasText: 'ros.pemberton@example.org' });
      await row.waitFor();
      expect(await row.textContent()).toContain('Event');
      expect(await seriousAccessibilityProblems(page), 'person page with its forms').toEqual([]);

      await page.getByRole('button', { name: 'Remove 07911 234567' }).click();
      await page.getByRole('status').filter({ hasText: 'Phone removed.' }).waitFor();
      // The notice can come before the table is read again: wait for the table without the phone, then check the rest stayed.
      const details = page.getByRole('table', { name: 'Contact details of Ros Pemberton' });
      await details.filter({ hasNotText: '07911 234567' }).waitFor();
      expect(await details.textContent()).toContain('ros.pemberton@example.org');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a person from the list of people, landing on their page', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAsCaseworker(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      await page.locator('summary', { hasText: 'Add a person' }).click();
      const adding = page.getByRole('group', { name: 'Add a new person' });
      await adding.getByLabel('Given name').fill('Anwen');
      await adding.getByRole('button', { name: 'Add this person' }).click();
      await adding.getByText('Error: Family name must not be empty.').waitFor();
      expect(await seriousAccessibilityProblems(page), 'adding a person from the list').toEqual([]);

      await adding.getByLabel('Family name').fill('Llewellyn');
      await adding.getByLabel('Phone number').fill('07911 234568');
      await adding.getByLabel('How these details were collected').selectOption('phone');
      await adding.getByRole('button', { name: 'Add this person' }).click();
      await page.getByRole('heading', { level: 1, name: 'Anwen Llewellyn' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Anwen Llewellyn added.' }).waitFor();
      const row = page.getByRole('table', { name: 'Contact details of Anwen Llewellyn' }).getByRole('row').filter({ hasText: '07911 234568' });
      expect(await row.textContent()).toContain('Phone call');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
