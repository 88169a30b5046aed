import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, emailOf, loaded, overflowsSideways } from './arrange.js';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

interface Created {
  id: string;
  reference: string;
}

/** Cases made for these tests through the API, with a constituent and an agency of their own. */
const made = {} as { plain: Created; flagged: Created; work: Created; hidden: Created; tasked: Created; taskId: string; agency: string };

beforeAll(async () => {
  // This office keeps each case to those named on it (not every caseworker sees it), so that Grace cannot see Owen's cases.
  const manager = await env.app.postbag.signIn(emailOf.manager);
  const setting = await env.app.postbag.app.inject({ method: 'PATCH', url: '/api/v1/office', headers: manager.headers, payload: { caseworkersSeeAllCases: false } });
  expect(setting.statusCode, setting.body).toBe(200);
  const owen = await apiAs(env.app, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', { givenName: 'Rosalind', familyName: 'Achterberg', source: 'letter' });
  const agency = await owen.post<{ id: string }>('/organisations', { name: 'Riverside Housing Association', kind: 'public_body', source: 'public_source' });
  made.agency = agency.id;
  made.plain = await owen.post<Created>('/cases', { constituentIds: [person.id], summary: 'Broken boiler in a rented flat, landlord not responding' });
  made.work = await owen.post<Created>('/cases', { constituentIds: [person.id], summary: 'Damp in the children’s bedroom since the roof repair' });
  made.flagged = await owen.post<Created>('/cases', {
    constituentIds: [person.id],
    summary: 'Needs a hospital appointment brought forward; her diabetes is getting worse',
  });
  made.tasked = await owen.post<Created>('/cases', { constituentIds: [person.id], summary: 'Asked how to get a residents’ parking permit' });
  made.taskId = (await owen.post<{ id: string }>(`/cases/${made.tasked.id}/tasks`, { text: 'Post the parking permit form' })).id;
  // Grace's sensitive case: Owen may not see it.
  const grace = await apiAs(env.app, emailOf.grace);
  made.hidden = await grace.post<Created>('/cases', { constituentIds: [person.id], summary: 'Safeguarding concern raised by a neighbour', sensitive: true });
});

async function openCase(page: Page, id: string, reference: string): Promise<void> {
  await page.goto(`${env.baseUrl}/cases/${id}`);
  await page.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  await loaded(page);
}

const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const firstEntry = (page: Page) => timeline(page).getByRole('listitem').first();
const statusSection = (page: Page) => page.getByRole('region', { name: 'Status' });
const caseStatus = (page: Page) => page.getByRole('region', { name: 'About this case' }).locator('dd').first();

describe('the case page', () => {
  it('adds a note to the timeline, moves the case on, and closes it only with an outcome note', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.plain.id, made.plain.reference);
      expect(await page.getByText('Broken boiler in a rented flat, landlord not responding').isVisible()).toBe(true);
      expect(await firstEntry(page).textContent()).toContain('Case opened');
      expect(await seriousAccessibilityProblems(page), 'case page').toEqual([]);

      // A note goes to the top of the timeline, with who wrote it; the change is announced.
      await page.getByLabel('Note', { exact: true }).fill('Called the landlord; he will send an engineer on Friday.');
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByRole('status').filter({ hasText: 'Note added to the timeline.' }).waitFor();
      await firstEntry(page).filter({ hasText: 'Called the landlord; he will send an engineer on Friday.' }).waitFor();
      expect(await firstEntry(page).textContent()).toContain('Owen Hughes');
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe('');

      // Only the moves the workflow allows are offered: a new case can be opened, or closed at once.
      expect(await statusSection(page).getByRole('button').allTextContents()).toEqual(['Mark as open', 'Close the case']);
      await statusSection(page).getByRole('button', { name: 'Mark as open' }).click();
      await firstEntry(page).filter({ hasText: 'Status changed from new to open' }).waitFor();
      expect(await caseStatus(page).textContent()).toContain('Open');
      await statusSection(page).getByRole('button', { name: 'Mark as awaiting agency' }).waitFor();

      // Closing without a note: refused, and the user can see why and where.
      const closeForm = page.getByRole('form', { name: 'Close the case' });
      await closeForm.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Resolved' });
      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      const refusal = closeForm.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('The case was not closed.');
      expect(await closeForm.getByText('Error: Outcome note must not be empty.').isVisible()).toBe(true);
      expect(await caseStatus(page).textContent()).toContain('Open');
      expect(await seriousAccessibilityProblems(page), 'case page with a refusal').toEqual([]);

      await closeForm.getByLabel('Outcome note').fill('The boiler was replaced.');
      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      await firstEntry(page).filter({ hasText: 'Closed: resolved' }).waitFor();
      expect(await caseStatus(page).textContent()).toContain('Closed');
      expect(await caseStatus(page).textContent()).toContain('Outcome: Resolved');
      expect(await caseStatus(page).textContent()).toContain('The boiler was replaced.');
      // A closed case can only be reopened.
      expect(await statusSection(page).getByRole('button').allTextContents()).toEqual(['Reopen the case']);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('closes a new case at once, asking what becomes of its open task, and closes the task with it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.tasked.id, made.tasked.reference);
      const closeForm = page.getByRole('form', { name: 'Close the case' });
      const choice = closeForm.getByRole('group', { name: 'The case has an open task' });
      await choice.waitFor();
      expect(await seriousAccessibilityProblems(page), 'a new case with an open task').toEqual([]);

      // Not saying what becomes of the task: refused, and the question says why.
      await closeForm.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Resolved' });
      await closeForm.getByLabel('Outcome note').fill('Told her how to apply online; she will do it tonight.');
      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      await closeForm.getByRole('alert').waitFor();
      expect(await choice.getByText('must say what becomes of its open task: close (with the case) or keep (open)').isVisible()).toBe(true);
      expect(await caseStatus(page).textContent()).toContain('New');
      expect(await seriousAccessibilityProblems(page), 'the question refused').toEqual([]);

      await choice.getByLabel('Close it with the case').check();
      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      await page.getByRole('status').filter({ hasText: 'The case is closed: resolved. Its open task closed with it.' }).waitFor();
      await firstEntry(page).filter({ hasText: 'Closed: resolved, with its open task' }).waitFor();
      expect(await caseStatus(page).textContent()).toContain('Closed');
      const task = timeline(page).getByRole('listitem').filter({ hasText: 'Post the parking permit form' });
      expect(await task.textContent()).toContain('Task (done)');
      expect(await task.getByRole('button').count()).toBe(0);
      // It has left Owen's list of tasks.
      const owen = await apiAs(env.app, emailOf.owen);
      const { tasks } = await owen.get<{ tasks: { id: string }[] }>('/tasks');
      expect(tasks.map((x) => x.id)).not.toContain(made.taskId);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows what flagged a case as special category, and closes it only once the Article 9 condition is recorded', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.flagged.id, made.flagged.reference);
      const panel = page.getByRole('region', { name: 'Special category data' });
      const health = panel.getByRole('listitem').filter({ hasText: 'Health' });
      expect(await health.textContent()).toContain('diabetes');
      expect(await health.textContent()).toContain('hospital');
      expect(await panel.textContent()).toContain('not recorded yet');
      expect(await seriousAccessibilityProblems(page), 'flagged case page').toEqual([]);

      await statusSection(page).getByRole('button', { name: 'Mark as open' }).click();
      // The close form is there from the start (a new case may be closed): wait for the move to land first.
      await firstEntry(page).filter({ hasText: 'Status changed from new to open' }).waitFor();
      const closeForm = page.getByRole('form', { name: 'Close the case' });
      await closeForm.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Resolved' });
      await closeForm.getByLabel('Outcome note').fill('Appointment moved to next week.');
      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      const refusal = closeForm.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('record the Article 9 condition');
      expect(await caseStatus(page).textContent()).toContain('Open');

      await panel.getByLabel(/^DPA 2018 Schedule 1 paragraph 23/).check();
      await panel.getByRole('button', { name: 'Record condition' }).click();
      await panel.getByText(/Article 9 condition: DPA 2018 Schedule 1 paragraph 23.*recorded .* by Owen Hughes/).waitFor();

      await closeForm.getByRole('button', { name: 'Close the case' }).click();
      await firstEntry(page).filter({ hasText: 'Closed: resolved' }).waitFor();
      expect(await caseStatus(page).textContent()).toContain('Closed');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a task and marks it done, records an agency contact and the constituent’s consent to share', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.work.id, made.work.reference);

      await page.getByText('Add a task', { exact: true }).click();
      const taskForm = page.getByRole('form', { name: 'Add a task' });
      await taskForm.getByLabel('Task').fill('Chase the engineer’s report');
      await taskForm.getByLabel('For').selectOption({ label: 'Grace Okafor' });
      await taskForm.getByLabel('Due date (optional)').fill('2020-01-15');
      await taskForm.getByRole('button', { name: 'Add task' }).click();
      // Grace cannot see Owen's case: the server says so, next to the field.
      await taskForm.getByRole('alert').waitFor();
      expect(await taskForm.getByText('Error: For must be a current member of staff who can see the case.').isVisible()).toBe(true);
      await taskForm.getByLabel('For').selectOption({ label: 'Me' });
      await taskForm.getByRole('button', { name: 'Add task' }).click();
      const task = firstEntry(page).filter({ hasText: 'Chase the engineer’s report' });
      await task.waitFor();
      expect(await task.textContent()).toMatch(/For Owen Hughes · Due 15 Jan 2020\s*Overdue/);
      await task.getByRole('button', { name: 'Mark done: Chase the engineer’s report' }).click();
      await task.getByText('Done', { exact: true }).waitFor();
      expect(await task.getByRole('button').count()).toBe(0);

      await page.getByText('Record a contact with an agency', { exact: true }).click();
      const contactForm = page.getByRole('form', { name: 'Record a contact with an agency' });
      await contactForm.getByLabel('Find the agency').fill('Riverside Housing');
      await contactForm.getByRole('button', { name: /^Choose Riverside Housing Association/ }).click();
      await contactForm.getByLabel('They contacted us').check();
      await contactForm.getByLabel('What was said').fill('They confirmed the repair is booked.');
      await contactForm.getByRole('button', { name: 'Record contact' }).click();
      const contact = firstEntry(page).filter({ hasText: 'They confirmed the repair is booked.' });
      await contact.waitFor();
      expect(await contact.textContent()).toContain('Contact from Riverside Housing Association');
      expect(await contact.textContent()).toContain('Incoming');
      // The agency joined the case.
      await page.getByRole('region', { name: 'About this case' }).getByRole('link', { name: 'Riverside Housing Association' }).waitFor();

      const consents = page.getByRole('region', { name: 'Consent to share with agencies' });
      await consents.getByText('Record consent to share').click();
      const consentForm = consents.getByRole('form', { name: 'Record consent to share' });
      await consentForm.getByLabel('Agreed to sharing').check();
      await consentForm.getByLabel('How they answered').selectOption({ label: 'By phone' });
      await consentForm.getByRole('button', { name: 'Record consent' }).click();
      await consents.getByRole('listitem').filter({ hasText: 'Rosalind Achterberg agreed to sharing with Riverside Housing Association' }).waitFor();

      // A later answer supersedes the first; both stay on the record.
      await consentForm.getByLabel('Refused').check();
      await consentForm.getByLabel('How they answered').selectOption({ label: 'In writing' });
      await consentForm.getByRole('button', { name: 'Record consent' }).click();
      const refused = consents.getByRole('listitem').filter({ hasText: 'Rosalind Achterberg refused sharing with Riverside Housing Association' });
      await refused.waitFor();
      expect(await refused.textContent()).toContain('Current');
      expect(await consents.getByRole('listitem').filter({ hasText: 'agreed to sharing' }).textContent()).toContain('Superseded');
      expect(await seriousAccessibilityProblems(page), 'case page with every form open').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone’s width', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone, forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.flagged.id, made.flagged.reference);
      await page.getByText('Add a task', { exact: true }).click();
      await page.getByText('Record a contact with an agency', { exact: true }).click();
      expect(await overflowsSideways(page), 'no sideways scrolling on the case page').toBe(false);
      expect(await seriousAccessibilityProblems(page), 'case page on a phone').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the server’s not-found text for a case the user may not see, and no forms for a read-only role', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await page.goto(`${env.baseUrl}/cases/${made.hidden.id}`);
      await page.getByRole('heading', { level: 1, name: 'Case not found' }).waitFor();
      expect(await page.getByText('No case with that id exists, or you do not have access to it.').isVisible()).toBe(true);
      expect(await page.getByText('Safeguarding concern').count()).toBe(0);

      // The member reads every case that is not sensitive, and changes none.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'member'), env.app.demo.password);
      await openCase(page, made.plain.id, made.plain.reference);
      expect(await timeline(page).getByRole('listitem').count()).toBeGreaterThan(1);
      expect(await page.getByRole('form').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Mark|Close|Reopen/ }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('changes the due date, topics, sharing and sensitivity of an open case, and they stay changed after a reload', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openCase(page, made.work.id, made.work.reference);
      const about = page.getByRole('region', { name: 'About this case' });
      await about.getByRole('button', { name: 'Change owner, due date, topics, sharing or sensitivity' }).click();
      const form = page.getByRole('form', { name: 'Change the case details' });
      await form.getByLabel('Due date').fill('2031-03-14');
      await form.getByRole('checkbox', { name: 'Transport' }).check();
      await form.getByRole('checkbox', { name: 'Sensitive' }).check();
      const sharing = form.getByRole('group', { name: 'Shared with' });
      // Owen owns the case: he is not offered, his colleagues are.
      expect(await sharing.getByRole('checkbox', { name: 'Owen Hughes' }).count()).toBe(0);
      await sharing.getByRole('checkbox', { name: 'Grace Okafor' }).check();
      expect(await seriousAccessibilityProblems(page), 'case page, editing its details').toEqual([]);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('The case details were changed.').waitFor();
      expect(await form.count()).toBe(0);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: `Case ${made.work.reference}` }).waitFor();
      await loaded(page);
      const details = await about.locator('dl').textContent();
      expect(details).toContain('2031');
      expect(details).toContain('Transport');
      expect(await page.locator('.badge-sensitive').first().isVisible()).toBe(true);
      expect(details).toMatch(/Shared with\s*Grace Okafor/);
      // Sensitive, and shared with her: Grace can open it.
      const grace = await apiAs(env.app, emailOf.grace);
      expect((await grace.get<{ reference: string }>(`/cases/${made.work.id}`)).reference).toBe(made.work.reference);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
