import { type Insertable, type Selectable, sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import type { ConsentEventsTable, ConsentEvidenceTable, SubscriptionTopicsTable, SuppressionReason, SuppressionsTable } from '../../db/schema.js';

/** The consent ledger, subscription topics and the suppression list (migration 0033). */

export type TopicRow = Selectable<SubscriptionTopicsTable>;
export type EventRow = Selectable<ConsentEventsTable>;

/** Current topics first, then retired ones, each by name. */
export function listTopics(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('subscription_topics')
    .selectAll()
    .where('office_id', '=', officeId)
    .orderBy((eb) => eb('retired_at', 'is not', null))
    .orderBy('name')
    .execute();
}

export function findTopic(tx: OfficeTx, officeId: string, topicId: string) {
  return tx.selectFrom('subscription_topics').selectAll().where('office_id', '=', officeId).where('id', '=', topicId).executeTakeFirst();
}

export function insertTopics(tx: OfficeTx, rows: Insertable<SubscriptionTopicsTable>[]) {
  return tx.insertInto('subscription_topics').values(rows).returningAll().execute();
}

export function insertEvent(tx: OfficeTx, row: Insertable<ConsentEventsTable>) {
  return tx.insertInto('consent_events').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A person's whole ledger, newest first, with the purpose's and topic's names and who recorded each entry. */
export function personHistory(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('consent_events as e')
    .innerJoin('processing_purposes as p', (j) => j.onRef('p.office_id', '=', 'e.office_id').onRef('p.id', '=', 'e.purpose_id'))
    .leftJoin('subscription_topics as t', (j) => j.onRef('t.office_id', '=', 'e.office_id').onRef('t.id', '=', 'e.topic_id'))
    .leftJoin('users as u', (j) => j.onRef('u.office_id', '=', 'e.office_id').onRef('u.id', '=', 'e.recorded_by'))
    .selectAll('e')
    .select(['p.name as purpose_name', 't.name as topic_name', 'u.display_name as recorded_by_name'])
    .where('e.office_id', '=', officeId)
    .where('e.person_id', '=', personId)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

/** The purposes that rest on consent and are current: what the consent form offers. */
export function consentPurposes(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('processing_purposes')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('consent_required', '=', true)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** The person's latest entry for each purpose and topic (the ledger's current state, before objections are applied). */
export function latestPerScope(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('consent_events')
    .distinctOn(['purpose_id', 'topic_id'])
    .selectAll()
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .orderBy('purpose_id')
    .orderBy('topic_id')
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * What decides one message: the person's latest entry for the purpose, as a whole or for the topic
 * (the later of the two wins), and the time of their latest objection to direct marketing.
 */
export async function marketingEntries(tx: OfficeTx, officeId: string, personId: string, purposeId: string, topicId: string | null) {
  const row = await sql<{ kind: EventRow['kind'] | null; occurred_at: Date | null; objected_at: Date | null }>`
    SELECT l.kind, l.occurred_at,
      (SELECT max(o.occurred_at) FROM consent_events o
        WHERE o.office_id = ${officeId} AND o.person_id = ${personId} AND o.kind = 'objected') AS objected_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT e.kind, e.occurred_at FROM consent_events e
      WHERE e.office_id = ${officeId} AND e.person_id = ${personId} AND e.purpose_id = ${purposeId}
        AND (e.topic_id IS NULL OR e.topic_id = ${topicId})
      ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) l ON true`.execute(tx);
  return row.rows[0]!;
}

/** Adds an address hash; answers whether it was new (an address already there keeps its first reason). */
export async function insertSuppression(tx: OfficeTx, row: Insertable<SuppressionsTable>): Promise<boolean> {
  const inserted = await tx.insertInto('suppressions').values(row).onConflict((oc) => oc.columns(['office_id', 'address_hash']).doNothing()).returning('channel').execute();
  return inserted.length === 1;
}

export async function findSuppression(tx: OfficeTx, officeId: string, addressHash: Buffer) {
  return tx.selectFrom('suppressions').select(['reason', 'suppressed_at']).where('office_id', '=', officeId).where('address_hash', '=', addressHash).executeTakeFirst();
}

/** Which of these hashes are on the list: one query for a batch of recipients. */
export async function findSuppressedAmong(tx: OfficeTx, officeId: string, addressHashes: readonly Buffer[]): Promise<Buffer[]> {
  if (addressHashes.length === 0) return [];
  const rows = await tx.selectFrom('suppressions').select('address_hash').where('office_id', '=', officeId).where('address_hash', '=', sql<Buffer>`ANY(${[...addressHashes]}::bytea[])`).execute();
  return rows.map((r) => r.address_hash);
}

/** Lifts the suppressions a fresh consent answers (the person's own unsubscribe or objection), never a bounce, a complaint or the office's own. */
export async function deleteLiftableSuppressions(tx: OfficeTx, officeId: string, addressHashes: readonly Buffer[]): Promise<number> {
  if (addressHashes.length === 0) return 0;
  const liftable: SuppressionReason[] = ['unsubscribed', 'objected'];
  const deleted = await tx
    .deleteFrom('suppressions')
    .where('office_id', '=', officeId)
    .where('address_hash', 'in', [...addressHashes])
    .where('reason', 'in', liftable)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** How many addresses are on the list, by reason and channel: never the addresses. */
export function suppressionCounts(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('suppressions')
    .select(['reason', 'channel', (eb) => eb.fn.countAll<string>().as('n')])
    .where('office_id', '=', officeId)
    .groupBy(['reason', 'channel'])
    .execute();
}

/** Erasure and merge: the ledger's two rewrites, through the owner's functions (migration 0033). */
export async function eraseEvents(tx: OfficeTx, officeId: string, personId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT postbag_erase_consent(${officeId}::uuid, ${personId}::uuid) AS n`.execute(tx);
  return rows[0]!.n;
}

async function moveRows(tx: OfficeTx, officeId: string, keepPersonId: string, mergePersonId: string, evidence: boolean): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT postbag_merge_consent(${officeId}::uuid, ${keepPersonId}::uuid, ${mergePersonId}::uuid, ${evidence}) AS n`.execute(tx);
  return rows[0]!.n;
}

export const moveEvents = (tx: OfficeTx, officeId: string, keep: string, merge: string) => moveRows(tx, officeId, keep, merge, false);
export const moveEvidence = (tx: OfficeTx, officeId: string, keep: string, merge: string) => moveRows(tx, officeId, keep, merge, true);

/** The person's latest objection to direct marketing, if any. */
export async function latestObjection(tx: OfficeTx, officeId: string, personId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom('consent_events')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .where('kind', '=', 'objected')
    .executeTakeFirst();
  return (row?.at as Date | null | undefined) ?? null;
}

export function insertEvidence(tx: OfficeTx, row: Insertable<ConsentEvidenceTable>) {
  return tx.insertInto('consent_evidence').values(row).execute();
}

export function findEvidence(tx: OfficeTx, officeId: string, evidenceId: string) {
  return tx.selectFrom('consent_evidence').selectAll().where('office_id', '=', officeId).where('id', '=', evidenceId).executeTakeFirst();
}

/** The evidence files named by these ledger entries: name sealed, type and size (the bytes are read only when opened). */
export function evidenceOf(tx: OfficeTx, officeId: string, evidenceIds: readonly string[]) {
  if (evidenceIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('consent_evidence')
    .select(['id', 'person_id', 'filename_sealed', 'content_type', 'size_bytes'])
    .where('office_id', '=', officeId)
    .where('id', 'in', [...evidenceIds])
    .execute();
}
