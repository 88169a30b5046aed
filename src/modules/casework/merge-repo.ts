import type { OfficeTx } from '../../db/scope.js';

/** Casework's writes of a merge of two records of one person (named in casework/person-data.ts). */

/** Cases the duplicate leads; answers how many. */
export async function moveLeadConstituent(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const moved = await tx.updateTable('cases').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/** Cases the duplicate is a constituent on (as lead or not), once each where both records are on it; answers how many cases. */
export async function moveConstituents(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const onCases = await tx.selectFrom('case_constituents').select('case_id').where('office_id', '=', officeId).where('person_id', '=', merge).execute();
  await tx
    .deleteFrom('case_constituents as m')
    .where('m.office_id', '=', officeId)
    .where('m.person_id', '=', merge)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_constituents as k')
          .select('k.case_id')
          .whereRef('k.office_id', '=', 'm.office_id')
          .where('k.person_id', '=', keep)
          .whereRef('k.case_id', '=', 'm.case_id'),
      ),
    )
    .execute();
  await tx.updateTable('case_constituents').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).execute();
  return onCases.length;
}

/** The consents to share the duplicate gave on cases: each stays a record of what was said, now the kept person's. */
export async function moveSharingConsents(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const moved = await tx.updateTable('case_sharing_consents').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}
