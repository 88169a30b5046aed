import type { Insertable, Selectable, Updateable } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import type { ProcessingPurposesTable } from '../../db/schema.js';

export type PurposeRow = Selectable<ProcessingPurposesTable>;

/** Current purposes first, then retired ones; each in the order the office added them (ids are time-ordered). */
export function listPurposes(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('processing_purposes')
    .selectAll()
    .where('office_id', '=', officeId)
    .orderBy((eb) => eb('retired_at', 'is not', null))
    .orderBy('id')
    .execute();
}

export function findPurpose(tx: OfficeTx, officeId: string, purposeId: string) {
  return tx.selectFrom('processing_purposes').selectAll().where('office_id', '=', officeId).where('id', '=', purposeId).executeTakeFirst();
}

export function insertPurposes(tx: OfficeTx, rows: Insertable<ProcessingPurposesTable>[]) {
  return tx.insertInto('processing_purposes').values(rows).returningAll().execute();
}

export function updatePurpose(tx: OfficeTx, officeId: string, purposeId: string, values: Omit<Updateable<ProcessingPurposesTable>, 'office_id' | 'id' | 'created_at'>) {
  return tx
    .updateTable('processing_purposes')
    .set({ ...values, updated_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', purposeId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
