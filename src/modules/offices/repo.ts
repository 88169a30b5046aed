import type { TwoFactorRequirement } from '../../db/enums.js';
import type { OfficeTx } from '../../db/scope.js';

export function findOffice(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['id', 'name', 'member_name', 'nation', 'two_factor_requirement']).where('id', '=', officeId).executeTakeFirstOrThrow();
}

export async function setTwoFactorRequirement(tx: OfficeTx, officeId: string, requirement: TwoFactorRequirement) {
  await tx.updateTable('offices').set({ two_factor_requirement: requirement }).where('id', '=', officeId).execute();
}

export function listStaff(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('users').select(['id', 'display_name', 'role']).where('office_id', '=', officeId).where('disabled_at', 'is', null).orderBy('display_name').execute();
}
