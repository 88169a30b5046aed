import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOffice } from '../../../db/scope.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { type ImapTestServer, startImapServer } from '../../../../test/support/imap-server.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { changedTables, expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { isSuppressed } from '../../consent/service.js';
import { contactPointToUse } from '../../people/service.js';
import { bouncedAmong } from '../service.js';
import * as bounce from '../test-fixtures/bounces.js';
import { email, importMail } from '../test-fixtures/mail.js';
import { FROM, officeWithCase } from '../outbound/test-fixtures/support.js';

/**
 * Bounces and spam complaints arriving as mail, through the import and through IMAP (dovecot):
 * recorded on the e-mail they report on, never in the inbox, and an address that bounced for good
 * marked on the person's page.
 */
let t: TestApp;
let smtp: SmtpTestServer;
let imap: ImapTestServer;
let office: Awaited<ReturnType<typeof officeWithCase>>;

beforeAll(async () => {
  [smtp, imap] = await Promise.all([startSmtpServer(), startImapServer()]);
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([smtp?.close(), imap?.stop()]);
});

interface Delivery {
  recipient: string;
  action: string;
  status: string | null;
  permanent: boolean;
  summary: string;
}

let people = 0;
/** A constituent of their own with a case, and an e-mail sent to them from it (handed to the SMTP server). */
async function sentTo(address: string) {
  const person = await office.api.created('/people', { givenName: 'Test', familyName: `Person ${++people}`, source: 'email', contactPoints: [{ kind: 'email', value: address, preferred: true, source: 'email' }] });
  const theCase = await office.openCase(person.id);
  const queued = await office.api.created(`/cases/${theCase.id}/emails`, { subject: 'Your visa application', body: 'Dear Test,\n\nI have written to the Home Office.' });
  await t.ctx.jobs.runDue();
  return { person, theCase, messageId: queued.id as string, sent: { id: queued.internetMessageId as string, to: address, from: FROM } };
}

const caseEmails = async (caseId: string) => (await office.api.ok('GET', `/cases/${caseId}/emails`)).emails as { id: string; state: string; delivery: Delivery[] }[];
const emailAddress = async (personId: string) => ((await office.api.ok('GET', `/people/${personId}`)).contactPoints as { kind: string; value: string; undeliverable: unknown }[]).find((c) => c.kind === 'email');
/** Whether the address is on the office's suppression list (consent), and why. */
async function suppression(address: string) {
  const { id: officeId } = await t.database.db.selectFrom('offices').select('id').orderBy('id').executeTakeFirstOrThrow();
  const suppressed = await withOffice(t.database.db, officeId, (tx) => isSuppressed(t.ctx.keystore, tx, officeId, address));
  const reasons = await t.database.db.selectFrom('suppressions').select('reason').where('office_id', '=', officeId).execute();
  return { suppressed, reasons: reasons.map((r) => r.reason) };
}
const inboxIds = async () => ((await office.api.ok('GET', '/inbox?limit=100')).messages as { id: string }[]).map((m) => m.id);

async function imported(raw: Buffer) {
  const res = await importMail(t.app, office.owen, raw);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('a bounce imported', () => {
  it('is recorded on the e-mail it reports on, marks the address undeliverable, and is not a message in the inbox', async () => {
    const { person, theCase, messageId, sent } = await sentTo('idris.j@example.org');
    const inbox = await inboxIds();
    const report = bounce.postfix(sent);
    const result = await imported(report);
    expect(result).toMatchObject({ received: 1, stored: 0, deliveryReports: 1, rejected: [], messages: [{ position: 1, outcome: 'delivery_report', report: { kind: 'bounce', matched: true, messageIds: [messageId] } }] });
    expect(await inboxIds()).toEqual(inbox);

    const summary = 'Not delivered to idris.j@example.org: the mailbox does not exist (5.1.1)';
    const [sentEmail] = await caseEmails(theCase.id);
    expect(sentEmail).toMatchObject({ id: messageId, state: 'sent', delivery: [{ recipient: sent.to, action: 'failed', status: '5.1.1', permanent: true, summary }] });
    const message = await office.api.ok('GET', `/messages/${messageId}`);
    expect(message.delivery).toEqual([expect.objectContaining({ summary, diagnostic: expect.stringContaining('Recipient address rejected: User unknown') })]);
    // The server's words are sealed: they quote the address.
    const row = await t.database.db.selectFrom('delivery_reports').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
    expect(row.diagnostic_sealed).toMatch(/^k1\./);
    expect(JSON.stringify(row)).not.toContain('User unknown');

    expect(await emailAddress(person.id)).toMatchObject({ value: sent.to, undeliverable: { since: expect.any(String), status: '5.1.1', reason: 'the mailbox does not exist' } });
    // Campaign mail passes over it; casework still finds it.
    const { office_id: officeId } = await t.database.db.selectFrom('messages').select('office_id').where('id', '=', messageId).executeTakeFirstOrThrow();
    const toUse = (deliverable: boolean) => withOffice(t.database.db, officeId, (tx) => contactPointToUse(tx, officeId, person.id, 'email', { deliverable }));
    expect(await toUse(true)).toBeUndefined();
    expect(await toUse(false)).toMatchObject({ value: sent.to, undeliverable_status: '5.1.1' });
    // And the address is suppressed for marketing.
    expect(await suppression(sent.to)).toEqual({ suppressed: true, reasons: ['hard_bounce'] });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', 'in', ['message.delivery_reported', 'contact_point.undeliverable']).orderBy('seq').execute();
    expect(audit.slice(-2)).toEqual([
      { action: 'message.delivery_reported', record_ids: [messageId] },
      { action: 'contact_point.undeliverable', record_ids: [expect.any(String), person.id] },
    ]);

    // The same report again (polled, or imported twice) changes nothing.
    const before = await tableContents(t);
    expect(await imported(report)).toMatchObject({ deliveryReports: 1, messages: [{ outcome: 'delivery_report', report: { matched: true } }] });
    await expectUnchanged(t, before);

    // Casework still writes to the address, and warns.
    const again = await office.api.created(`/cases/${theCase.id}/emails`, { subject: 'Did you get my e-mail?', body: 'Dear Test,' });
    expect(again.warning).toMatch(/^idris\.j@example\.org has not taken mail since \d{4}-\d\d-\d\d \(the mailbox does not exist, 5\.1\.1\): the e-mail was queued, but it may not arrive\./);
    await t.ctx.jobs.runDue();
  });

  it.each([
    ['Sendmail', bounce.sendmail, 'Not delivered to sendmail@example.org: the domain does not exist (5.1.2)'],
    ['Gmail (the original in Latin-1)', bounce.gmail, 'Not delivered to gmail@example.org: the mailbox does not exist (5.1.1)'],
    ['Microsoft 365', bounce.microsoft365, 'Not delivered to microsoft365@example.org: the address was not found (5.1.10)'],
    ['Exchange 2003', bounce.exchangeLegacy, 'Not delivered to exchangelegacy@example.org: the mailbox does not exist (5.1.1)'],
    ['qmail', bounce.qmail, 'Not delivered to qmail@example.org: the mailbox does not exist (5.1.1)'],
    ['old Exim', bounce.exim, 'Not delivered to exim@example.org: the receiving server refused it for good'],
  ])('from %s: matched, shown in plain words, the address marked', async (_name, make, summary) => {
    const { person, theCase, sent } = await sentTo(`${make.name.toLowerCase()}@example.org`);
    expect((await imported(make(sent))).messages).toEqual([expect.objectContaining({ outcome: 'delivery_report', report: expect.objectContaining({ matched: true }) })]);
    expect((await caseEmails(theCase.id))[0]!.delivery.map((d) => d.summary)).toEqual([summary]);
    expect(await emailAddress(person.id)).toMatchObject({ undeliverable: { since: expect.any(String) } });
  });

  it('a delay is recorded and changes nothing else; the failure after it marks the address', async () => {
    const { person, theCase, sent } = await sentTo('slow.server@example.org');
    await imported(bounce.postfix(sent, { action: 'delayed', code: '4.4.1', diagnostic: 'X-Postfix; connect to mail.example.org[203.0.113.25]:25: Connection timed out' }));
    expect((await caseEmails(theCase.id))[0]!.delivery).toEqual([
      expect.objectContaining({ action: 'delayed', permanent: false, summary: 'Not yet delivered to slow.server@example.org: the receiving server did not answer (4.4.1); the mail server is still trying' }),
    ]);
    expect(await emailAddress(person.id)).toMatchObject({ undeliverable: null });
    expect((await suppression(sent.to)).suppressed).toBe(false);

    await imported(bounce.postfix(sent, { action: 'failed', code: '5.4.7', diagnostic: 'X-Postfix; delivery temporarily suspended: connect to mail.example.org: Connection timed out' }));
    expect((await caseEmails(theCase.id))[0]!.delivery.map((d) => d.action)).toEqual(['delayed', 'failed']);
    expect(await emailAddress(person.id)).toMatchObject({ undeliverable: { status: '5.4.7', reason: 'it could not be delivered in time' } });
    expect((await suppression(sent.to)).suppressed).toBe(true);
  });

  it('a DSN about several recipients records only the one this e-mail went to', async () => {
    const { theCase, sent } = await sentTo('one.of.three@example.org');
    await imported(bounce.severalRecipients(sent, { delayed: 'someone@example.com', delivered: 'idris.jones@example.org' }));
    expect((await caseEmails(theCase.id))[0]!.delivery).toEqual([expect.objectContaining({ recipient: sent.to, action: 'failed', status: '5.2.1', summary: 'Not delivered to one.of.three@example.org: the mailbox is disabled (5.2.1)' })]);
    // The constituent of the first case, named as delivered in the same report, is untouched.
    expect(await emailAddress(office.person.id)).toMatchObject({ value: 'idris.jones@example.org', undeliverable: null });
  });

  it('a spam complaint (Yahoo, ARF) is recorded on the e-mail and suppresses the address, which is not marked undeliverable', async () => {
    const { person, theCase, sent } = await sentTo('complainer@example.org');
    expect((await imported(bounce.yahooComplaint(sent))).messages).toEqual([expect.objectContaining({ report: { kind: 'complaint', matched: true, messageIds: [expect.any(String)] } })]);
    expect((await caseEmails(theCase.id))[0]!.delivery).toEqual([expect.objectContaining({ action: 'complaint', summary: 'complainer@example.org reported it as spam' })]);
    expect(await emailAddress(person.id)).toMatchObject({ undeliverable: null });
    const { suppressed, reasons } = await suppression(sent.to);
    expect(suppressed).toBe(true);
    expect(reasons.filter((r) => r === 'complaint')).toHaveLength(1);
  });
});

describe('a report for no e-mail this office sent', () => {
  it('changes nothing about any person or message: it is only counted, once, and shown as a count', async () => {
    const { sent } = await sentTo('unmatched.test@example.org');
    const before = await tableContents(t);
    const inbox = await inboxIds();
    const never = { ...sent, id: 'never-sent-by-us.1234@example-constituency.org.uk' };
    const neverSent = bounce.postfix(never);
    const result = await imported(neverSent);
    expect(result).toMatchObject({ stored: 0, deliveryReports: 1, messages: [{ outcome: 'delivery_report', report: { kind: 'bounce', matched: false, messageIds: [] } }] });
    expect(await imported(bounce.withoutMessageId(sent))).toMatchObject({ messages: [{ outcome: 'delivery_report', report: { matched: false } }] });
    expect(await imported(bounce.yahooComplaint(never))).toMatchObject({ messages: [{ outcome: 'delivery_report', report: { kind: 'complaint', matched: false } }] });
    // Only the count and its audit entries (which name no record).
    const after = await tableContents(t);
    expect(changedTables(before, after).map((line) => line.split(':')[0])).toEqual(['audit_heads', 'audit_log', 'unmatched_delivery_reports']);
    expect(after['unmatched_delivery_reports']!.rows - before['unmatched_delivery_reports']!.rows).toBe(3);
    expect(await inboxIds()).toEqual(inbox);
    expect(await office.api.ok('GET', '/delivery-reports/unmatched')).toEqual({ bounces: 2, complaints: 1, latestAt: expect.any(String) });

    // Again: counted once.
    const counted = await tableContents(t);
    await imported(neverSent);
    await expectUnchanged(t, counted);
  });
});

describe('a bounce polled over IMAP', () => {
  it('is recorded, while the letter beside it goes to the inbox', async () => {
    const { person, theCase, sent } = await sentTo('imap.bounce@example.org');
    const c = await imap.client();
    await c.mailboxCreate('Bounces');
    await c.logout();
    await imap.deliverAll([bounce.gmail(sent), email({ messageId: `letter-${Date.now()}@mail.example`, subject: 'About my bins', text: 'Dear Sam, the bins were missed again.' })], 'Bounces');
    await office.managerApi.created('/mailboxes', { host: imap.host, port: imap.port, tls: false, username: imap.user, password: imap.password, folder: 'Bounces' });
    const inbox = new Set(await inboxIds());
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 0 });

    expect((await caseEmails(theCase.id))[0]!.delivery.map((d) => d.summary)).toEqual(['Not delivered to imap.bounce@example.org: the mailbox does not exist (5.1.1)']);
    expect(await emailAddress(person.id)).toMatchObject({ undeliverable: { status: '5.1.1' } });
    const added = (await inboxIds()).filter((id) => !inbox.has(id));
    expect(added).toHaveLength(1);
    expect((await office.api.ok('GET', `/messages/${added[0]}`)).subject).toBe('About my bins');
  });
});

describe("a mailing's bounced count", () => {
  it('counts the e-mails among those given that bounced for good, not delays or complaints', async () => {
    const bounced = await sentTo('counted.bounce@example.org');
    const delayed = await sentTo('counted.delay@example.org');
    const complained = await sentTo('counted.complaint@example.org');
    await imported(bounce.qmail(bounced.sent));
    await imported(bounce.postfix(delayed.sent, { action: 'delayed', code: '4.4.1', diagnostic: 'X-Postfix; Connection timed out' }));
    await imported(bounce.yahooComplaint(complained.sent));
    const ids = [bounced.messageId, delayed.messageId, complained.messageId];
    const { office_id: officeId } = await t.database.db.selectFrom('messages').select('office_id').where('id', '=', bounced.messageId).executeTakeFirstOrThrow();
    expect(await withOffice(t.database.db, officeId, (tx) => bouncedAmong(tx, officeId, ids))).toBe(1);
    expect(await withOffice(t.database.db, officeId, (tx) => bouncedAmong(tx, officeId, ids.slice(1)))).toBe(0);
  });
});
