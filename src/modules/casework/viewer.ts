import type { OfficeTx } from '../../db/scope.js';
import type { CaseViewer, SignedInUser } from '../../platform/access/access.js';
import { caseworkersSeeAllCases } from '../offices/service.js';

/** A member of staff as need-to-know sees them: with the office's choice of what caseworkers see, read in the caller's transaction. */
export async function caseViewer<U extends Pick<SignedInUser, 'officeId' | 'userId' | 'role'>>(tx: OfficeTx, user: U): Promise<U & CaseViewer> {
  return { ...user, caseworkersSeeAllCases: await caseworkersSeeAllCases(tx, user.officeId) };
}
