import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, type FieldProblem } from '../../platform/errors/errors.js';
import { ownerProblem } from './links.js';
import * as repo from './repo.js';
import type { ReassignBody } from './schemas.js';
import { type CaseworkDeps, casesRefused } from './service.js';
import { caseViewer } from './viewer.js';

type Why = 'unseen' | 'closed' | 'restricted';
const because: Record<Why, { problem: string; sentence: string }> = {
  unseen: { problem: 'is not a case you can see', sentence: 'not cases you can see' },
  closed: { problem: 'is closed: reopen it first', sentence: 'closed (reopen them first)' },
  restricted: { problem: 'has a constituent whose processing is restricted (UK GDPR Article 18)', sentence: 'a constituent’s processing is restricted' },
};

/**
 * A manager gives many cases to one colleague at once: all of them, in one transaction with an
 * audit entry per case, or none, with an error naming every case that stopped it.
 */
export async function reassignCases(deps: CaseworkDeps, user: SignedInUser, body: ReassignBody): Promise<{ reassigned: string[]; alreadyTheirs: string[] }> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const problems: FieldProblem[] = [];
    const sentences: string[] = [];
    const owner = await ownerProblem(tx, officeId, body.ownerId);
    if (owner) {
      problems.push({ path: 'body.ownerId', message: owner });
      sentences.push(`the new owner ${owner}`);
    }
    const found = new Map((await repo.lockCases(tx, officeId, await caseViewer(tx, user), body.caseIds)).map((c) => [c.id, c]));
    const restricted = await casesRefused(tx, user, [...found.keys()], 'change');
    const bad: Record<Why, string[]> = { unseen: [], closed: [], restricted: [] };
    body.caseIds.forEach((id, i) => {
      const c = found.get(id);
      const why: Why | undefined = !c ? 'unseen' : c.status === 'closed' ? 'closed' : restricted.has(id) ? 'restricted' : undefined;
      if (!why) return;
      // A case the user cannot see is named by the id they sent, never by its reference.
      bad[why].push(c ? `${c.reference} (${id})` : id);
      problems.push({ path: `body.caseIds.${i}`, message: because[why].problem });
    });
    for (const why of Object.keys(bad) as Why[]) if (bad[why].length) sentences.push(`${because[why].sentence}: ${bad[why].join(', ')}`);
    if (problems.length) throw new AppError(ErrorCode.ValidationFailed, `No case was reassigned. ${sentences.map((s) => s[0]!.toUpperCase() + s.slice(1)).join('. ')}.`, problems);

    const reassigned = body.caseIds.filter((id) => found.get(id)!.owner_user_id !== body.ownerId);
    await repo.setOwner(tx, officeId, reassigned, body.ownerId);
    for (const id of reassigned) await recordAudit(tx, officeId, user, { action: 'case.reassigned', recordType: 'case', recordIds: [id, body.ownerId] });
    return { reassigned, alreadyTheirs: body.caseIds.filter((id) => !reassigned.includes(id)) };
  });
}
