import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import type { CaseStatus } from '../../db/enums.js';
import * as repo from './search-repo.js';
import type { CaseworkDeps } from './service.js';
import { queryTerms } from './text.js';
import { openSummaries } from './views.js';

export interface CaseHit {
  id: string;
  reference: string;
  summary: string;
  status: CaseStatus;
  matched: 'reference' | 'text';
  score: number;
}

/** Words in case text match when every typed word begins a word of the case (3 letters or more). */
const TEXT_SCORE = 0.6;

export async function searchCases(deps: Pick<CaseworkDeps, 'db' | 'keystore'>, user: SignedInUser, q: { reference?: string | undefined; text: string }, limit: number): Promise<CaseHit[]> {
  const { officeId } = user;
  const terms = queryTerms(q.text);
  const hashes = deps.keystore.searchTermHashes(officeId, terms);
  const { byReference, byText } = await withOffice(deps.db, officeId, async (tx) => ({
    byReference: q.reference ? await repo.caseByReference(tx, officeId, user, q.reference) : [],
    byText: hashes.length ? await repo.casesWithTerms(tx, officeId, user, hashes, limit) : [],
  }));
  const rows = [...byReference, ...byText.filter((r) => !byReference.some((b) => b.id === r.id))];
  const summaries = await openSummaries(deps.keystore, officeId, rows);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    summary: summaries.get(r.id)!,
    status: r.status,
    matched: byReference.includes(r) ? 'reference' : 'text',
    score: byReference.includes(r) ? 1 : TEXT_SCORE,
  }));
}
