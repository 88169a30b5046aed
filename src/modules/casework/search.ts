import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import type { CaseStatus } from '../../db/enums.js';
import * as repo from './search-repo.js';
import { auditSpecialCategoryRead, type CaseworkDeps, casesWithheldFrom } from './service.js';
import { queryTerms } from './text.js';
import { openSummaries } from './views.js';
import { caseViewer } from './viewer.js';

export interface CaseHit {
  id: string;
  reference: string;
  /** Empty when `withheld`. */
  summary: string;
  status: CaseStatus;
  /** A constituent is restricted (UK GDPR Art. 18) and the user is not the data protection lead: the reference only. */
  withheld: boolean;
  matched: 'reference' | 'text';
  score: number;
}

/** Words in case text match when every typed word begins a word of the case (3 letters or more). */
const TEXT_SCORE = 0.6;

export async function searchCases(deps: Pick<CaseworkDeps, 'db' | 'keystore'>, user: SignedInUser, q: { reference?: string | undefined; text: string }, limit: number): Promise<CaseHit[]> {
  const { officeId } = user;
  const terms = queryTerms(q.text);
  const hashes = deps.keystore.searchTermHashes(officeId, terms);
  const { byReference, rows, shown, withheld } = await withOffice(deps.db, officeId, async (tx) => {
    const viewer = await caseViewer(tx, user);
    const byReference = q.reference ? await repo.caseByReference(tx, officeId, viewer, q.reference) : [];
    const byText = hashes.length ? await repo.casesWithTerms(tx, officeId, viewer, hashes, limit) : [];
    const found = [...byReference, ...byText.filter((r) => !byReference.some((b) => b.id === r.id))];
    const withheld = await casesWithheldFrom(tx, user, found.map((r) => r.id));
    const shown = found.filter((r) => !withheld.has(r.id));
    // The results show each case's summary, but for those withheld.
    await auditSpecialCategoryRead(tx, user, shown);
    return { byReference, rows: found, shown, withheld };
  });
  const summaries = await openSummaries(deps.keystore, officeId, shown);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    summary: summaries.get(r.id) ?? '',
    status: r.status,
    withheld: withheld.has(r.id),
    matched: byReference.includes(r) ? 'reference' : 'text',
    score: byReference.includes(r) ? 1 : TEXT_SCORE,
  }));
}
