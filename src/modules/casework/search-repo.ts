import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import type { CaseViewer } from '../../platform/access/access.js';
import { caseVisibleTo, visibleCases } from './repo.js';

/** Finding cases the user may see, by reference or by the keyed hashes of words in their text. */

const columns = ['cases.id', 'cases.reference', 'cases.summary', 'cases.summary_sealed', 'cases.status', 'cases.special_categories', 'cases.updated_at'] as const;

export function caseByReference(tx: OfficeTx, officeId: string, viewer: CaseViewer, reference: string) {
  return visibleCases(tx, officeId, viewer).select(columns).where('cases.reference', '=', reference).execute();
}

/** How many cases hold each term, counting no further than `cap` (an index-only scan each). */
async function termCounts(tx: OfficeTx, officeId: string, termHashes: readonly string[], cap: number) {
  const { rows } = await sql<{ term: string; n: number }>`
    SELECT t.term::text AS term,
      (SELECT count(*)::int FROM (SELECT 1 FROM case_search_terms s WHERE s.office_id = ${officeId} AND s.term = t.term LIMIT ${cap}) x) AS n
    FROM unnest(${[...termHashes]}::bigint[]) AS t (term)`.execute(tx);
  return new Map(rows.map((r) => [r.term, r.n]));
}

/**
 * Cases whose text holds every term, most recently opened first (case ids are time-ordered, so
 * this is the order of each term's index entries). The rarest term drives: its entries are read
 * newest first and each is checked for the other terms and for the user's access, until `limit`
 * are found. A term no case has ends the search at once.
 */
export async function casesWithTerms(tx: OfficeTx, officeId: string, viewer: CaseViewer, termHashes: readonly string[], limit: number) {
  // Counting further than this would not change the choice: past it, any term finds ten soon.
  const counts = await termCounts(tx, officeId, termHashes, 1_000);
  const [driver, ...others] = [...termHashes].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  if (driver === undefined || (counts.get(driver) ?? 0) === 0) return [];
  let query = tx
    .selectFrom('case_search_terms as d')
    .innerJoin('cases', (j) => j.onRef('cases.office_id', '=', 'd.office_id').onRef('cases.id', '=', 'd.case_id'))
    .select(columns)
    .where('d.office_id', '=', officeId)
    .where('d.term', '=', driver)
    .where(caseVisibleTo(viewer));
  for (const term of others) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_search_terms as t')
          .select('t.case_id')
          .whereRef('t.office_id', '=', 'd.office_id')
          .where('t.term', '=', term)
          .whereRef('t.case_id', '=', 'd.case_id'),
      ),
    );
  }
  return query.orderBy('d.case_id', 'desc').limit(limit).execute();
}
