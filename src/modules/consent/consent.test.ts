import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOffice } from '../../db/scope.js';
import { erasePerson } from '../../erasure.js';
import { systemActor } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors/errors.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { casework, type MessageKind, queueEmail } from '../correspondence/service.js';
import { officeWithCase } from '../correspondence/outbound/test-fixtures/support.js';
import { assertMayMarket, type ConsentEventInput, countConsenting, currentConsents, isSuppressed, recordConsentEvent, suppressAddress, suppressedAmong } from './service.js';

/** The consent ledger, the suppression list, and the one send path refusing marketing without consent. */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let officeId: string;
let purposes: Record<'communications' | 'campaigning' | 'casework', string>;
let newsletter: string;

const ADDRESS = 'idris.jones@example.org';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
  officeId = (await t.database.db.selectFrom('offices').select('id').executeTakeFirstOrThrow()).id;
  const rows = await t.database.db.selectFrom('processing_purposes').select(['id', 'name']).execute();
  const id = (name: string) => rows.find((r) => r.name === name)!.id;
  purposes = { communications: id('Communications'), campaigning: id('Campaigning'), casework: id('Casework') };
  newsletter = (await t.database.db.selectFrom('subscription_topics').select('id').where('name', '=', 'Monthly newsletter').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const scoped = <T>(work: Parameters<typeof withOffice<T>>[2]) => withOffice(t.database.db, officeId, work);
let clock = Date.now() - 3_600_000;
/** Ledger entries a second apart, in the order written. */
const record = (personId: string, event: Omit<ConsentEventInput, 'personId' | 'method' | 'wording'> & Partial<ConsentEventInput>) =>
  scoped((tx) =>
    recordConsentEvent(t.keystore, tx, officeId, systemActor, {
      personId,
      method: 'paper',
      wording: 'Yes, please send me the monthly newsletter by e-mail.',
      occurredAt: new Date((clock += 1000)),
      ...event,
    }),
  );
const refusalOf = async (personId: string, purposeId: string, topicId: string | null = null, address = ADDRESS) => {
  try {
    await scoped((tx) => assertMayMarket(t.keystore, tx, officeId, { personId, purposeId, topicId, address }));
    return 'ok';
  } catch (error) {
    if (error instanceof AppError && error.status === 409) return error.message;
    throw error;
  }
};
const newPerson = (email: string, phone?: string) =>
  office.api.created('/people', {
    givenName: 'Bethan',
    familyName: `Lloyd ${email.slice(0, 6)}`,
    source: 'letter',
    contactPoints: [{ kind: 'email', value: email, preferred: true, source: 'letter' }, ...(phone ? [{ kind: 'phone', value: phone, source: 'phone' }] : [])],
  }) as Promise<{ id: string }>;

describe('the consent ledger', () => {
  it('derives current consent from the latest entry per purpose and topic, an objection standing against every purpose until a fresh consent', async () => {
    const person = await newPerson('bethan.one@example.org');
    expect(await refusalOf(person.id, purposes.communications, null, 'bethan.one@example.org')).toMatch(/have not given consent for this purpose/);

    await record(person.id, { purposeId: purposes.communications, kind: 'given' });
    expect(await refusalOf(person.id, purposes.communications, null, 'bethan.one@example.org')).toBe('ok');
    // A consent for the whole purpose covers its topics; none for another purpose.
    expect(await refusalOf(person.id, purposes.communications, newsletter, 'bethan.one@example.org')).toBe('ok');
    expect(await refusalOf(person.id, purposes.campaigning, null, 'bethan.one@example.org')).toMatch(/have not given consent/);

    // Withdrawing one topic stops that topic only.
    await record(person.id, { purposeId: purposes.communications, topicId: newsletter, kind: 'withdrawn' });
    expect(await refusalOf(person.id, purposes.communications, newsletter, 'bethan.one@example.org')).toMatch(/withdrew it/);
    expect(await refusalOf(person.id, purposes.communications, null, 'bethan.one@example.org')).toBe('ok');

    // An objection recorded under campaigning stops communications too, and suppresses the address.
    await record(person.id, { purposeId: purposes.campaigning, kind: 'objected', method: 'phone', wording: 'Caller said: stop sending me anything political.' });
    expect(await refusalOf(person.id, purposes.communications, null, 'bethan.one@example.org')).toMatch(/objected to direct marketing/);
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, ' Bethan.One@EXAMPLE.org '))).toBe(true);
    const { consents, objectedAt } = await scoped((tx) => currentConsents(tx, officeId, person.id));
    expect(objectedAt).toBeInstanceOf(Date);
    expect(consents.map((c) => [c.purposeId, c.topicId, c.state]).sort()).toEqual(
      [
        [purposes.communications, null, 'objected'],
        [purposes.communications, newsletter, 'withdrawn'],
        [purposes.campaigning, null, 'objected'],
      ].sort(),
    );

    // A fresh consent the person gives lifts the objection for that purpose only, and their own suppression.
    await record(person.id, { purposeId: purposes.communications, kind: 'given', method: 'in_person', wording: 'Signed at the surgery: yes to the newsletter again.' });
    expect(await refusalOf(person.id, purposes.communications, null, 'bethan.one@example.org')).toBe('ok');
    expect(await refusalOf(person.id, purposes.campaigning, null, 'bethan.one@example.org')).toMatch(/objected to direct marketing/);
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, 'bethan.one@example.org'))).toBe(false);
  });

  it('counts the people with current consent for a purpose', async () => {
    const [a, b, c] = [await newPerson('count.a@example.org'), await newPerson('count.b@example.org'), await newPerson('count.c@example.org')];
    const before = await scoped((tx) => countConsenting(tx, officeId, purposes.campaigning));
    await record(a.id, { purposeId: purposes.campaigning, kind: 'given' });
    await record(b.id, { purposeId: purposes.campaigning, kind: 'given' });
    await record(c.id, { purposeId: purposes.campaigning, kind: 'given' });
    await record(b.id, { purposeId: purposes.campaigning, kind: 'withdrawn' });
    await record(c.id, { purposeId: purposes.communications, kind: 'objected' });
    expect(await scoped((tx) => countConsenting(tx, officeId, purposes.campaigning))).toBe(before + 1);
  });

  it('is append-only in the database: the request role may not rewrite it, and the trigger refuses even the owner', async () => {
    const person = await newPerson('append.only@example.org');
    const entry = await record(person.id, { purposeId: purposes.communications, kind: 'given' });
    await expect(scoped((tx) => sql`UPDATE consent_events SET kind = 'withdrawn' WHERE id = ${entry.id}`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(scoped((tx) => sql`DELETE FROM consent_events WHERE id = ${entry.id}`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE consent_events SET kind = 'withdrawn' WHERE id = ${entry.id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM consent_events WHERE id = ${entry.id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    // The owner's erasure function serves only the office the transaction is scoped to.
    await expect(withOffice(t.database.db, '00000000-0000-7000-8000-000000000001', (tx) => sql`SELECT postbag_erase_consent(${officeId}::uuid, ${person.id}::uuid)`.execute(tx))).rejects.toThrow(/not this transaction's/);
    expect((await t.database.db.selectFrom('consent_events').select('kind').where('id', '=', entry.id).executeTakeFirstOrThrow()).kind).toBe('given');
  });

  it('refuses an entry for an unknown, retired or non-consent purpose, an unknown person or topic, and changes nothing', async () => {
    const person = await newPerson('refused.entries@example.org');
    const retired = await office.managerApi.ok('GET', '/processing/purposes');
    expect(retired).toBeDefined();
    await scoped((tx) => sql`UPDATE processing_purposes SET retired_at = now() WHERE name = 'Events and photography'`.execute(tx));
    const events = (await t.database.db.selectFrom('processing_purposes').select('id').where('name', '=', 'Events and photography').executeTakeFirstOrThrow()).id;
    const before = await tableContents(t);
    await expect(record(person.id, { purposeId: '0190a1b2-0000-7000-8000-000000000000', kind: 'given' })).rejects.toThrow(/No purpose with that id/);
    await expect(record(person.id, { purposeId: events, kind: 'given' })).rejects.toThrow(/"Events and photography" is retired/);
    await expect(record(person.id, { purposeId: purposes.casework, kind: 'given' })).rejects.toThrow(/"Casework" does not rest on consent/);
    await expect(record('0190a1b2-0000-7000-8000-000000000000', { purposeId: purposes.communications, kind: 'given' })).rejects.toThrow(/No person with that id/);
    await expect(record(person.id, { purposeId: purposes.campaigning, topicId: newsletter, kind: 'given' })).rejects.toThrow(/belongs to another purpose/);
    await expect(record(person.id, { purposeId: purposes.communications, kind: 'given', occurredAt: new Date(Date.now() + 86_400_000) })).rejects.toThrow(/must not be in the future/);
    await expectUnchanged(t, before);
  });

  it('moves with a merge: the duplicate\'s entries become the kept person\'s, through the owner\'s function', async () => {
    const kept = await newPerson('merge.kept@example.org');
    const duplicate = await newPerson('merge.duplicate@example.org');
    await record(duplicate.id, { purposeId: purposes.campaigning, kind: 'given' });
    const merged = await office.api.send('POST', `/people/${kept.id}/merge`, { mergePersonId: duplicate.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await t.database.db.selectFrom('consent_events').select('person_id').where('person_id', 'in', [kept.id, duplicate.id]).execute()).toEqual([{ person_id: kept.id }]);
    expect(await refusalOf(kept.id, purposes.campaigning, null, 'merge.kept@example.org')).toBe('ok');
  });
});

describe('the suppression list', () => {
  it('holds a keyed hash of the normalised address, says when it is there already, and refuses what is no address', async () => {
    const first = await scoped((tx) => suppressAddress(t.keystore, tx, officeId, { address: '  Bounced.Address@Example.ORG ', reason: 'hard_bounce' }));
    expect(first).toEqual({ added: true, channel: 'email' });
    const again = await scoped((tx) => suppressAddress(t.keystore, tx, officeId, { address: 'bounced.address@example.org', reason: 'complaint' }));
    expect(again).toEqual({ added: false, channel: 'email' });
    expect(await scoped((tx) => suppressAddress(t.keystore, tx, officeId, { address: '07911 123456', reason: 'added_by_staff' }))).toEqual({ added: true, channel: 'phone' });
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, '+44 7911 123456'))).toBe(true);
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, 'someone.else@example.org'))).toBe(false);
    // A mailing's batch: one query, the addresses as given.
    expect(await scoped((tx) => suppressedAmong(t.keystore, tx, officeId, ['BOUNCED.address@example.org', 'someone.else@example.org', '07911123456', 'nonsense']))).toEqual(
      new Set(['BOUNCED.address@example.org', '07911123456']),
    );
    const rows = await t.database.db.selectFrom('suppressions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/bounced|7911/i);
    expect(rows.find((r) => r.channel === 'email' && r.reason === 'hard_bounce')?.address_hash).toHaveLength(32);

    const before = await tableContents(t);
    await expect(scoped((tx) => suppressAddress(t.keystore, tx, officeId, { address: 'not an address', reason: 'added_by_staff' }))).rejects.toThrow(/Address must be an e-mail address or a phone number/);
    await expect(scoped((tx) => suppressAddress(t.keystore, tx, officeId, { address: 'x@y', channel: 'email', reason: 'added_by_staff' }))).rejects.toThrow(/Address must be an e-mail address/);
    await expectUnchanged(t, before);
  });

  it("survives the person's erasure, while their ledger entries go", async () => {
    const person = await newPerson('erased.objector@example.org', '020 7946 0018');
    await record(person.id, { purposeId: purposes.communications, kind: 'given' });
    await record(person.id, { purposeId: purposes.communications, kind: 'objected' });
    await erasePerson(t.ctx, systemActor, officeId, person.id);
    expect(await t.database.db.selectFrom('consent_events').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, 'erased.objector@example.org'))).toBe(true);
    expect(await scoped((tx) => isSuppressed(t.keystore, tx, officeId, '+442079460018'))).toBe(true);
  });
});

