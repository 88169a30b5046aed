import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** Restriction of processing on the person page: the data protection lead sets and lifts it; everyone else sees only that it is so. */
const env = useStaffApp();
let personId: string;

beforeAll(async () => {
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Blodwen',
    familyName: 'Pritchard',
    source: 'letter',
    contactPoints: [{ kind: 'email', value: 'b.pritchard@example.org', source: 'letter', preferred: true }],
  });
  personId = person.id;
});

async function openPersonAs(page: Page, role: 'data_protection_lead' | 'caseworker'): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, role), env.app.demo.password);
  await page.goto(`${env.baseUrl}/people/${personId}`);
  await page.getByRole('heading', { level: 1, name: 'Blodwen Pritchard' }).waitFor();
  await loaded(page);
}

describe('restricting processing of a person', () => {
  it('the data protection lead restricts on a ground; a caseworker then sees the name and the restriction only; the lead lifts it', async () => {
    const lead = await newPage(env.browser, { forAxe: true });
    try {
      await openPersonAs(lead.page, 'data_protection_lead');
      const form = lead.page.getByRole('form', { name: 'Restrict processing' });
      await form.getByLabel('Ground for restricting').selectOption('accuracy_contested');
      await form.getByRole('button', { name: 'Restrict processing' }).click();
      const note = lead.page.getByRole('note', { name: 'Restricted' });
      await note.waitFor();
      expect(await note.textContent()).toContain('They say their record is wrong, while it is checked');
      // The lead still sees the whole record.
      expect(await lead.page.getByText('b.pritchard@example.org').count()).toBe(1);
      expect(await seriousAccessibilityProblems(lead.page), 'restricted, as the lead sees it').toEqual([]);
      expect(lead.pageErrors).toEqual([]);
    } finally {
      await lead.context.close();
    }

    const owen = await newPage(env.browser);
    try {
      await openPersonAs(owen.page, 'caseworker');
      const note = owen.page.getByRole('note', { name: 'Restricted' });
      await note.waitFor();
      expect(await note.textContent()).toContain('Only the data protection lead can see the rest of this record.');
      expect(await owen.page.getByText('b.pritchard@example.org').count()).toBe(0);
      expect(await owen.page.getByRole('link', { name: /Open a case/ }).count()).toBe(0);
      expect(await owen.page.getByRole('button', { name: /restrict/i }).count()).toBe(0);
      expect(owen.pageErrors).toEqual([]);
    } finally {
      await owen.context.close();
    }

    const again = await newPage(env.browser);
    try {
      await openPersonAs(again.page, 'data_protection_lead');
      await again.page.getByRole('button', { name: 'Lift the restriction' }).click();
      await again.page.getByRole('form', { name: 'Restrict processing' }).waitFor();
      expect(await again.page.getByRole('note', { name: 'Restricted' }).count()).toBe(0);
    } finally {
      await again.context.close();
    }
  });
});
