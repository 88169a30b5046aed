import type { OfficeTx } from '../../db/scope.js';

export function findOffice(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['id', 'name', 'member_name', 'nation', 'require_two_factor']).where('id', '=', officeId).executeTakeFirstOrThrow();
}

export async function setRequireTwoFactor(tx: OfficeTx, officeId: string, required: boolean) {
  await tx.updateTable('offices').set({ require_two_factor: required }).where('id', '=', officeId).execute();
}
