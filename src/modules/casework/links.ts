import type { OfficeTx } from '../../db/scope.js';
import { type FieldProblem, validationFailed } from '../../platform/errors/errors.js';
import { existing, findUser } from './links-repo.js';
import { mayOwnCases } from '../../platform/access/access.js';

export interface CaseLinks {
  constituentIds?: readonly string[] | undefined;
  topicIds?: readonly string[] | undefined;
  agencies?: readonly { organisationId: string }[] | undefined;
  ownerId?: string | null | undefined;
  sharedWithIds?: readonly string[] | undefined;
}

/** Every id a case is to link to must be the office's own (a topic not retired, a user not disabled); else nothing changes. */
export async function checkLinks(tx: OfficeTx, officeId: string, wanted: CaseLinks): Promise<void> {
  const problems: FieldProblem[] = [];
  const check = async (table: Parameters<typeof existing>[2], ids: readonly string[] | undefined, path: string, what: string) => {
    if (!ids?.length) return;
    const found = await existing(tx, officeId, table, ids);
    ids.forEach((id, i) => {
      if (!found.has(id)) problems.push({ path: `${path}.${i}`, message: `is not ${what} of this office` });
    });
  };
  await check('persons', wanted.constituentIds, 'body.constituentIds', 'a person');
  await check('topics', wanted.topicIds, 'body.topicIds', 'a topic in use');
  await check('organisations', wanted.agencies?.map((a) => a.organisationId), 'body.agencies', 'an organisation');
  await check('users', wanted.sharedWithIds, 'body.sharedWithIds', 'a current member of staff');
  const owner = wanted.ownerId ? await ownerProblem(tx, officeId, wanted.ownerId) : undefined;
  if (owner) problems.push({ path: 'body.ownerId', message: owner });
  if (problems.length) {
    throw validationFailed(problems, 'The case cannot be saved.');
  }
}

/** Why this user cannot own a case (for `body.ownerId`), or undefined when they can. */
export async function ownerProblem(tx: OfficeTx, officeId: string, userId: string): Promise<string | undefined> {
  const owner = await findUser(tx, officeId, userId);
  if (!owner) return 'is not a current member of staff of this office';
  if (owner.disabled_at) return 'has left the office (their account is deactivated): choose a current colleague';
  if (!mayOwnCases(owner.role)) return `is a ${owner.role.replaceAll('_', ' ')}: only colleagues who work cases (caseworkers and managers) can own one`;
  return undefined;
}
