import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_SUBJECT, gmail, htmlOnly, outlook, windows1252 } from '../../src/modules/correspondence/campaigns/test-fixtures/campaign-mail.js';
import { email } from '../../src/modules/correspondence/test-fixtures/mail.js';
import { apiAs, emailOf, loaded } from './arrange.js';
import { newPage, seriousAccessibilityProblems } from './browser.js';
import { demoUser, signIn, useStaffApp } from './staff-app.js';

/** Campaign mail as a caseworker deals with it: one item in the inbox, a message taken out as casework, one reply to the rest. */
const env = useStaffApp();

const people = {
  alex: { givenName: 'Alex', familyName: 'Morgan', address: 'alex.morgan@example.org' },
  bethan: { givenName: 'Bethan', familyName: 'Jones', address: 'bethan.jones@example.co.uk' },
  chris: { givenName: 'Chris', familyName: 'Patel', title: 'Mr', address: 'chris.patel@example.net' },
};
const ids: Record<string, string> = {};
const LONE = 'Damp in our flat since October';

async function importMail(client: { headers: Record<string, string> }, raw: Buffer) {
  const response = await env.app.postbag.app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...client.headers, 'content-type': 'message/rfc822' }, payload: raw });
  if (response.statusCode !== 200) throw new Error(`import answered ${response.statusCode}: ${response.body}`);
}

beforeAll(async () => {
  const manager = await env.app.postbag.signIn(emailOf.manager);
  const saved = await env.app.postbag.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@postbag.example', signature: 'Member of Parliament for Example', letterheadAddress: '', privacyNoticeUrl: null },
  });
  if (saved.statusCode !== 200) throw new Error(`correspondence settings answered ${saved.statusCode}: ${saved.body}`);
  const owen = await apiAs(env.app, emailOf.owen);
  for (const [key, { address, ...names }] of Object.entries(people)) {
    ids[key] = (await owen.post<{ id: string }>('/people', { ...names, source: 'email', contactPoints: [{ kind: 'email', value: address, preferred: true, source: 'email' }] })).id;
  }
  const client = await env.app.postbag.signIn(emailOf.owen);
  const sender = (p: (typeof people)[keyof typeof people]) => ({ name: `${p.givenName} ${p.familyName}`, address: p.address });
  // Oldest first: someone Postbag does not know, then three constituents, each from their own mail program.
  await importMail(client, windows1252('campaign-unknown@mail.example', { name: 'Sol Reyes', address: 'sol.reyes@example.com' }));
  await importMail(client, email({ from: 'Nia Evans <nia.evans@example.org>', subject: LONE, text: 'Dear Sam, the damp in our flat has come back and the landlord will not answer.' }));
  await importMail(client, gmail('campaign-alex@mail.example', sender(people.alex)));
  await importMail(client, outlook('campaign-bethan@mail.example', sender(people.bethan)));
  await importMail(client, htmlOnly('campaign-chris@mail.example', sender(people.chris)));
});

const inboxTable = (page: Page) => page.getByRole('table', { name: 'Messages' });
const campaignRows = (page: Page) => inboxTable(page).locator('tbody tr').filter({ hasText: 'Campaign' });

async function openInbox(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
  await inboxTable(page).waitFor();
  await loaded(page);
}

