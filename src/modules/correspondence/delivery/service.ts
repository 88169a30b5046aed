import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import type { CorrespondenceDeps } from '../ingest.js';
import * as repo from './repo.js';
import type { UnmatchedReports } from './views.js';

/** How many bounces and complaints matched no e-mail the office sent, and when the last came: the inbox says so, as none is a message. */
export async function unmatchedReports(deps: Pick<CorrespondenceDeps, 'db'>, user: SignedInUser): Promise<UnmatchedReports> {
  const row = await withOffice(deps.db, user.officeId, (tx) => repo.unmatchedCounts(tx, user.officeId));
  return { bounces: Number(row.bounces), complaints: Number(row.complaints), latestAt: row.latest === null ? null : new Date(row.latest) };
}
