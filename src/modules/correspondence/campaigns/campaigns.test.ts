import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { client } from '../../casework/test-fixtures/support.js';
import { officeWithCase } from '../outbound/test-fixtures/support.js';
import { email, importMail } from '../test-fixtures/mail.js';
import { CAMPAIGN_SUBJECT, campaignWords, clients, type Sender } from './test-fixtures/campaign-mail.js';

/** Campaign mail: grouped as it arrives, one item in the inbox, one reply to all, a message taken out. */
let smtp: SmtpTestServer;
let t: TestApp;
let api: ReturnType<typeof client>;
let office: Awaited<ReturnType<typeof officeWithCase>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
  api = office.api;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

let counter = 0;
/** A constituent on record with this e-mail address (so their mail is matched to them). */
async function constituent(givenName: string, familyName: string, title?: string): Promise<Sender & { id: string }> {
  const address = `${givenName.toLowerCase()}.${familyName.toLowerCase()}.${++counter}@example.org`;
  const person = await api.created('/people', { givenName, familyName, ...(title ? { title } : {}), source: 'email', contactPoints: [{ kind: 'email', value: address, preferred: true, source: 'email' }] });
  return { id: person.id, name: `${givenName} ${familyName}`, address };
}

async function receive(raw: Buffer): Promise<string> {
  const res = await importMail(t.app, office.owen, raw);
  expect(res.json().stored, res.body).toBe(1);
  return res.json().messages[0].messageId as string;
}

type InboxItem = { id: string; subject: string; campaign: { id: string; count: number } | null };
const inbox = async (): Promise<InboxItem[]> => (await api.ok('GET', '/inbox?limit=100')).messages;

/** The campaign from four mail programs, each by a different sender; answers the messages' ids and the group's. */
async function campaignFrom(senders: readonly Sender[]) {
  const programs = Object.values(clients);
  const words = campaignWords(`This is letter ${++counter} of the campaign's tests.`);
  const ids: string[] = [];
  for (const [i, sender] of senders.entries()) ids.push(await receive(programs[i % programs.length]!(`campaign-${++counter}-${Date.now()}@mail.example`, sender, words)));
  const item = (await inbox()).find((m) => ids.includes(m.id) && m.campaign);
  return { ids, campaignId: item?.campaign?.id };
}

