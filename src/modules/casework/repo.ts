import type { OfficeTx } from '../../db/scope.js';
import { caseVisibleTo, type SignedInUser } from '../../platform/access/access.js';
import type { Page } from '../../platform/http/paging.js';

/** Cases as the user may see them: the need-to-know rule is part of every query. */
function visibleCases(tx: OfficeTx, officeId: string, user: SignedInUser) {
  return tx
    .selectFrom('cases')
    .leftJoin('users as owner', (j) => j.onRef('owner.office_id', '=', 'cases.office_id').onRef('owner.id', '=', 'cases.owner_user_id'))
    .where('cases.office_id', '=', officeId)
    .where(caseVisibleTo(user));
}

const columns = [
  'cases.id',
  'cases.reference',
  'cases.person_id',
  'cases.summary',
  'cases.status',
  'cases.sensitive',
  'cases.opened_at',
  'owner.display_name as owner_name',
] as const;

export function findCase(tx: OfficeTx, officeId: string, user: SignedInUser, caseId: string) {
  return visibleCases(tx, officeId, user).select(columns).where('cases.id', '=', caseId).executeTakeFirst();
}

export async function listCases(tx: OfficeTx, officeId: string, user: SignedInUser, page: Page) {
  const rows = await visibleCases(tx, officeId, user)
    .select(columns)
    .orderBy('cases.opened_at', 'desc')
    .orderBy('cases.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await visibleCases(tx, officeId, user)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
