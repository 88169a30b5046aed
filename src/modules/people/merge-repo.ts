import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';

/** The people module's writes of a merge (the map of a person's data names every module's moves). */

export function lockPersons(tx: OfficeTx, officeId: string, personIds: readonly string[]) {
  // In id order, so that two merges of the same pair cannot deadlock.
  return tx.selectFrom('persons').selectAll().where('office_id', '=', officeId).where('id', 'in', personIds).orderBy('id').forUpdate().execute();
}

export async function moveContactPoints(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  // A point the kept record already has (same kind, platform and value) is not copied twice.
  await tx
    .deleteFrom('contact_points as m')
    .where('m.office_id', '=', officeId)
    .where('m.person_id', '=', merge)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_points as k')
          .select('k.id')
          .whereRef('k.office_id', '=', 'm.office_id')
          .where('k.person_id', '=', keep)
          .whereRef('k.kind', '=', 'm.kind')
          .where(sql<boolean>`coalesce(k.platform, '') = coalesce(m.platform, '')`)
          .whereRef('k.value', '=', 'm.value'),
      ),
    )
    .execute();
  // The kept record's preferred point of each kind stays preferred.
  await tx
    .updateTable('contact_points as m')
    .set({ preferred: false })
    .where('m.office_id', '=', officeId)
    .where('m.person_id', '=', merge)
    .where('m.preferred', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_points as k')
          .select('k.id')
          .whereRef('k.office_id', '=', 'm.office_id')
          .where('k.person_id', '=', keep)
          .whereRef('k.kind', '=', 'm.kind')
          .where('k.preferred', '=', true),
      ),
    )
    .execute();
  const moved = await tx.updateTable('contact_points').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

export async function moveMemberships(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  await tx
    .deleteFrom('organisation_memberships as m')
    .where('m.office_id', '=', officeId)
    .where('m.person_id', '=', merge)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('organisation_memberships as k')
          .select('k.id')
          .whereRef('k.office_id', '=', 'm.office_id')
          .where('k.person_id', '=', keep)
          .whereRef('k.organisation_id', '=', 'm.organisation_id'),
      ),
    )
    .execute();
  const moved = await tx.updateTable('organisation_memberships').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/** Earlier merges into the merged record now explain the kept one. */
export async function moveMergeHistory(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const moved = await tx.updateTable('person_merges').set({ kept_person_id: keep }).where('office_id', '=', officeId).where('kept_person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

export async function deletePerson(tx: OfficeTx, officeId: string, personId: string): Promise<void> {
  await tx.deleteFrom('persons').where('office_id', '=', officeId).where('id', '=', personId).execute();
}

export function insertMerge(tx: OfficeTx, officeId: string, m: { keep: string; merge: string; userId: string; moved: Record<string, number> }) {
  return tx
    .insertInto('person_merges')
    .values({ office_id: officeId, kept_person_id: m.keep, merged_person_id: m.merge, merged_by_user_id: m.userId, moved: JSON.stringify(m.moved) })
    .returning(['id', 'merged_at'])
    .executeTakeFirstOrThrow();
}

export function mergesInto(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('person_merges as pm')
    .innerJoin('users as u', (j) => j.onRef('u.office_id', '=', 'pm.office_id').onRef('u.id', '=', 'pm.merged_by_user_id'))
    .select(['pm.id', 'pm.merged_person_id', 'pm.merged_at', 'pm.moved', 'u.display_name as merged_by'])
    .where('pm.office_id', '=', officeId)
    .where('pm.kept_person_id', '=', personId)
    .orderBy('pm.merged_at', 'desc')
    .execute();
}
