import type { OfficeTx } from '../../db/scope.js';

/** Messages the duplicate record of a person sent or was sent become the kept person's (named in correspondence/person-data.ts). */
export async function moveMessages(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const moved = await tx.updateTable('messages').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}
