import type { SignedInUser } from '../../platform/access/access.js';
import type { OfficeTx } from '../../db/scope.js';
import { visibleCases } from './repo.js';

/** Finding cases the user may see, by reference or by the keyed hashes of words in their text. */

const columns = ['cases.id', 'cases.reference', 'cases.summary', 'cases.summary_sealed', 'cases.status', 'cases.updated_at'] as const;

export function caseByReference(tx: OfficeTx, officeId: string, user: SignedInUser, reference: string) {
  return visibleCases(tx, officeId, user).select(columns).where('cases.reference', '=', reference).execute();
}

/** Cases whose text holds every term, most recently worked on first. */
export function casesWithTerms(tx: OfficeTx, officeId: string, user: SignedInUser, termHashes: readonly string[], limit: number) {
  let query = visibleCases(tx, officeId, user).select(columns);
  for (const term of termHashes) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_search_terms as t')
          .select('t.case_id')
          .whereRef('t.office_id', '=', 'cases.office_id')
          .where('t.term', '=', term)
          .whereRef('t.case_id', '=', 'cases.id'),
      ),
    );
  }
  return query.orderBy('cases.updated_at', 'desc').orderBy('cases.id', 'desc').limit(limit).execute();
}