describe('the one send path', () => {
  const marketing = (): MessageKind => ({ kind: 'marketing', purposeId: purposes.communications, topicId: newsletter });
  const queue = (subject: string, kind: MessageKind) =>
    scoped((tx) => queueEmail(t.keystore, t.ctx.jobs, tx, officeId, null, { caseId: null, personId: office.person.id, to: ADDRESS, subject, text: `${subject}: the text.`, kind }));

  it('sends a casework update to a person with no consent, refuses marketing to them (nothing queued), and stops a marketing e-mail whose consent was withdrawn before it went', async () => {
    await queue('Your case: an update', casework);
    await t.ctx.jobs.runDue();
    const update = (await smtp.acceptedWith('Your case: an update')).find((m) => m.subject === 'Your case: an update');
    expect(update!.headers.has('list-unsubscribe')).toBe(false);

    const before = await tableContents(t);
    await expect(queue('Our spring newsletter', marketing())).rejects.toThrow(/may not be contacted for campaigns: they have not given consent for this purpose/);
    await expectUnchanged(t, before);

    await record(office.person.id, { purposeId: purposes.communications, topicId: newsletter, kind: 'given', method: 'web_form' });
    const { messageId } = await queue('Our summer newsletter', marketing());
    await record(office.person.id, { purposeId: purposes.communications, kind: 'withdrawn', method: 'email', wording: 'Please take me off your mailing list.' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 1 });
    // The job ended before any SMTP conversation: nothing was handed to the server.
    expect(smtp.accepted().filter((raw) => raw.toString('latin1').includes('Our summer newsletter'))).toEqual([]);
    const job = await t.database.db.selectFrom('jobs').select(['status', 'last_error']).where('dedupe_key', '=', messageId).executeTakeFirstOrThrow();
    expect(job.status).toBe('failed');
    expect(job.last_error).toMatch(/have not given consent for this purpose, or withdrew it/);
  });
});