describe('grouping campaign mail', () => {
  it('puts the same letter from Gmail, Outlook, an HTML-only sender and a Windows-1252 client into one inbox item with its count; other mail stays as it is', async () => {
    const people = [await constituent('Alex', 'Morgan'), await constituent('Bethan', 'Jones'), await constituent('Chris', 'Patel'), await constituent('Dee', 'Walsh')];
    const own = await receive(email({ from: 'Amina Khan <amina@example.org>', subject: 'Damp in my flat', text: 'Dear Sam, my flat has had damp for months and the landlord does nothing about it at all.' }));
    const thanks = await receive(email({ from: 'Bo <bo@example.org>', subject: 'Thanks', text: 'Thank you!' }));
    await receive(email({ from: 'Cy <cy@example.org>', subject: 'Thanks', text: 'Thank you!!' }));
    const { ids, campaignId } = await campaignFrom(people);

    const items = await inbox();
    const shown = items.filter((m) => ids.includes(m.id));
    expect(shown).toEqual([expect.objectContaining({ id: ids.at(-1), subject: CAMPAIGN_SUBJECT.toUpperCase(), campaign: { id: campaignId, count: 4 } })]);
    expect(items.find((m) => m.id === own)).toMatchObject({ campaign: null });
    // Too short to be a campaign's: two people saying thank you are two items.
    expect(items.filter((m) => m.subject === 'Thanks')).toHaveLength(2);
    expect(items.find((m) => m.id === thanks)!.campaign).toBeNull();

    const group = await api.ok('GET', `/campaigns/${campaignId}`);
    expect(group).toMatchObject({ id: campaignId, count: 4, sample: { messageId: ids.at(-1), text: expect.stringMatching(/CLEAN\s+RIVERS\s+BILL/) } });
    expect(group.members.map((m: { from: { address: string } }) => m.from.address)).toEqual(people.map((p) => p.address).reverse());
    expect(group.members[0]).toMatchObject({ person: { id: people[3]!.id, name: 'Dee Walsh' }, withheld: false, receivedAt: expect.any(String), occurredAt: '2026-11-23T12:00:00.000Z' });

    // Only a keyed hash of the text is kept.
    const signatures = await t.database.db.selectFrom('campaign_groups').select('signature').where('id', '=', campaignId!).execute();
    expect(signatures).toEqual([{ signature: expect.any(Buffer) }]);
    expect(signatures[0]!.signature).toHaveLength(32);
    const stored = JSON.stringify(await t.database.db.selectFrom('campaign_groups').selectAll().execute()) + JSON.stringify(await t.database.db.selectFrom('campaign_members').selectAll().execute());
    expect(stored.toLowerCase()).not.toContain('rivers');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', '=', 'campaign.read').execute();
    expect(audit).toContainEqual({ action: 'campaign.read', record_ids: [campaignId] });
  });

  it('takes a message that is really casework out of its group: it is its own item again, audited; one archived leaves it too; a second try changes nothing', async () => {
    const people = [await constituent('Eve', 'Lane'), await constituent('Fay', 'Hart'), await constituent('Gil', 'Roe')];
    const { ids, campaignId } = await campaignFrom(people);
    const [first] = ids;
    const ungrouped = await api.ok('POST', `/messages/${first}/ungroup`);
    expect(ungrouped).toMatchObject({ id: first, state: 'inbox', campaign: null });
    const items = await inbox();
    expect(items.find((m) => m.id === first)).toMatchObject({ campaign: null });
    expect(items.find((m) => m.campaign?.id === campaignId)).toMatchObject({ campaign: { count: 2 } });
    expect((await api.ok('GET', `/campaigns/${campaignId}`)).members.map((m: { messageId: string }) => m.messageId)).not.toContain(first);
    const audit = await t.database.db.selectFrom('audit_log').select(['record_ids']).where('action', '=', 'campaign.message_ungrouped').execute();
    expect(audit).toContainEqual({ record_ids: [first, campaignId] });

    // Archived (or filed on a case), a message leaves its group as it leaves the inbox: one left is no campaign.
    await api.ok('POST', `/messages/${ids[1]}/triage`, { action: 'archive' });
    expect((await inbox()).find((m) => m.id === ids[2])).toMatchObject({ campaign: null });

    const before = await tableContents(t);
    const again = await api.send('POST', `/messages/${first}/ungroup`);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.message).toMatch(/in no campaign group/);
    await expectUnchanged(t, before);
  });

  it('answers the whole group with one reply, each personalised and e-mailed to its own sender on their record; those it cannot go to are named with why, and a double submit sends nothing twice', async () => {
    const [ann, ben] = [await constituent('Ann', 'Khan', 'Ms'), await constituent('Ben', 'Shaw', 'Mr')];
    const restricted = await constituent('Cal', 'Reed');
    const stranger = { name: 'Unknown Writer', address: 'unknown.writer@example.net' };
    const { ids, campaignId } = await campaignFrom([ann, ben, restricted, stranger]);
    await client(t, await t.signIn(demo.email('data_protection_lead'))).ok('PUT', `/people/${restricted.id}/restriction`, { reason: 'accuracy_contested' });
    const reply = { subject: 'Clean rivers', body: '{{constituent.salutation}},\n\nThank you for writing about the Clean Rivers Bill. I will vote for it.\n\n{{member.name}}' };

    const preview = await api.ok('POST', `/campaigns/${campaignId}/reply/preview`, reply);
    expect(preview.sendable).toBe(2);
    expect(preview.example).toMatchObject({ to: ben.address, body: expect.stringMatching(/^Dear Mr Shaw,\n\nThank you for writing/) });
    const notSendable = [
      { messageId: ids[3], from: stranger.address, reason: expect.stringMatching(/does not know who sent it/) },
      { messageId: ids[2], from: null, reason: expect.stringMatching(/restricted/) },
    ];
    expect(preview.notSendable).toEqual(notSendable);

    // Submitted twice at once: one sends, the other finds them answered.
    const outgoing = () => t.database.db.selectFrom('messages').select(['id', 'person_id', 'to_addresses']).where('direction', '=', 'out').where('created_by', 'is not', null).execute();
    const outBefore = (await outgoing()).length;
    const [once, twice] = await Promise.all([api.ok('POST', `/campaigns/${campaignId}/reply`, reply), api.ok('POST', `/campaigns/${campaignId}/reply`, reply)]);
    const results = [once, twice].sort((a, b) => b.sent.length - a.sent.length);
    expect(results[0].sent.map((s: { to: string }) => s.to).sort()).toEqual([ann.address, ben.address].sort());
    expect(results[1].sent).toEqual([]);
    expect(results[0].notSent).toEqual(notSendable);
    expect(results[1].notSent).toEqual(notSendable);
    const emails = (await outgoing()).slice(outBefore);
    expect(emails.map((e) => [e.person_id, e.to_addresses]).sort()).toEqual([[ann.id, [ann.address]], [ben.id, [ben.address]]].sort());

    // On her record: her letter and the reply to it.
    const annsMessages = (await api.ok('GET', `/people/${ann.id}/messages`)).messages;
    expect(annsMessages.map((m: { direction: string; subject: string; id: string }) => [m.direction, m.direction === 'in' ? m.id : m.subject])).toEqual([
      ['out', 'Clean rivers'],
      ['in', ids[0]],
    ]);
    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 2, failed: 0 });
    await smtp.acceptedWith('Dear Ms Khan');
    const mails = await smtp.acceptedWith('Dear Mr Shaw');
    expect(mails).toHaveLength(2);
    const opening = (mail: (typeof mails)[number]) => [mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined, mail.text?.split(',')[0]];
    expect(mails.map(opening).sort()).toEqual([[ann.address, 'Dear Ms Khan'], [ben.address, 'Dear Mr Shaw']].sort());
    expect(mails.every((mail) => mail.text?.includes('Sam Taylor MP'))).toBe(true);

    // Answered: out of the inbox; the two it could not go to wait as the group.
    const items = await inbox();
    expect(items.filter((m) => ids.includes(m.id)).map((m) => m.campaign)).toEqual([{ id: campaignId, count: 2 }]);
    const states = await t.database.db.selectFrom('messages').select(['id', 'state']).where('id', 'in', ids).execute();
    expect(new Map(states.map((s) => [s.id, s.state]))).toEqual(new Map([[ids[0], 'archived'], [ids[1], 'archived'], [ids[2], 'inbox'], [ids[3], 'inbox']]));
    const audit = await t.database.db.selectFrom('audit_log').select(['record_ids']).where('action', '=', 'campaign.replied').execute();
    expect(audit.map((a) => [...a.record_ids].sort())).toContainEqual([campaignId, ids[0], ids[1]].sort());
  });

  it('refuses a bad reply with a clear reason and changes nothing', async () => {
    const { campaignId } = await campaignFrom([await constituent('Hal', 'Ives'), await constituent('Ida', 'Jay')]);
    const template = (await api.ok('GET', '/templates')).templates[0];
    const volunteer = await t.signIn(demo.email('volunteer'));
    const before = await tableContents(t);
    const cases: [object, number, RegExp, string][] = [
      [{ subject: 'Hi', body: 'Dear {{constituent.nickname}}' }, 400, /not a merge field/, `/campaigns/${campaignId}/reply`],
      [{ templateId: template?.id ?? '00000000-0000-4000-8000-000000000000', body: 'Also this' }, 400, /choose one/, `/campaigns/${campaignId}/reply`],
      [{ subject: 'No text' }, 400, /required with subject/, `/campaigns/${campaignId}/reply`],
      [{ subject: 'Hi', body: 'Hello', cc: 'x@example.org' }, 400, /cc/i, `/campaigns/${campaignId}/reply`],
      [{ subject: 'Hi', body: 'Hello' }, 404, /No campaign/, '/campaigns/00000000-0000-4000-8000-000000000000/reply'],
      [{ subject: 'Hi', body: 'Hello' }, 400, /campaign id/, '/campaigns/not-an-id/reply'],
    ];
    for (const [body, status, message, url] of cases) {
      const res = await api.send('POST', url, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await client(t, volunteer).send('POST', `/campaigns/${campaignId}/reply`, { subject: 'Hi', body: 'Hello' })).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});
