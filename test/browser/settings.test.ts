import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { png } from '../../src/modules/correspondence/outbound/test-fixtures/support.js';
import { address, loaded, overflowsSideways } from './arrange.js';
import { newPage, phone, seriousAccessibilityProblems } from './browser.js';
import { demoUser, fetchMe, navLabels, signIn, useStaffApp } from './staff-app.js';

const env = useStaffApp();

async function signInAs(page: Page, role: 'manager' | 'caseworker'): Promise<void> {
  await signIn(page, env.baseUrl, demoUser(env.app.demo.users, role), env.app.demo.password);
}

/** From the main navigation through the Settings page to one of its parts. */
async function openSettings(page: Page, part: 'Correspondence settings' | 'Templates'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.getByRole('link', { name: part, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: part }).waitFor();
  await loaded(page);
}

const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** A port on this machine that nothing listens on: a mailbox there can be added but never read. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('correspondence settings', () => {
  it('saves the sending address and letterhead, refusing a bad address by its field, and keeps them after a reload', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Correspondence settings');
      expect(address(page)).toBe('/settings/correspondence');
      expect(await seriousAccessibilityProblems(page), 'correspondence settings').toEqual([]);

      const form = page.getByRole('form', { name: 'Letterhead and sending address' });
      await form.getByLabel('Send e-mail from').fill('the office');
      await form.getByLabel('Privacy notice (optional)').fill('ftp://example.org/privacy');
      await form.getByRole('button', { name: 'Save the settings' }).click();
      await form.getByRole('alert').filter({ hasText: 'The settings were not saved.' }).waitFor();
      expect(await form.getByText('Error: Send e-mail from must be an e-mail address, e.g. name@example.org.').isVisible()).toBe(true);
      expect(await form.getByLabel('Send e-mail from').getAttribute('aria-invalid')).toBe('true');
      expect(await form.getByText('Error: Privacy notice must be a web address starting https://.').isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'settings refused').toEqual([]);

      await form.getByLabel('Send e-mail from').fill('office@example-constituency.org.uk');
      await form.getByLabel('Signature').fill('Member of Parliament for Example Constituency');
      await form.getByLabel('Letterhead address').fill('House of Commons\nLondon SW1A 0AA');
      await form.getByLabel('Privacy notice (optional)').fill('https://example-constituency.org.uk/privacy');
      await form.getByRole('button', { name: 'Save the settings' }).click();
      await status(page, 'Correspondence settings saved.').waitFor();
      expect(await form.getByRole('alert').count()).toBe(0);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Correspondence settings' }).waitFor();
      await loaded(page);
      const reloaded = page.getByRole('form', { name: 'Letterhead and sending address' });
      expect(await reloaded.getByLabel('Send e-mail from').inputValue()).toBe('office@example-constituency.org.uk');
      expect(await reloaded.getByLabel('Signature').inputValue()).toBe('Member of Parliament for Example Constituency');
      expect(await reloaded.getByLabel('Letterhead address').inputValue()).toBe('House of Commons\nLondon SW1A 0AA');
      expect(await reloaded.getByLabel('Privacy notice (optional)').inputValue()).toBe('https://example-constituency.org.uk/privacy');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the SMTP section names the sending address just saved above it, without a reload', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Correspondence settings');
      const form = page.getByRole('form', { name: 'Letterhead and sending address' });
      const smtpForm = page.getByRole('region', { name: 'Outgoing mail server (SMTP)' }).getByRole('form', { name: 'SMTP server' });
      await smtpForm.getByText('E-mail is sent from office@example-constituency.org.uk.').waitFor();
      for (const address of ['casework@example-constituency.org.uk', 'office@example-constituency.org.uk']) {
        await form.getByLabel('Send e-mail from').fill(address);
        await form.getByRole('button', { name: 'Save the settings' }).click();
        await status(page, 'Correspondence settings saved.').waitFor();
        await smtpForm.getByText(`E-mail is sent from ${address}.`).waitFor();
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('uploads a logo and shows it, refusing a file that is not an image', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Correspondence settings');
      const logo = page.getByRole('region', { name: 'Logo' });
      expect(await logo.textContent()).toContain('No logo yet');

      // Called .png, but not one: the server reads the bytes, and says so.
      await logo.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
      await logo.getByRole('button', { name: 'Upload the logo' }).click();
      await logo.getByRole('alert').filter({ hasText: 'The logo must be a PNG or JPEG image' }).waitFor();
      expect(await logo.getByRole('img').count()).toBe(0);

      await logo.getByLabel('Logo file').setInputFiles({ name: 'crest.png', mimeType: 'image/png', buffer: png(40) });
      await logo.getByRole('button', { name: 'Upload the logo' }).click();
      await status(page, 'Logo uploaded').waitFor();
      const preview = logo.getByRole('img', { name: 'The office’s logo, as letters show it' });
      await preview.waitFor();
      await expect.poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(40);
      expect(await logo.getByRole('alert').count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'settings with a logo').toEqual([]);

      // Chosen by mistake: said at once, without sending it.
      await logo.getByLabel('New logo file').setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
      await logo.getByRole('button', { name: 'Upload the logo' }).click();
      await logo.getByText('Error: New logo file must be a PNG or JPEG image.').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads the constituency’s postcodes from a CSV file, and a file with a bad row changes nothing', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Correspondence settings');
      const section = page.getByRole('region', { name: 'Constituency and contact form' });
      expect(await section.textContent()).toContain('No postcodes loaded yet');

      await section.getByLabel('Postcodes file').setInputFiles({ name: 'constituency.csv', mimeType: 'text/csv', buffer: Buffer.from('ward,postcode\nHasbury,B63 3AA\nHasbury,b633ab\nHayley Green,B62 0AA\n') });
      await section.getByRole('button', { name: 'Upload the postcodes' }).click();
      await status(page, 'Postcodes replaced: 3 postcodes loaded.').waitFor();
      await section.getByText('3 postcodes in the constituency.').waitFor();

      await section.getByLabel('Postcodes file').setInputFiles({ name: 'typo.csv', mimeType: 'text/csv', buffer: Buffer.from('postcode\nB63 3AA\nB63 3AB\nnot a postcode\nB62 0AA\n') });
      await section.getByRole('button', { name: 'Upload the postcodes' }).click();
      await section.getByRole('alert').filter({ hasText: 'The postcodes were not replaced.' }).waitFor();
      expect(await section.getByRole('list', { name: 'Rows with problems' }).getByRole('listitem').allTextContents()).toEqual(['Row 4: "not a postcode" is not a UK postcode']);
      expect(await section.getByText('3 postcodes in the constituency.').isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'postcodes refused').toEqual([]);

      // The public form's address, for the member's website; it is the form.
      const me = (await fetchMe(page)).body as { office: { id: string } };
      const link = section.getByRole('link', { name: `${env.baseUrl}/contact/${me.office.id}` });
      expect(await link.getAttribute('href')).toBe(`${env.baseUrl}/contact/${me.office.id}`);
      const form = await page.evaluate(async (href) => {
        const response = await fetch(href);
        return { status: response.status, type: response.headers.get('content-type') };
      }, `${env.baseUrl}/contact/${me.office.id}`);
      expect(form).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('adds a mailbox without ever showing its password, queues a poll and removes it', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    const password = 'Imap-Secret-7731';
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Correspondence settings');
      const section = page.getByRole('region', { name: 'Mailboxes' });
      expect(await section.textContent()).toContain('No mailboxes yet');
      const port = await closedPort();

      const form = section.getByRole('form', { name: 'Add a mailbox' });
      await form.getByLabel('IMAP server').fill('127.0.0.1');
      await form.getByLabel('Port').fill(String(port));
      await form.getByLabel('TLS from the start').uncheck();
      await form.getByLabel('User name').fill('casework@example-constituency.org.uk');
      await form.getByLabel('Password').fill(password);
      await form.getByRole('button', { name: 'Add the mailbox' }).click();
      await status(page, 'casework@example-constituency.org.uk on 127.0.0.1 added').waitFor();
      const row = section.getByRole('table', { name: 'Mailboxes' }).locator('tbody tr').filter({ hasText: `127.0.0.1:${port}` });
      await row.waitFor();
      expect(await row.textContent()).toContain('casework@example-constituency.org.uk');
      expect(await row.textContent()).toContain('INBOX');
      expect(await form.getByLabel('Password').inputValue(), 'the form is emptied').toBe('');
      expect(await page.content()).not.toContain(password);
      expect(await seriousAccessibilityProblems(page), 'settings with a mailbox').toEqual([]);

      await row.getByRole('button', { name: 'Poll now: casework@example-constituency.org.uk on 127.0.0.1' }).click();
      await status(page, 'Reading casework@example-constituency.org.uk on 127.0.0.1 now').waitFor();

      await row.getByRole('button', { name: 'Remove casework@example-constituency.org.uk on 127.0.0.1' }).click();
      await row.getByText('Stop reading this mailbox?').waitFor();
      await row.getByRole('button', { name: 'Remove the mailbox' }).click();
      await status(page, 'casework@example-constituency.org.uk on 127.0.0.1 removed').waitFor();
      await section.getByText('No mailboxes yet').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone’s width', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { viewport: phone, forAxe: true });
    try {
      await signInAs(page, 'manager');
      await page.goto(`${env.baseUrl}/settings/correspondence`);
      await page.getByRole('heading', { level: 1, name: 'Correspondence settings' }).waitFor();
      await loaded(page);
      expect(await overflowsSideways(page), 'no sideways scrolling on the correspondence settings').toBe(false);
      await page.goto(`${env.baseUrl}/settings/templates`);
      await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
      await page.getByRole('button', { name: 'New template' }).click();
      expect(await overflowsSideways(page), 'no sideways scrolling on the template editor').toBe(false);
      expect(await seriousAccessibilityProblems(page), 'template editor on a phone').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('templates', () => {
  const templatesTable = (page: Page) => page.getByRole('table', { name: 'Templates' });
  const rowFor = (page: Page, name: string) => templatesTable(page).locator('tbody tr').filter({ hasText: name });

  it('refuses an unknown merge field next to the text, then adds, edits and retires a template', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'manager');
      await openSettings(page, 'Templates');
      expect(await page.getByText('The office has no current templates.').isVisible()).toBe(true);

      await page.getByRole('button', { name: 'New template' }).click();
      const form = page.getByRole('form', { name: 'New template' });
      const fields = page.getByRole('complementary', { name: 'Merge fields' });
      expect(await fields.textContent()).toContain('{{constituent.givenName}}');
      await form.getByLabel('Name').fill('Acknowledgement');
      await form.getByLabel('E-mail').check();
      await form.getByLabel('Subject').fill('Your message to {{member.name}}');
      await form.getByLabel('Text').fill('Dear {{constituent.fristName}},\n\nThank you for writing. We will be in touch.');
      await form.getByRole('button', { name: 'Add the template' }).click();
      await form.getByRole('alert').filter({ hasText: 'The template was not saved.' }).waitFor();
      expect(await form.getByText('Error: Text uses {{constituent.fristName}}, which is not a merge field.').isVisible()).toBe(true);
      expect(await form.getByLabel('Text').getAttribute('aria-invalid')).toBe('true');
      expect(await form.getByLabel('Subject').getAttribute('aria-invalid')).toBeNull();
      expect(await templatesTable(page).count(), 'nothing was added').toBe(0);
      expect(await seriousAccessibilityProblems(page), 'template editor with a refusal').toEqual([]);

      await form.getByLabel('Text').fill('Dear {{constituent.givenName}},\n\nThank you for writing. We will be in touch.');
      await form.getByRole('button', { name: 'Add the template' }).click();
      await status(page, 'Template “Acknowledgement” added.').waitFor();
      const row = rowFor(page, 'Acknowledgement');
      await row.waitFor();
      expect(await row.textContent()).toContain('E-mail');
      expect(await row.textContent()).toContain('{{member.name}}, {{constituent.givenName}}');
      expect(await page.getByRole('form', { name: 'New template' }).count(), 'the editor closes').toBe(0);
      expect(await seriousAccessibilityProblems(page), 'templates listed').toEqual([]);

      await row.getByRole('button', { name: 'Edit Acknowledgement' }).click();
      const edit = page.getByRole('form', { name: 'Edit “Acknowledgement”' });
      expect(await edit.getByLabel('Subject').inputValue()).toBe('Your message to {{member.name}}');
      await edit.getByLabel('Name').fill('Acknowledgement of a new case');
      await edit.getByLabel('Text').fill('Dear {{constituent.givenName}},\n\nYour case is {{case.reference}}.');
      await edit.getByRole('button', { name: 'Save the template' }).click();
      await status(page, 'Template “Acknowledgement of a new case” saved.').waitFor();
      const edited = rowFor(page, 'Acknowledgement of a new case');
      await edited.filter({ hasText: '{{case.reference}}' }).waitFor();

      await edited.getByRole('button', { name: 'Retire Acknowledgement of a new case' }).click();
      await edited.getByRole('button', { name: 'Retire the template' }).click();
      await status(page, 'Template “Acknowledgement of a new case” retired.').waitFor();
      await page.getByText('The office has no current templates.').waitFor();

      await page.getByLabel('Show retired templates').check();
      const retired = rowFor(page, 'Acknowledgement of a new case');
      await retired.waitFor();
      expect(await retired.textContent()).toContain('Retired');
      expect(await retired.getByRole('button').count(), 'a retired template cannot be changed').toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not offered to a caseworker', async () => {
    const { context, page, pageErrors } = await newPage(env.browser);
    try {
      await signInAs(page, 'caseworker');
      expect(await navLabels(page)).not.toContain('Settings');
      for (const path of ['/settings/templates', '/settings/correspondence']) {
        await page.goto(`${env.baseUrl}${path}`);
        await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
        expect(await page.getByText('Your role does not give you access to settings').isVisible()).toBe(true);
        expect(await page.getByRole('form').count()).toBe(0);
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('social media messages', () => {
  it('stores a pasted message, which waits in the inbox, and imports an export, saying what it could not', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signInAs(page, 'caseworker');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).click();
      await page.getByRole('link', { name: 'Import e-mail' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import e-mail' }).waitFor();

      const paste = page.getByRole('form', { name: 'Paste a social media message' });
      await paste.getByRole('button', { name: 'Store the message' }).click();
      await paste.getByText('Error: Choose the platform it came from.').waitFor();
      expect(await paste.getByText('Error: Message must not be empty.').isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'social media form refused').toEqual([]);

      await paste.getByLabel('Platform').selectOption({ label: 'Facebook' });
      await paste.getByLabel('From').fill('@Bridget.Oyelaran');
      await paste.getByLabel('Message').fill('The bins on Hawthorn Close have not been collected for three weeks.');
      // Tomorrow, by mistake: the server says what is wrong, by the field.
      await paste.getByLabel('When it was sent').fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 16));
      await paste.getByRole('button', { name: 'Store the message' }).click();
      await paste.getByText('Error: When it was sent must not be in the future.').waitFor();
      expect(await paste.getByLabel('When it was sent').getAttribute('aria-invalid')).toBe('true');
      await paste.getByLabel('When it was sent').fill(new Date(Date.now() - 7_200_000).toISOString().slice(0, 16));
      await paste.getByRole('button', { name: 'Store the message' }).click();
      await status(page, 'Message from @Bridget.Oyelaran stored in the inbox.').waitFor();
      expect(await paste.getByLabel('Message').inputValue(), 'the form is emptied').toBe('');

      // Export: one good message, one without its text and one that is not a message at all.
      const sentAt = new Date(Date.now() - 3_600_000).toISOString();
      const exported = [
        { id: 1781, handle: 'kwame_asante', text: 'When will the footbridge on Mill Lane reopen?', sentAt },
        { id: 1782, handle: 'kwame_asante', text: '', sentAt },
        'not a message',
      ];
      const importForm = page.getByRole('form', { name: 'Import a JSON export' });
      await importForm.getByLabel('Platform of the export').selectOption({ label: 'X (Twitter)' });
      await importForm.getByLabel('Export file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await importForm.getByRole('button', { name: 'Import the export' }).click();
      await importForm.getByText('Error: Export file is not JSON: choose the .json file the platform exported.').waitFor();
      await importForm.getByLabel('Export file').setInputFiles({ name: 'x-messages.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ messages: exported })) });
      await importForm.getByRole('button', { name: 'Import the export' }).click();
      await status(page, 'Imported 1 new message of 3 messages.').waitFor();
      const rejected = page.getByRole('list', { name: 'Messages not imported' }).getByRole('listitem');
      expect(await rejected.allTextContents()).toEqual([expect.stringMatching(/^Message 2: .*text must not be empty/), expect.stringMatching(/^Message 3: message must be an object/)]);
      expect(await seriousAccessibilityProblems(page), 'social media import result').toEqual([]);

      await status(page, 'Message from @Bridget.Oyelaran').getByRole('link', { name: 'Open the message' }).click();
      await page.getByRole('region', { name: 'Message', exact: true }).getByText('The bins on Hawthorn Close').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).click();
      const inbox = page.getByRole('table', { name: 'Messages' });
      await inbox.waitFor();
      await loaded(page);
      expect(await inbox.locator('tbody tr').filter({ hasText: 'bridget.oyelaran' }).count()).toBe(1);
      expect(await inbox.locator('tbody tr').filter({ hasText: 'kwame_asante' }).count()).toBe(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
