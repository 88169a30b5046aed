import { describe, expect, it } from 'vitest';
import { apiAs, emailOf } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

describe('case access settings', () => {
  it('lets a manager keep each case to those named on it, after which a colleague finds neither the case nor its constituent', async () => {
    const owen = await apiAs(env.app, emailOf.owen);
    const person = await owen.post<{ id: string }>('/people', { givenName: 'Philippa', familyName: 'Quennell', source: 'phone' });
    const made = await owen.post<{ id: string }>('/cases', { constituentIds: [person.id], summary: 'Blue badge renewal refused after a move' });
    const grace = env.app.demo.users.find((u) => u.email === emailOf.grace)!;

    const colleague = await newPage(env.browser);
    try {
      // By default whoever answers the phone finds a colleague's case that is not sensitive.
      await signIn(colleague.page, env.baseUrl, grace, env.app.demo.password);
      await colleague.page.goto(`${env.baseUrl}/cases/${made.id}`);
      await colleague.page.getByText('Blue badge renewal refused after a move').first().waitFor();

      const manager = await newPage(env.browser, { forAxe: true });
      try {
        await signIn(manager.page, env.baseUrl, demoUser(env.app.demo.users, 'manager'), env.app.demo.password);
        await manager.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
        await manager.page.getByRole('link', { name: 'Case access' }).click();
        await manager.page.getByRole('heading', { level: 1, name: 'Case access' }).waitFor();
        expect(await manager.page.getByRole('radio', { name: /^Every case not marked sensitive/ }).isChecked()).toBe(true);
        await manager.page.getByRole('radio', { name: 'Only the cases they own or that are shared with them' }).check();
        expect(await seriousAccessibilityProblems(manager.page), 'case access page').toEqual([]);
        await manager.page.getByRole('button', { name: 'Save the setting' }).click();
        await manager.page.getByRole('status').getByText('Which cases caseworkers see was saved.').waitFor();
        expect(await manager.page.getByRole('radio', { name: 'Only the cases they own or that are shared with them' }).isChecked()).toBe(true);
        expect(manager.pageErrors).toEqual([]);
      } finally {
        await manager.context.close();
      }

      await colleague.page.goto(`${env.baseUrl}/cases/${made.id}`);
      await colleague.page.getByRole('heading', { level: 1, name: 'Case not found' }).waitFor();
      expect(await colleague.page.getByText('Blue badge renewal refused after a move').count()).toBe(0);
      await colleague.page.goto(`${env.baseUrl}/people/${person.id}`);
      await colleague.page.getByRole('heading', { level: 1, name: 'Person not found' }).waitFor();
      expect(await colleague.page.getByText('Quennell').count()).toBe(0);
      expect(colleague.pageErrors).toEqual([]);
    } finally {
      await colleague.context.close();
    }
  });
});
