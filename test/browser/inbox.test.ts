import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { email, mbox } from '../../src/modules/correspondence/test-fixtures/mail.js';
import { appleInlineImage, dated, forwardedMessage, jpeg, unclosedMultipart } from '../../src/modules/correspondence/test-fixtures/real-mail.js';
import { TOKEN } from '../../src/modules/correspondence/contact-form/schemas.js';
import { MIN_FILL_MS } from '../../src/platform/http/form-token.js';
import { address, apiAs, emailOf, loaded, overflowsSideways } from './arrange.js';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { demoUser, navLabels, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

const SENDER = 'imogen.castellano@example.org';

/** The subject the contact form gives every message (its own words are the text). */
const CONTACT_FORM_SUBJECT = 'Message from the contact form';

/** A "remote" image, as newsletters use to learn when they are read; on the test server, so that nothing leaves the machine. */
const trackerUrl = () => `${env.baseUrl}/tracker/open.gif`;

/** Subjects of the messages imported for these tests, one per thing a test does to a message. */
const subjects = {
  toOpen: 'Bus route 42 no longer stops at Elm Road',
  toAssign: 'Noise from the depot at night',
  html: 'Spring newsletter from the residents association',
  toArchive: 'Weekly digest you subscribed to',
  toFile: 'Any news on the school transport appeal?',
} as const;

/** An address two people share, so that Postbag cannot tell which of them wrote. */
const FAMILY = 'sharma.family@example.org';

/** A case made through the API, for a message to be added to. */
const made = {} as { appeal: Created; correspondence: Created };

interface Created {
  id: string;
  reference: string;
}

/** Imports e-mail through the API as the caseworker: what a mail import or the IMAP poller would have stored. */
async function importMail(client: { headers: Record<string, string> }, raw: Buffer, contentType = 'message/rfc822') {
  const response = await env.app.postbag.app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...client.headers, 'content-type': contentType }, payload: raw });
  if (response.statusCode !== 200) throw new Error(`import answered ${response.statusCode}: ${response.body}`);
  return response.json() as { stored: number };
}

beforeAll(async () => {
  const owen = await apiAs(env.app, emailOf.owen);
  const client = await env.app.postbag.signIn(emailOf.owen);
  const imogen = await owen.post<{ id: string }>('/people', {
    givenName: 'Imogen',
    familyName: 'Castellano',
    source: 'email',
    contactPoints: [
      { kind: 'email', value: SENDER, source: 'email', preferred: true },
      { kind: 'postal_address', lines: ['14 Elm Road', 'Halesowen'], postcode: 'B63 3AA', source: 'letter' },
    ],
  });
  made.correspondence = await owen.post('/cases', { constituentIds: [imogen.id], summary: 'Disabled parking bay outside her house' });
  // The office's address to send e-mail from, which a manager sets once.
  const manager = await env.app.postbag.signIn(emailOf.manager);
  const settings = await env.app.postbag.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@postbag.example', signature: 'Sam Taylor MP', letterheadAddress: 'House of Commons, London SW1A 0AA', privacyNoticeUrl: null },
  });
  if (settings.statusCode !== 200) throw new Error(`correspondence settings answered ${settings.statusCode}: ${settings.body}`);
  await importMail(client, email({ from: `Imogen Castellano <${SENDER}>`, subject: subjects.toOpen, text: 'Since Monday the 42 goes straight past Elm Road.\nMy mother cannot get to the surgery.' }));
  await importMail(client, email({ from: 'Pat Ferreira <pat.ferreira@example.net>', subject: subjects.toAssign, text: 'Lorries are loading at 3am every night.' }));
  await importMail(
    client,
    email({
      from: 'Residents Association <news@residents.example>',
      subject: subjects.html,
      text: 'Spring newsletter (plain text version).',
      html: `<h1>Spring newsletter</h1><p>Join us <b>on Saturday</b>.</p><img src="${trackerUrl()}" alt="Association logo"><script>document.title="owned"</script>`,
    }),
  );
  const sharmas = [];
  for (const givenName of ['Anita', 'Dev']) {
    sharmas.push(await owen.post<{ id: string }>('/people', { givenName, familyName: 'Sharma', source: 'email', contactPoints: [{ kind: 'email', value: FAMILY, source: 'email' }] }));
  }
  made.appeal = await owen.post('/cases', { constituentIds: [sharmas[0]!.id], summary: 'School transport appeal for their son' });
  await importMail(client, email({ from: `Sharma family <${FAMILY}>`, subject: subjects.toFile, text: 'We have heard nothing since the hearing in October.' }));
  await importMail(client, email({ from: 'Digest <digest@lists.example>', subject: subjects.toArchive, text: 'This week in local news.' }));
});

