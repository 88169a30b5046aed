import { type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/**
 * The consent module's part of a mailing's audience (newsletters, which builds on this module):
 * everyone with an entry on the ledger for the purpose (and topic), with their current state as
 * ledger.ts derives it, as a query for the newsletters module to join with people's part in one
 * statement; how many of them consent now; and who withdrew since.
 */

export interface Scope {
  purposeId: string;
  topicId: string | null;
}

/** The ledger's entries that decide a message for this scope: the purpose as a whole, or it and the topic (the later wins). */
const inScope = (scope: Scope) => (scope.topicId === null ? sql`e.topic_id IS NULL` : sql`(e.topic_id IS NULL OR e.topic_id = ${scope.topicId})`);

/**
 * Each person with an entry for the scope and their state now: 'given' (their latest entry is a
 * consent and no objection came at or after it), 'withdrawn', or 'objected' (an objection to
 * direct marketing after their consent, or recorded for this purpose).
 */
export function consentStates(tx: OfficeTx, officeId: string, scope: Scope) {
  const latest = sql<{ person_id: string; state: 'given' | 'withdrawn' | 'objected' }>`(
    SELECT l.person_id,
      CASE WHEN l.kind <> 'given' THEN l.kind
        WHEN EXISTS (SELECT 1 FROM consent_events o
          WHERE o.office_id = ${officeId} AND o.person_id = l.person_id AND o.kind = 'objected' AND o.occurred_at >= l.occurred_at) THEN 'objected'
        ELSE 'given' END AS state
    FROM (
      SELECT DISTINCT ON (e.person_id) e.person_id, e.kind, e.occurred_at FROM consent_events e
      WHERE e.office_id = ${officeId} AND e.purpose_id = ${scope.purposeId} AND ${inScope(scope)}
      ORDER BY e.person_id, e.occurred_at DESC, e.id DESC) l)`;
  return tx.selectFrom(latest.as('consent')).select(['consent.person_id', 'consent.state']);
}

/** How many have current consent for the scope: the 'given' of consentStates. */
export async function countConsentingIn(tx: OfficeTx, officeId: string, scope: Scope): Promise<number> {
  const { n } = await tx
    .selectFrom(consentStates(tx, officeId, scope).where('consent.state', '=', 'given').as('c'))
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** How many of these people (a subquery of person ids) withdrew or objected for the scope at or after `since`. */
export async function withdrawnSince(tx: OfficeTx, officeId: string, scope: Scope, people: SelectQueryBuilder<DB, keyof DB, { person_id: string }>, since: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(DISTINCT e.person_id)::int AS n FROM consent_events e
    WHERE e.office_id = ${officeId} AND e.occurred_at >= ${since} AND e.person_id IN (${people})
      AND (e.kind = 'objected' OR (e.kind = 'withdrawn' AND e.purpose_id = ${scope.purposeId} AND ${inScope(scope)}))`.execute(tx);
  return rows[0]!.n;
}
