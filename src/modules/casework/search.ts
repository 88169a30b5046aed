import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import type { CaseStatus } from '../../db/enums.js';
import * as repo from './search-repo.js';
import { auditSpecialCategoryRead, type CaseworkDeps } from './service.js';
import { queryTerms } from './text.js';
import { openSummaries } from './views.js';
import { caseViewer } from './viewer.js';

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
  const { byReference, rows } = await withOffice(deps.db, officeId, async (tx) => {
    const viewer = await caseViewer(tx, user);
    const byReference = q.reference ? await repo.caseByReference(tx, officeId, viewer, q.reference) : [];
    const byText = hashes.length ? await repo.casesWithTerms(tx, officeId, viewer, hashes, limit) : [];
    const found = [...byReference, ...byText.filter((r) => !byReference.some((b) => b.id === r.id))];
    // The results show each case's summary.
    await auditSpecialCategoryRead(tx, user, found);
    return { byReference, rows: found };
  });
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