const inboxTable = (page: Page) => page.getByRole('table', { name: 'Messages' });
const rowFor = (page: Page, subject: string) => inboxTable(page).locator('tbody tr').filter({ hasText: subject });

async function openInbox(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
  await inboxTable(page).waitFor();
  await loaded(page);
}

async function openMessage(page: Page, subject: string): Promise<void> {
  await rowFor(page, subject).getByRole('link', { name: subject }).click();
  await page.getByRole('heading', { level: 1, name: subject }).waitFor();
  await loaded(page);
}

/** The subjects listed in the inbox, top to bottom. */
async function listedSubjects(page: Page): Promise<string[]> {
  return inboxTable(page)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[2]?.querySelector('a')?.textContent?.trim() ?? ''));
}

async function signInAs(page: Page, role: 'caseworker' | 'volunteer'): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, role), env.app.demo.password);
}

describe('the inbox', () => {
  it('lists messages newest first with who they are from, opens one as plain text, and assigns it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      const listed = await listedSubjects(page);
      expect(listed.indexOf(subjects.toArchive)).toBeLessThan(listed.indexOf(subjects.toOpen));
      const row = await rowFor(page, subjects.toOpen).textContent();
      expect(row).toContain('Imogen Castellano');
      expect(row).toContain(SENDER);
      expect(row).toContain('Unassigned');
      expect(await page.getByText(/\d+ messages in the inbox\./).isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'inbox').toEqual([]);

      await openMessage(page, subjects.toOpen);
      const body = page.getByRole('region', { name: 'Message', exact: true });
      expect(await body.textContent()).toContain('Since Monday the 42 goes straight past Elm Road.');
      expect(await body.getByRole('button', { name: 'Show formatted' }).count(), 'a plain-text e-mail has nothing to format').toBe(0);
      const about = page.getByRole('region', { name: 'About this message' });
      expect(await about.getByRole('link', { name: 'Imogen Castellano' }).isVisible()).toBe(true);
      expect(await about.textContent()).toContain('In the inbox');
      expect(await seriousAccessibilityProblems(page), 'message page').toEqual([]);

      // Assigning to oneself: the message then shows under "Mine", and no longer under "Unassigned".
      await page.goBack();
      await openMessage(page, subjects.toAssign);
      const assign = page.getByRole('form', { name: 'Assign the message' });
      await assign.getByLabel('Assign to').selectOption({ label: 'Me (Owen Hughes)' });
      await assign.getByRole('button', { name: 'Assign' }).click();
      await page.getByRole('status').filter({ hasText: 'Message assigned to Me (Owen Hughes).' }).waitFor();
      // The message is loaded again and says who has it now.
      await page.getByRole('region', { name: 'About this message' }).locator('dd').filter({ hasText: 'Owen Hughes' }).waitFor();

      await openInbox(page);
      await page.getByRole('navigation', { name: 'Whose messages' }).getByRole('link', { name: 'Mine' }).click();
      await page.waitForURL(/\/inbox\?assignee=me$/);
      // Polled: the last list stays on screen, marked busy, until the filtered one arrives.
      await expect.poll(() => listedSubjects(page)).toEqual([subjects.toAssign]);
      await page.getByRole('navigation', { name: 'Whose messages' }).getByRole('link', { name: 'Unassigned' }).click();
      await page.waitForURL(/\/inbox\?assignee=none$/);
      await expect.poll(() => listedSubjects(page)).toContain(subjects.toOpen);
      expect(await listedSubjects(page)).not.toContain(subjects.toAssign);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows HTML e-mail only on request, in a sandboxed frame, with remote images blocked until asked for', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      await openMessage(page, subjects.html);
      const imageRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url() === trackerUrl()) imageRequests.push(request.url());
      });
      const body = page.getByRole('region', { name: 'Message', exact: true });
      expect(await body.textContent()).toContain('Spring newsletter (plain text version).');
      expect(await body.locator('iframe').count()).toBe(0);

      await body.getByRole('button', { name: 'Show formatted' }).click();
      const frame = body.locator('iframe');
      await frame.waitFor();
      expect(await frame.getAttribute('sandbox')).toBe('');
      expect(await frame.getAttribute('title')).toBe('The message, formatted');
      const blocked = (await frame.getAttribute('srcdoc')) ?? '';
      expect(blocked).toContain('<b>on Saturday</b>');
      expect(blocked).toContain('[image: Association logo]');
      expect(blocked).not.toContain(trackerUrl());
      expect(blocked).not.toContain('<script');
      await page.frameLocator('iframe[title="The message, formatted"]').getByText('on Saturday').waitFor();
      expect(await body.textContent()).toContain('1 remote image blocked');
      expect(await seriousAccessibilityProblems(page), 'message shown formatted').toEqual([]);
      expect(imageRequests, 'the remote image is not fetched before the user asks').toEqual([]);

      const imageFetched = page.waitForRequest(trackerUrl());

      await body.getByRole('button', { name: 'Show images' }).click();
      await body.getByText('1 remote image blocked').waitFor({ state: 'detached' });
      expect(await frame.getAttribute('srcdoc')).toContain(`src="${trackerUrl()}"`);
      expect(await page.title()).not.toContain('owned');
      await imageFetched;

      await body.getByRole('button', { name: 'Show plain text' }).click();
      await frame.waitFor({ state: 'detached' });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens a new case from a message, landing on the case with the message on its timeline', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      await openMessage(page, subjects.toOpen);
      const form = page.getByRole('form', { name: 'Open a new case' });
      // The matched sender is the constituent already, and the subject the summary to start from.
      expect(await form.getByRole('list', { name: 'Chosen constituents' }).textContent()).toContain('Imogen Castellano');
      expect(await form.getByLabel('Summary').inputValue()).toBe(subjects.toOpen);
      await form.getByLabel('Summary').fill('Bus route 42 withdrawn from Elm Road; mother cannot reach the surgery');
      await form.getByRole('button', { name: 'Open the case' }).click();

      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const heading = page.getByRole('heading', { level: 1, name: /^Case PB-\d+$/ });
      await heading.waitFor();
      await loaded(page);
      const reference = ((await heading.textContent()) ?? '').replace('Case ', '');
      expect(await page.getByRole('status').filter({ hasText: `Case ${reference} opened from the message “${subjects.toOpen}”.` }).isVisible()).toBe(true);
      const entry = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Since Monday the 42' });
      await entry.waitFor();
      expect(await entry.textContent()).toMatch(/E-mail.*Incoming/);
      expect(await seriousAccessibilityProblems(page), 'case page with a message').toEqual([]);

      // From the timeline back to the message, which now says where it went and offers no triage.
      await entry.getByRole('link', { name: 'Open the message' }).click();
      await page.getByRole('heading', { level: 1, name: subjects.toOpen }).waitFor();
      await loaded(page);
      expect(await page.getByRole('region', { name: 'About this message' }).getByRole('link', { name: reference }).isVisible()).toBe(true);
      expect(await page.getByRole('form', { name: 'Open a new case' }).count()).toBe(0);

      await openInbox(page);
      expect(await listedSubjects(page)).not.toContain(subjects.toOpen);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers the people with the sender’s address when it cannot tell who wrote, and adds a message to an existing case', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      expect(await rowFor(page, subjects.toFile).textContent()).toContain('Not matched');
      await openMessage(page, subjects.toFile);
      const newCase = page.getByRole('form', { name: 'Open a new case' });
      const senders = newCase.getByRole('list', { name: 'Possible senders' });
      await senders.waitFor();
      expect(await senders.getByRole('button').allTextContents()).toEqual([expect.stringContaining('Anita Sharma'), expect.stringContaining('Dev Sharma')]);
      await senders.getByRole('button', { name: /^Choose Anita Sharma/ }).click();
      expect(await newCase.getByRole('list', { name: 'Chosen constituents' }).textContent()).toContain('Anita Sharma');
      expect(await senders.getByRole('button').allTextContents()).toEqual([expect.stringContaining('Dev Sharma')]);
      expect(await seriousAccessibilityProblems(page), 'message from an address two people share').toEqual([]);

      // It belongs on the appeal the office already has open.
      await page.getByText('Add to an existing case', { exact: true }).click();
      const fileForm = page.getByRole('form', { name: 'Add to an existing case' });
      await fileForm.getByLabel('Find the case').fill(made.appeal.reference);
      await fileForm.getByRole('button', { name: new RegExp(`^Choose ${made.appeal.reference}`) }).click();
      expect(await fileForm.getByRole('list', { name: 'Chosen case' }).textContent()).toContain(made.appeal.reference);
      await fileForm.getByRole('button', { name: 'Add to the case' }).click();

      await page.getByRole('heading', { level: 1, name: `Case ${made.appeal.reference}` }).waitFor();
      expect(address(page)).toBe(`/cases/${made.appeal.id}`);
      await page.getByRole('status').filter({ hasText: `The message “${subjects.toFile}” was added to case ${made.appeal.reference}.` }).waitFor();
      await page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'We have heard nothing since the hearing' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('archives a message, which leaves the inbox', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone, forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await page.goto(`${env.baseUrl}/inbox`);
      await inboxTable(page).waitFor();
      await loaded(page);
      await openMessage(page, subjects.toArchive);
      expect(await overflowsSideways(page), 'no sideways scrolling on the message page').toBe(false);
      expect(await seriousAccessibilityProblems(page), 'message page on a phone').toEqual([]);

      await page.getByText('Archive', { exact: true }).click();
      await page.getByRole('button', { name: 'Archive the message' }).click();
      await page.waitForURL((url) => url.pathname === '/inbox');
      await page.getByRole('status').filter({ hasText: 'Message archived' }).waitFor();
      await loaded(page);
      expect(await listedSubjects(page)).not.toContain(subjects.toArchive);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('imports an mbox, showing the counts and why a message could not be read', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      await page.getByRole('link', { name: 'Import e-mail' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import e-mail' }).waitFor();
      expect(address(page)).toBe('/inbox/import');

      const archive = mbox([
        email({ subject: 'Pothole outside number 12', text: 'It has been there since January.' }),
        Buffer.from('this is not an e-mail at all\n'),
        email({ subject: 'Street light out on Mill Lane', text: 'Dark since Tuesday.' }),
      ]);
      await page.getByLabel('E-mail file').setInputFiles({ name: 'exported.mbox', mimeType: 'application/mbox', buffer: archive });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Imported 2 new messages of 3 messages.' }).waitFor();
      const summary = page.getByRole('region', { name: 'What was imported' });
      expect(await summary.textContent()).toMatch(/Messages in the file\s*3/);
      expect(await summary.textContent()).toMatch(/Could not be read\s*1/);
      const rejected = summary.getByRole('list', { name: 'Messages that could not be read' }).getByRole('listitem');
      expect(await rejected.allTextContents()).toEqual([expect.stringMatching(/^Message 2: This is not an e-mail/)]);
      expect(await seriousAccessibilityProblems(page), 'import result').toEqual([]);

      // A file that is neither: said at once, and nothing is sent.
      await page.getByLabel('E-mail file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('Error: E-mail file must be an .eml or .mbox file.').waitFor();

      await summary.getByRole('link', { name: 'Go to the inbox' }).click();
      await inboxTable(page).waitFor();
      await loaded(page);
      expect(await listedSubjects(page)).toEqual(expect.arrayContaining(['Pothole outside number 12', 'Street light out on Mill Lane']));
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not offered to a volunteer', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signInAs(page, 'volunteer');
      expect(await navLabels(page)).not.toContain('Inbox');
      await page.goto(`${env.baseUrl}/inbox`);
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      expect(await page.getByText('Your role does not give you access').isVisible()).toBe(true);
      expect(await page.getByRole('table').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('mail from other programs', () => {
  it('shows an inline image once images are shown, reads a forwarded e-mail in place, and says when a date is missing or odd or the end never came', async () => {
    const client = await env.app.postbag.signIn(emailOf.owen);
    const raws = [appleInlineImage(), forwardedMessage(), dated(null, 'Bins not collected, undated'), dated('Thu, 1 Jan 2099 09:00:00 +0000', 'Bins, from the future'), unclosedMultipart(false)];
    for (const raw of raws) expect(await importMail(client, raw)).toMatchObject({ stored: 1 });
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      await openMessage(page, 'Photo of the pothole');
      const body = page.getByRole('region', { name: 'Message', exact: true });
      await body.getByRole('button', { name: 'Show formatted' }).click();
      const frame = body.locator('iframe');
      await frame.waitFor();
      expect(await frame.getAttribute('srcdoc')).toContain('[image: pothole]');
      expect(await body.textContent()).toContain('1 image sent with the message hidden.');
      expect(await body.textContent()).not.toContain('remote image');
      await body.getByRole('button', { name: 'Show images' }).click();
      await body.getByText('1 image sent with the message hidden.').waitFor({ state: 'detached' });
      expect(await frame.getAttribute('srcdoc')).toContain(`src="data:image/jpeg;base64,${jpeg.toString('base64')}"`);
      await page.frameLocator('iframe[title="The message, formatted"]').locator('img[alt="pothole"]').waitFor({ state: 'attached' });

      await openInbox(page);
      await openMessage(page, 'Fwd: Your council tax');
      const files = page.getByRole('region', { name: 'Attachments' });
      await files.getByRole('button', { name: 'Read the e-mail' }).click();
      const attached = files.getByRole('article', { name: 'Attached e-mail: Your council tax' });
      await attached.getByText('Your band stays at D.').waitFor();
      expect(await attached.textContent()).toContain('ctax@council.example');
      expect(await seriousAccessibilityProblems(page), 'a forwarded e-mail read in place').toEqual([]);

      await openInbox(page);
      await openMessage(page, 'Bins not collected, undated');
      const about = page.getByRole('region', { name: 'About this message' });
      expect(await about.textContent()).toContain('Not known: the sender’s program gave no date');

      await openInbox(page);
      await openMessage(page, 'Bins, from the future');
      expect(await page.getByRole('region', { name: 'About this message' }).textContent()).toMatch(/2099.*This date looks wrong/);

      await openInbox(page);
      await openMessage(page, 'No closing boundary');
      expect(await page.getByRole('region', { name: 'Message', exact: true }).textContent()).toContain('This message ended before its last part did');
      expect(await page.getByRole('region', { name: 'Attachments' }).getByRole('link').allTextContents()).toEqual(['first.pdf', 'second.pdf']);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a full inbox', () => {
  it('pages to older messages and back to the newest, keeping the page in the address', async () => {
    // Enough to fill a page of 50 on top of what is there already.
    const client = await env.app.postbag.signIn(emailOf.owen);
    const batch = Array.from({ length: 50 }, (_, i) => email({ subject: `Survey reply ${String(i + 1).padStart(2, '0')}`, text: 'Yes, please fix the footpath.' }));
    expect(await importMail(client, mbox(batch), 'application/mbox')).toMatchObject({ stored: 50 });

    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signInAs(page, 'caseworker');
      await openInbox(page);
      const first = await listedSubjects(page);
      expect(first).toHaveLength(50);
      // The newest page is the batch (in the order the import stored them, four at a time).
      expect(first.every((subject) => subject.startsWith('Survey reply '))).toBe(true);
      expect(await page.getByText(/^\d+ messages in the inbox\.$/).isVisible()).toBe(true);

      await page.getByRole('link', { name: 'Older messages' }).click();
      await page.waitForURL(/\/inbox\?before=[0-9a-f-]{36}$/);
      await expect.poll(() => listedSubjects(page)).toContain(subjects.toAssign);
      const older = await listedSubjects(page);
      expect(older.some((subject) => first.includes(subject)), 'no message on both pages').toBe(false);

      await page.getByRole('link', { name: 'Newest messages' }).click();
      await page.waitForURL((url) => url.pathname === '/inbox' && url.search === '');
      await expect.poll(() => listedSubjects(page)).toEqual(first);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('corresponding from a case', () => {
  it('sends an e-mail, makes a letter and notes a phone call, each landing on the timeline', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await page.goto(`${env.baseUrl}/cases/${made.correspondence.id}`);
      await page.getByRole('heading', { level: 1, name: `Case ${made.correspondence.reference}` }).waitFor();
      await loaded(page);
      const timeline = page.getByRole('region', { name: 'Timeline' });

      await page.getByText('Send an e-mail', { exact: true }).click();
      const emailForm = page.getByRole('form', { name: 'Send an e-mail' });
      await emailForm.getByLabel('Subject').fill('Your parking bay application');
      await emailForm.getByLabel('Text').fill('Dear {{constituent.givenName}},\n\nThe council has agreed to mark the bay next month.');
      await emailForm.getByRole('button', { name: 'Send the e-mail' }).click();
      await page.getByRole('status').filter({ hasText: `E-mail to ${SENDER} queued to send.` }).waitFor();
      const sent = timeline.getByRole('listitem').filter({ hasText: 'Your parking bay application' });
      await sent.waitFor();
      expect(await sent.textContent()).toMatch(/E-mail.*Outgoing/);
      expect(await sent.textContent()).toContain('Dear Imogen,');
      expect(await sent.textContent()).toContain(`[${made.correspondence.reference}]`);

      await page.getByText('Write a letter', { exact: true }).click();
      const letterForm = page.getByRole('form', { name: 'Write a letter' });
      await letterForm.getByLabel('Heading (optional)').fill('Disabled parking bay');
      await letterForm.getByLabel('Text').fill('I am pleased to tell you that the council will mark the bay.');
      await letterForm.getByRole('button', { name: 'Make the letter' }).click();
      await page.getByRole('status').filter({ hasText: 'Letter to Imogen Castellano made and kept on the case.' }).waitFor();
      const pdfLink = letterForm.getByRole('link', { name: 'Open the letter to Imogen Castellano (PDF)' });
      const pdf = await page.evaluate(async (href) => {
        const response = await fetch(href, { credentials: 'same-origin' });
        return { status: response.status, type: response.headers.get('content-type'), start: (await response.text()).slice(0, 5) };
      }, (await pdfLink.getAttribute('href')) ?? '');
      expect(pdf).toEqual({ status: 200, type: 'application/pdf', start: '%PDF-' });
      await timeline.getByRole('listitem').filter({ hasText: 'Disabled parking bay' }).filter({ hasText: 'Letter' }).waitFor();

      await page.getByText('Note a phone call or letter', { exact: true }).click();
      const noteForm = page.getByRole('form', { name: 'Note a phone call or letter' });
      expect(await noteForm.getByLabel('A phone call').isChecked()).toBe(true);
      await noteForm.getByLabel('Minutes (optional)').fill('12');
      await noteForm.getByLabel('What was said').fill('She rang to say thank you; the bay is painted.');
      await noteForm.getByRole('button', { name: 'Save the note' }).click();
      await page.getByRole('status').filter({ hasText: 'Phone call noted on the timeline.' }).waitFor();
      const call = timeline.getByRole('listitem').filter({ hasText: 'She rang to say thank you' });
      await call.waitFor();
      expect(await call.textContent()).toMatch(/Phone call.*Incoming/);
      expect(await noteForm.getByLabel('What was said').inputValue()).toBe('');
      expect(await seriousAccessibilityProblems(page), 'case page with the correspondence forms open').toEqual([]);

      // A note that says nothing is refused, next to the field, and adds nothing.
      const entries = await timeline.getByRole('listitem').count();
      await noteForm.getByRole('button', { name: 'Save the note' }).click();
      await noteForm.getByRole('alert').waitFor();
      expect(await noteForm.getByRole('alert').textContent()).toContain('The note was not saved.');
      expect(await noteForm.getByLabel('What was said').getAttribute('aria-invalid')).toBe('true');
      expect(await timeline.getByRole('listitem').count()).toBe(entries);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('mail through the contact form', () => {
  it('lands in the shared inbox on its new case: a caseworker who does not own the case sees when it was sent and its first line, opens it and finds its case by reference', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      // The constituent, on the public page, signed in to nothing.
      await page.goto(`${env.baseUrl}/contact`);
      await page.getByRole('heading', { level: 1, name: /^Contact / }).waitFor();
      await page.getByLabel('First name').fill('Olwen');
      await page.getByLabel('Last name').fill('Pryce-Jones');
      await page.getByLabel('Address line 1').fill('7 Hollybush Lane');
      await page.getByLabel('Postcode').fill('b63 3aa');
      await page.getByLabel('E-mail address').fill('olwen.pryce-jones@example.net');
      await page.getByLabel('Your message').fill('The street lights on Hollybush Lane have been out for two weeks.\nIt is not safe walking home from the bus.');
      // A form sent back faster than a person could fill it in is taken for a bot; a test types
      // faster than a person, so it waits until the form's own served time says enough has passed.
      const servedAt = Number((await page.locator(`input[name="${TOKEN}"]`).inputValue()).split('.')[0]);
      await page.waitForFunction((earliest) => Date.now() >= earliest, servedAt + MIN_FILL_MS + 200);
      const sentFrom = Date.now();
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByRole('heading', { level: 1, name: 'Message sent' }).waitFor();
      const reference = /PB-\d{6}/.exec((await page.locator('.panel').textContent()) ?? '')?.[0];
      expect(reference).toBeDefined();
      const sentBy = Date.now();

      // Grace owns no such case: a case no one owns is seen by every caseworker, and its message waits in the inbox.
      const grace = env.app.demo.users.find((user) => user.email === emailOf.grace)!;
      await signIn(page, env.baseUrl, grace, env.app.demo.password);
      await openInbox(page);
      const row = rowFor(page, CONTACT_FORM_SUBJECT);
      expect(await row.textContent()).toContain('Olwen Pryce-Jones');
      expect(await row.textContent()).toContain('The street lights on Hollybush Lane have been out for two weeks.');
      expect(await row.textContent(), 'only the first line').not.toContain('walking home');
      expect(await row.getByRole('link', { name: reference }).isVisible()).toBe(true);
      expect(await inboxTable(page).locator('thead th').allTextContents()).toContain('Sent');
      const sent = Date.parse((await row.locator('time').getAttribute('datetime')) ?? '');
      expect(sent).toBeGreaterThanOrEqual(sentFrom - 1000);
      expect(sent).toBeLessThanOrEqual(sentBy + 1000);
      expect(await overflowsSideways(page), 'the inbox fits the screen').toBe(false);
      expect(await seriousAccessibilityProblems(page), 'inbox with a contact form message').toEqual([]);

      await openMessage(page, CONTACT_FORM_SUBJECT);
      expect(await page.getByRole('region', { name: 'Message', exact: true }).textContent()).toContain('It is not safe walking home from the bus.');
      const about = page.getByRole('region', { name: 'About this message' });
      expect(await about.getByRole('link', { name: reference }).isVisible()).toBe(true);
      expect(await about.textContent()).toContain('Waiting in the inbox until someone deals with it.');
      expect(await page.getByRole('button', { name: 'Mark as dealt with' }).isVisible()).toBe(true);
      expect(await page.getByRole('form', { name: 'Open a new case' }).count(), 'it has its case already').toBe(0);
      expect(await seriousAccessibilityProblems(page), 'contact form message on its case').toEqual([]);

      // The case, found by the reference the constituent was given.
      const header = page.getByRole('search', { name: 'Site' });
      await header.getByLabel('Search people, organisations and cases').fill(reference!);
      await header.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: reference }).click();
      await page.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
      await loaded(page);
      await page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'The street lights on Hollybush Lane' }).waitFor();

      // Dealt with from the message: it leaves the inbox and stays on the case.
      await page.goBack();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: CONTACT_FORM_SUBJECT }).waitFor();
      await loaded(page);
      await page.getByRole('button', { name: 'Mark as dealt with' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await page.getByRole('status').filter({ hasText: `stays on case ${reference}` }).waitFor();
      await openInbox(page);
      expect(await rowFor(page, CONTACT_FORM_SUBJECT).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
