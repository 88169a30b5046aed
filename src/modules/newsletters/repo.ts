import { type AliasableExpression, type Insertable, sql, type Updateable } from 'kysely';
import type { NewsletterMailingsTable } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/** Newsletters' own tables: mailings, their recipients once sent, the office's sending rate. */

const mailingColumns = [
  'id',
  'purpose_id',
  'topic_id',
  'postcode_areas',
  'subject_sealed',
  'html_sealed',
  'text_sealed',
  'state',
  'created_at',
  'updated_at',
  'sent_by',
  'send_started_at',
  'queued_at',
] as const;

export function insertMailing(tx: OfficeTx, row: Insertable<NewsletterMailingsTable>) {
  return tx.insertInto('newsletter_mailings').values(row).returning(mailingColumns).executeTakeFirstOrThrow();
}

export function findMailing(tx: OfficeTx, officeId: string, mailingId: string) {
  return tx.selectFrom('newsletter_mailings').select(mailingColumns).where('office_id', '=', officeId).where('id', '=', mailingId).executeTakeFirst();
}
export type MailingRow = NonNullable<Awaited<ReturnType<typeof findMailing>>>;

/** The mailing, locked until the transaction ends: two "send"s of one mailing take turns, and the second finds it sent. */
export function lockMailing(tx: OfficeTx, officeId: string, mailingId: string) {
  return tx.selectFrom('newsletter_mailings').select(mailingColumns).where('office_id', '=', officeId).where('id', '=', mailingId).forUpdate().executeTakeFirst();
}

export async function updateMailing(tx: OfficeTx, officeId: string, mailingId: string, values: Updateable<NewsletterMailingsTable>) {
  await tx.updateTable('newsletter_mailings').set({ ...values, updated_at: new Date() }).where('office_id', '=', officeId).where('id', '=', mailingId).execute();
}