describe('campaign mail', () => {
  it('shows the campaign as one item, takes a message out as casework, and answers the rest with one previewed reply', async () => {
    const { context, page, pageErrors } = await newPage(env.browser, { forAxe: true });
    try {
      await signIn(page, env.baseUrl, demoUser(env.app.demo.users, 'caseworker'), env.app.demo.password);
      await openInbox(page);
      // Four copies of one letter are one row, with their count; the other message is its own.
      expect(await campaignRows(page).count()).toBe(1);
      expect(await campaignRows(page).textContent()).toContain('4 messages with the same text');
      expect(await inboxTable(page).locator('tbody tr').filter({ hasText: /clean rivers bill/i }).count()).toBe(1);
      expect(await inboxTable(page).getByRole('link', { name: LONE }).isVisible()).toBe(true);
      expect(await seriousAccessibilityProblems(page), 'inbox').toEqual([]);

      await campaignRows(page).getByRole('link', { name: CAMPAIGN_SUBJECT }).click();
      await page.getByRole('heading', { level: 1, name: CAMPAIGN_SUBJECT }).waitFor();
      await loaded(page);
      expect(await page.getByText('4 messages with the same text, waiting in the inbox.').isVisible()).toBe(true);
      const senders = page.getByRole('table', { name: 'Messages in this campaign' });
      expect(await senders.locator('tbody tr').count()).toBe(4);
      expect(await senders.getByRole('link', { name: 'Bethan Jones' }).count()).toBe(2); // the sender and their record
      expect(await page.getByRole('region', { name: 'What they wrote' }).textContent()).toContain('Clean Rivers Bill');
      expect(await seriousAccessibilityProblems(page), 'campaign page').toEqual([]);

      // Bethan's letter is really about her own case: out of the campaign, back in the inbox on its own.
      await senders.locator('tbody tr').filter({ hasText: people.bethan.address }).getByRole('link', { name: 'Bethan Jones' }).first().click();
      await page.getByText('with the same text').first().waitFor();
      await page.getByRole('button', { name: 'Take it out of the campaign: it is casework' }).click();
      await page.getByRole('status').filter({ hasText: 'Taken out of the campaign: it waits in the inbox as a message of its own.' }).waitFor();
      // Loaded again, the message is in no campaign.
      await page.getByRole('button', { name: 'Take it out of the campaign: it is casework' }).waitFor({ state: 'detached' });
      expect(await page.getByText('with the same text').count()).toBe(0);
      expect(await seriousAccessibilityProblems(page), 'message page').toEqual([]);
      await openInbox(page);
      expect(await campaignRows(page).textContent()).toContain('3 messages with the same text');
      expect(await inboxTable(page).getByRole('link', { name: `RE: ${CAMPAIGN_SUBJECT}` }).isVisible()).toBe(true);

      // One reply to the rest, read first as one of them will read it.
      await campaignRows(page).getByRole('link', { name: CAMPAIGN_SUBJECT }).click();
      await page.getByRole('heading', { level: 1, name: CAMPAIGN_SUBJECT }).waitFor();
      await loaded(page);
      const reply = page.getByRole('form', { name: 'Reply to everyone' });
      await reply.getByLabel('Subject').fill('The Clean Rivers Bill');
      await reply.getByLabel('Text').fill('{{constituent.salutation}},\n\nThank you for writing to me about the Clean Rivers Bill. I will vote for it.\n\n{{member.name}}');
      await reply.getByRole('button', { name: 'Preview the reply' }).click();
      const preview = page.getByRole('region', { name: 'Preview' });
      await preview.waitFor();
      expect(await preview.textContent()).toContain(`As ${people.chris.address} will read it`);
      expect(await preview.textContent()).toContain('Dear Mr Patel,');
      expect(await preview.textContent()).toContain('Not sent to 1 sender');
      expect(await preview.textContent()).toContain('does not know who sent it');
      expect(await seriousAccessibilityProblems(page), 'reply preview').toEqual([]);
      await preview.getByRole('button', { name: 'Send to 2 senders' }).click();
      await page.getByRole('status').filter({ hasText: 'Reply queued to 2 senders: each gets their own e-mail.' }).waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'sol.reyes@example.com' }).count()).toBe(1);

      // Each e-mail is on its sender's record; the one it could not go to waits on its own.
      const owen = await apiAs(env.app, emailOf.owen);
      const queued = await env.app.postbag.database.db.selectFrom('messages').select(['person_id', 'to_addresses']).where('direction', '=', 'out').where('person_id', 'in', Object.values(ids)).execute();
      expect(queued.map((m) => m.person_id).sort()).toEqual([ids.alex, ids.chris].sort());
      // On Alex's page: his letter and the reply to it.
      await page.goto(`${env.baseUrl}/people/${ids.alex}`);
      const theirMessages = page.getByRole('table', { name: 'Messages to and from Alex Morgan' });
      await theirMessages.waitFor();
      await loaded(page);
      expect(await theirMessages.locator('tbody tr').allTextContents()).toEqual([expect.stringMatching(/^The Clean Rivers Bill\s*To them, e-mail/), expect.stringMatching(/^Please support the Clean Rivers Bill\s*From them, e-mail/)]);
      expect(await seriousAccessibilityProblems(page), 'person page').toEqual([]);
      await openInbox(page);
      expect(await campaignRows(page).count()).toBe(0);
      expect((await owen.get<{ messages: unknown[] }>('/inbox')).messages).toHaveLength(3);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
