import { describe, expect, it } from 'vitest';
import * as bounce from '../test-fixtures/bounces.js';
import { email } from '../test-fixtures/mail.js';
import { readDeliveryReport } from './read.js';

/** Reading delivery reports as the servers write them, before anything is matched or stored. */

const sent = { id: '0193a5c2-7d7e-7000-8000-000000000001@example-constituency.org.uk', to: 'idris.jones@example.org', from: 'office@example-constituency.org.uk' };

async function read(raw: Buffer) {
  const report = await readDeliveryReport(raw);
  if (!report) throw new Error('not read as a delivery report');
  return { kind: report.kind, messageIds: report.messageIds, recipients: report.recipientsFor([sent.to]) };
}

const failed = (status: string | null, diagnostic: unknown = expect.any(String)) => ({ address: sent.to, action: 'failed', status, permanent: true, diagnostic, at: expect.any(Date) });

describe('reading a delivery report', () => {
  it.each([
    ['Postfix', bounce.postfix, '5.1.1', expect.stringContaining('550 5.1.1 <idris.jones@example.org>: Recipient address rejected: User unknown in virtual mailbox table')],
    ['Sendmail', bounce.sendmail, '5.1.2', null],
    ['Gmail, the original in Latin-1', bounce.gmail, '5.1.1', expect.stringMatching(/^550-5\.1\.1 The email account that you tried to reach does not exist\. Please try/)],
    ['Microsoft 365', bounce.microsoft365, '5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
  ])('%s (RFC 3464): the recipient, its status and the server’s words, and the Message-ID returned', async (_name, make, status, diagnostic) => {
    expect(await read(make(sent))).toEqual({ kind: 'bounce', messageIds: [sent.id], recipients: [failed(status, diagnostic)] });
  });

  it.each([
    ['qmail', bounce.qmail, '5.1.1', expect.stringContaining('Sorry, no mailbox here by that name')],
    ['old Exim', bounce.exim, null, expect.stringContaining('550 No such user here')],
    ['Exchange 2003', bounce.exchangeLegacy, '5.1.1', expect.stringContaining("couldn't be found")],
  ])('%s (plain text): permanent, as its words are clear, matched by the Message-ID in the returned copy', async (_name, make, status, diagnostic) => {
    expect(await read(make(sent))).toEqual({ kind: 'bounce', messageIds: [sent.id], recipients: [failed(status, diagnostic)] });
  });

  it('a Postfix delay is a delay, not a failure', async () => {
    const raw = bounce.postfix(sent, { action: 'delayed', code: '4.4.1', diagnostic: 'X-Postfix; connect to mail.example.org[203.0.113.25]:25: Connection timed out' });
    expect((await read(raw)).recipients).toEqual([{ address: sent.to, action: 'delayed', status: '4.4.1', permanent: false, diagnostic: expect.stringContaining('Connection timed out'), at: expect.any(Date) }]);
  });

  it('a DSN about several recipients gives only those the e-mail went to, matched without regard to case', async () => {
    const raw = bounce.severalRecipients(sent, { delayed: 'someone@example.com', delivered: 'other@example.net' });
    expect((await read(raw)).recipients).toEqual([{ address: sent.to, action: 'failed', status: '5.2.1', permanent: true, diagnostic: '550 5.2.1 This mailbox has been disabled', at: expect.any(Date) }]);
    const report = await readDeliveryReport(raw);
    expect(report!.recipientsFor(['other@example.net'])).toEqual([expect.objectContaining({ address: 'other@example.net', action: 'delivered', status: '2.0.0', permanent: false })]);
  });

  it('a Yahoo spam complaint with the recipient redacted is a complaint from the one it went to', async () => {
    expect(await read(bounce.yahooComplaint(sent))).toEqual({ kind: 'complaint', messageIds: [sent.id], recipients: [{ address: sent.to, action: 'complaint', status: null, permanent: true, diagnostic: null, at: new Date('2026-12-04T10:05:00Z') }] });
  });

  it('a DSN with no Message-ID returned names no message', async () => {
    expect((await read(bounce.withoutMessageId(sent))).messageIds).toEqual([]);
  });

  it('is not fooled by a person writing about a bounce, nor by an unclear daemon message', async () => {
    expect(await readDeliveryReport(email({ subject: 'Undeliverable: my e-mail to the council bounced', text: 'Delivery has failed to these recipients or groups: the council. Can you help?' }))).toBeNull();
    expect(await readDeliveryReport(email({ from: 'MAILER-DAEMON@mx.example.net', subject: 'Your mailbox is almost full', text: 'Please tidy up.' }))).toBeNull();
  });

  it('a plain bounce whose words are unclear is a failure, but not a permanent one', async () => {
    const raw = Buffer.from(bounce.qmail(sent).toString('latin1').replace("This is a permanent error; I've given up. Sorry it didn't work out.", '').replace('Sorry, no mailbox here by that name. (#5.1.1)', 'Something went wrong.'), 'latin1');
    expect((await read(raw)).recipients).toEqual([{ address: sent.to, action: 'failed', status: null, permanent: false, diagnostic: expect.stringContaining('Something went wrong'), at: expect.any(Date) }]);
  });
});
