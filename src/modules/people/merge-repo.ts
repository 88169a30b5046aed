import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';

/** The writes of a merge: everything of the merged record moves to the kept one, duplicates excepted. */

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

/** Cases the duplicate was a constituent on (as lead or not), and the consents they gave on them; returns how many cases. */
export async function moveCases(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  await tx.updateTable('cases').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).execute();
  await tx.updateTable('case_sharing_consents').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).execute();
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

/** Earlier merges into the merged record now explain the kept one. */
export async function moveMergeHistory(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<void> {
  await tx.updateTable('person_merges').set({ kept_person_id: keep }).where('office_id', '=', officeId).where('kept_person_id', '=', merge).execute();
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