/** Newest first, each with its number of recipients once sent. */
export function listMailings(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('newsletter_mailings as m')
    .select((eb) => [
      'm.id',
      'm.purpose_id',
      'm.subject_sealed',
      'm.state',
      'm.created_at',
      'm.send_started_at',
      eb
        .selectFrom('newsletter_recipients as r')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('r.office_id', '=', 'm.office_id')
        .whereRef('r.mailing_id', '=', 'm.id')
        .as('recipients'),
    ])
    .where('m.office_id', '=', officeId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(500)
    .execute();
}

/** Fixes the audience as the mailing's recipients, in one statement; answers how many. */
export async function fixRecipients(tx: OfficeTx, officeId: string, mailingId: string, personIds: readonly string[]): Promise<number> {
  const result = await sql`
    INSERT INTO newsletter_recipients (office_id, mailing_id, person_id)
    SELECT ${officeId}::uuid, ${mailingId}::uuid, p FROM unnest(${sql.val([...personIds])}::uuid[]) AS p
    ON CONFLICT DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Why a person who answered for the purpose is left out, the one check's reasons first; 'eligible' when they are not. */
export type AudienceReason = 'restricted' | 'deceased' | 'do_not_contact' | 'objected' | 'withdrawn' | 'no_email' | 'eligible';

/**
 * The audience as one statement: consent's part (each person with an entry on the ledger for the
 * purpose and topic, and their current state) joined with people's (standing, address, areas),
 * counted by the first reason each is left out, and the eligible listed with their address in key order.
 */
export async function audience(
  tx: OfficeTx,
  consentPart: AliasableExpression<{ person_id: string; state: 'given' | 'withdrawn' | 'objected' }>,
  peoplePart: AliasableExpression<{ person_id: string; restricted: boolean; deceased: boolean; do_not_contact: boolean; email: string | null }>,
) {
  const reason = sql<AudienceReason>`CASE WHEN p.restricted THEN 'restricted' WHEN p.deceased THEN 'deceased' WHEN p.do_not_contact THEN 'do_not_contact'
    WHEN c.state = 'objected' THEN 'objected' WHEN c.state = 'withdrawn' THEN 'withdrawn' WHEN p.email IS NULL THEN 'no_email' ELSE 'eligible' END`;
  // Read row by row and counted here: grouping with array_agg in the statement took several times as long.
  const rows = await tx
    .selectFrom(consentPart.as('c'))
    .innerJoin(peoplePart.as('p'), 'p.person_id', 'c.person_id')
    .select(['c.person_id', 'p.email', reason.as('reason')])
    .orderBy('c.person_id')
    .execute();
  const counts = new Map<AudienceReason, number>();
  const eligible: { personId: string; to: string }[] = [];
  for (const r of rows) {
    counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    if (r.reason === 'eligible') eligible.push({ personId: r.person_id, to: r.email! });
  }
  return { counts, eligible };
}

/** The next recipients whose message is not queued yet, in key order. */
export async function waitingRecipients(tx: OfficeTx, officeId: string, mailingId: string, limit: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('newsletter_recipients')
    .select('person_id')
    .where('office_id', '=', officeId)
    .where('mailing_id', '=', mailingId)
    .where('message_id', 'is', null)
    .where('refused_at', 'is', null)
    .orderBy('person_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.person_id);
}

export async function setRecipientMessage(tx: OfficeTx, officeId: string, mailingId: string, personId: string, messageId: string) {
  await tx.updateTable('newsletter_recipients').set({ message_id: messageId }).where('office_id', '=', officeId).where('mailing_id', '=', mailingId).where('person_id', '=', personId).execute();
}

export async function refuseRecipients(tx: OfficeTx, officeId: string, mailingId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return;
  await tx
    .updateTable('newsletter_recipients')
    .set({ refused_at: new Date() })
    .where('office_id', '=', officeId)
    .where('mailing_id', '=', mailingId)
    .where('person_id', 'in', personIds)
    .where('message_id', 'is', null)
    .execute();
}

/** The recipients' counts: all, refused when their message was to be queued, and not queued yet. */
export async function recipientCounts(tx: OfficeTx, officeId: string, mailingId: string) {
  const row = await tx
    .selectFrom('newsletter_recipients')
    .select([
      sql<string>`count(*)`.as('all'),
      sql<string>`count(*) FILTER (WHERE refused_at IS NOT NULL)`.as('refused'),
      sql<string>`count(*) FILTER (WHERE message_id IS NULL AND refused_at IS NULL)`.as('waiting'),
    ])
    .where('office_id', '=', officeId)
    .where('mailing_id', '=', mailingId)
    .executeTakeFirstOrThrow();
  return { all: Number(row.all), refused: Number(row.refused), waiting: Number(row.waiting) };
}

/** The messages queued for the mailing, as a subquery for the send states (correspondence) and bounces. */
export function recipientMessageIds(tx: OfficeTx, officeId: string, mailingId: string) {
  return tx.selectFrom('newsletter_recipients').select('message_id').where('office_id', '=', officeId).where('mailing_id', '=', mailingId).where('message_id', 'is not', null);
}

/** The recipients, as a subquery of person ids (consent: who withdrew since). */
export function recipientPersonIds(tx: OfficeTx, officeId: string, mailingId: string) {
  return tx.selectFrom('newsletter_recipients').select('person_id').where('office_id', '=', officeId).where('mailing_id', '=', mailingId);
}

export async function messagesPerMinute(tx: OfficeTx, officeId: string): Promise<number | undefined> {
  const row = await tx.selectFrom('newsletter_settings').select('messages_per_minute').where('office_id', '=', officeId).executeTakeFirst();
  return row?.messages_per_minute;
}

export async function setMessagesPerMinute(tx: OfficeTx, officeId: string, rate: number) {
  await tx
    .insertInto('newsletter_settings')
    .values({ office_id: officeId, messages_per_minute: rate })
    .onConflict((oc) => oc.column('office_id').doUpdateSet({ messages_per_minute: rate, updated_at: new Date() }))
    .execute();
}

/** A duplicate's rows move to the person kept, except for mailings the kept person is already a recipient of. */
export async function moveRecipients(tx: OfficeTx, officeId: string, keepPersonId: string, mergePersonId: string): Promise<number> {
  const moved = await tx
    .updateTable('newsletter_recipients as r')
    .set({ person_id: keepPersonId })
    .where('r.office_id', '=', officeId)
    .where('r.person_id', '=', mergePersonId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('newsletter_recipients as k').select('k.person_id').whereRef('k.office_id', '=', 'r.office_id').whereRef('k.mailing_id', '=', 'r.mailing_id').where('k.person_id', '=', keepPersonId))),
    )
    .executeTakeFirst();
  await tx.deleteFrom('newsletter_recipients').where('office_id', '=', officeId).where('person_id', '=', mergePersonId).execute();
  return Number(moved.numUpdatedRows);
}
