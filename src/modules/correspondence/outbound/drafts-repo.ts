import type { Insertable, Updateable } from 'kysely';
import type { MessageDraftsTable } from '../../../db/schema.js';
import type { OfficeTx } from '../../../db/scope.js';

/** Drafts saved on a case (migration 0027), with the names of who started and last edited each. */
function drafts(tx: OfficeTx, officeId: string, caseId: string) {
  return tx
    .selectFrom('message_drafts as d')
    .innerJoin('users as s', (j) => j.onRef('s.office_id', '=', 'd.office_id').onRef('s.id', '=', 'd.created_by'))
    .innerJoin('users as e', (j) => j.onRef('e.office_id', '=', 'd.office_id').onRef('e.id', '=', 'd.updated_by'))
    .selectAll('d')
    .select(['s.display_name as started_by_name', 'e.display_name as edited_by_name'])
    .where('d.office_id', '=', officeId)
    .where('d.case_id', '=', caseId);
}

/** The case's drafts, the one edited last first. */
export function listDrafts(tx: OfficeTx, officeId: string, caseId: string) {
  return drafts(tx, officeId, caseId).orderBy('d.updated_at', 'desc').orderBy('d.id').execute();
}

export function findDraft(tx: OfficeTx, officeId: string, caseId: string, draftId: string) {
  return drafts(tx, officeId, caseId).where('d.id', '=', draftId).executeTakeFirst();
}
export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

export async function insertDraft(tx: OfficeTx, row: Insertable<MessageDraftsTable>) {
  await tx.insertInto('message_drafts').values(row).execute();
}

/** Saves over the draft if it is still at `version`; false when it is not (or is gone). */
export async function updateDraft(tx: OfficeTx, officeId: string, caseId: string, draftId: string, version: number, values: Updateable<MessageDraftsTable>): Promise<boolean> {
  const updated = await tx
    .updateTable('message_drafts')
    .set({ ...values, version: version + 1, updated_at: new Date() })
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .where('id', '=', draftId)
    .where('version', '=', version)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Deletes the draft if it is still at `version`; false when it is not (or is gone). */
export async function deleteDraft(tx: OfficeTx, officeId: string, caseId: string, draftId: string, version: number): Promise<boolean> {
  const deleted = await tx.deleteFrom('message_drafts').where('office_id', '=', officeId).where('case_id', '=', caseId).where('id', '=', draftId).where('version', '=', version).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
