import { afterAll, beforeAll, expect, it } from 'vitest';
import { withOffice } from '../../db/scope.js';
import { systemActor } from '../../platform/audit/audit.js';
import { DEMO_OFFICE_ID, seedDemoOffice } from '../../seed/demo.js';
import { ServedPostbag } from '../../../test/support/served.js';
import { parseMail, type SmtpEvent } from '../../../test/support/smtp-server.js';
import { client } from '../casework/test-fixtures/support.js';
import { recordConsentEvent } from '../consent/service.js';
import { officeWithCase } from '../correspondence/outbound/test-fixtures/support.js';

/**
 * Postbag killed in the middle of a mailing (a separate `postbag serve` process, SIGKILL) and
 * started again: every recipient gets the mailing, each one message (a copy sent again after the
 * kill carries the same Message-ID: the send path's crash rule), and the mailing ends sent.
 */
const RECIPIENTS = 20;
let served: ServedPostbag;
let addresses: string[];
let mailingId: string;

/** How many of the mailing's recipients the SMTP server has accepted a message for. */
const recipientsReached = (all: readonly SmtpEvent[]) =>
  new Set(all.flatMap((e) => (e.event === 'accepted' ? addresses.filter((a) => Buffer.from(e.raw, 'base64').toString('latin1').toLowerCase().includes(`to: ${a}`)) : []))).size;

beforeAll(async () => {
  served = await ServedPostbag.start('mailing-crash');
  ({ addresses, mailingId } = await served.inProcess(async (postbag, t) => {
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 5, cases: 2 });
    const office = await officeWithCase(t);
    const purposes = (await office.managerApi.ok('GET', '/processing/purposes')).purposes as { id: string; name: string }[];
    const purposeId = purposes.find((p) => p.name === 'Communications')!.id;
    const addresses: string[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const address = `reader.${i}@example.org`;
      const person = await office.api.created('/people', { givenName: `Reader${i}`, familyName: 'Smith', source: 'email', contactPoints: [{ kind: 'email', value: address, preferred: true, source: 'email' }] });
      await withOffice(postbag.database.db, DEMO_OFFICE_ID, (tx) =>
        recordConsentEvent(postbag.keystore, tx, DEMO_OFFICE_ID, systemActor, { personId: person.id, purposeId, kind: 'given', method: 'web_form', wording: 'Send me the newsletter.' }),
      );
      addresses.push(address);
    }
    // A slice of 10 every 10 s: the kill lands while the mailing is under way.
    await office.managerApi.ok('PUT', '/newsletters/settings', { messagesPerMinute: 60 });
    const mailing = await office.managerApi.created('/newsletters', { subject: 'Autumn newsletter', html: '<p>Dear {{constituent.givenName}}, the autumn news.</p>', purposeId });
    await client(t, office.manager).ok('POST', `/newsletters/${mailing.id}/send`, {});
    return { addresses, mailingId: mailing.id as string };
  }));
}, 180_000);

afterAll(() => served?.close());

it('killed mid-mailing and started again: every recipient gets it, one message each, and the mailing ends sent', async () => {
  const doomed = served.serve();
  await served.whileServing(doomed, 'the first messages arrived', served.smtp.waitFor('5 of the mailing', (_, all) => recipientsReached(all) >= 5));
  await served.stop(doomed, 'SIGKILL');
  const before = recipientsReached(served.smtp.events);
  expect(before).toBeLessThan(RECIPIENTS);

  const rescuer = served.serve();
  await served.whileServing(rescuer, 'every recipient got it', served.smtp.waitFor('every recipient', (_, all) => recipientsReached(all) === RECIPIENTS));
  await served.stop(rescuer, 'SIGTERM');

  const mails = await Promise.all(served.smtp.accepted().map(parseMail));
  const byRecipient = new Map<string, Set<string>>();
  for (const m of mails) {
    const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address?.toLowerCase();
    if (!to || !addresses.includes(to)) continue;
    byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(m.messageId!));
  }
  expect([...byRecipient.keys()].sort()).toEqual([...addresses].sort());
  // One message per person: any second copy is the same message (its Message-ID) sent again.
  for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
  const outcome = await served.inProcess(async (postbag) => {
    const db = postbag.database.db;
    const mailing = await db.selectFrom('newsletter_mailings').select('state').where('id', '=', mailingId).executeTakeFirstOrThrow();
    const rows = await db.selectFrom('newsletter_recipients').select(['message_id']).where('mailing_id', '=', mailingId).execute();
    const ids = rows.map((r) => r.message_id!);
    const states = await db.selectFrom('messages').select('state').where('id', 'in', ids).execute();
    return { state: mailing.state, recipients: rows.length, distinctMessages: new Set(ids).size, sent: states.filter((s) => s.state === 'sent').length };
  });
  expect(outcome).toEqual({ state: 'sent', recipients: RECIPIENTS, distinctMessages: RECIPIENTS, sent: RECIPIENTS });
}, 240_000);
