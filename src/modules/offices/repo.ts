import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TwoFactorRequirement } from '../../db/enums.js';
import type { OfficeTx } from '../../db/scope.js';

export function findOffice(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['id', 'name', 'member_name', 'nation', 'two_factor_requirement', 'caseworkers_see_all_cases']).where('id', '=', officeId).executeTakeFirstOrThrow();
}

/** Undefined if there is no such office (the public contact form is addressed by any id). */
export function findNames(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['name', 'member_name']).where('id', '=', officeId).executeTakeFirst();
}

export async function setTwoFactorRequirement(tx: OfficeTx, officeId: string, requirement: TwoFactorRequirement) {
  await tx.updateTable('offices').set({ two_factor_requirement: requirement }).where('id', '=', officeId).execute();
}

export async function setCaseworkersSeeAllCases(tx: OfficeTx, officeId: string, seeAll: boolean) {
  await tx.updateTable('offices').set({ caseworkers_see_all_cases: seeAll }).where('id', '=', officeId).execute();
}

export async function caseworkersSeeAllCases(tx: OfficeTx, officeId: string): Promise<boolean> {
  const row = await tx.selectFrom('offices').select('caseworkers_see_all_cases').where('id', '=', officeId).executeTakeFirstOrThrow();
  return row.caseworkers_see_all_cases;
}

export function listStaff(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('users').select(['id', 'display_name', 'role']).where('office_id', '=', officeId).where('disabled_at', 'is', null).orderBy('display_name').execute();
}

/** Every office's id; for start-up steps that run across offices as the owner. */
export async function officeIds(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('offices').select('id').orderBy('id').execute()).map((r) => r.id);
}
