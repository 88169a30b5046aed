import type { Insertable } from 'kysely';
import type { CaseEventsTable } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import type { CaseViewer } from '../../platform/access/access.js';
import { caseVisibleTo } from './repo.js';

/** The case timeline: notes, tasks, agency contacts, status changes. */

export async function insertEvent(tx: OfficeTx, values: Insertable<CaseEventsTable> & { id: string }): Promise<void> {
  await tx.insertInto('case_events').values(values).execute();
}

export function listEvents(tx: OfficeTx, officeId: string, caseId: string) {
  return tx
    .selectFrom('case_events as e')
    .leftJoin('users as actor', (j) => j.onRef('actor.office_id', '=', 'e.office_id').onRef('actor.id', '=', 'e.actor_user_id'))
    .leftJoin('users as assignee', (j) => j.onRef('assignee.office_id', '=', 'e.office_id').onRef('assignee.id', '=', 'e.assignee_user_id'))
    .leftJoin('organisations as o', (j) => j.onRef('o.office_id', '=', 'e.office_id').onRef('o.id', '=', 'e.organisation_id'))
    .select([
      'e.id',
      'e.kind',
      'e.at',
      'e.text_sealed',
      'e.detail',
      'e.organisation_id',
      'o.name as organisation_name',
      'actor.display_name as actor_name',
      'e.assignee_user_id',
      'assignee.display_name as assignee_name',
      'e.due_on',
      'e.remind_at',
      'e.reminded_at',
      'e.done_at',
    ])
    .where('e.office_id', '=', officeId)
    .where('e.case_id', '=', caseId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}
export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

/** Every sealed text on the case's timeline (for search terms and special category words). */
export function eventTexts(tx: OfficeTx, officeId: string, caseId: string) {
  return tx
    .selectFrom('case_events')
    .select(['id', 'text_sealed'])
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .where('text_sealed', 'is not', null)
    .execute() as Promise<{ id: string; text_sealed: string }[]>;
}

export function lockTask(tx: OfficeTx, officeId: string, taskId: string) {
  return tx
    .selectFrom('case_events')
    .select(['id', 'case_id', 'done_at', 'reminded_at', 'remind_at'])
    .where('office_id', '=', officeId)
    .where('id', '=', taskId)
    .where('kind', '=', 'task')
    .forUpdate()
    .executeTakeFirst();
}

export async function updateTask(tx: OfficeTx, officeId: string, taskId: string, values: { done_at?: Date; done_by?: string; reminded_at?: Date }): Promise<void> {
  await tx.updateTable('case_events').set(values).where('office_id', '=', officeId).where('id', '=', taskId).execute();
}

/** The case's tasks not done yet, oldest first. */
export async function openTaskIds(tx: OfficeTx, officeId: string, caseId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('case_events')
    .select('id')
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .where('kind', '=', 'task')
    .where('done_at', 'is', null)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Marks these tasks done by the user (closing their case with them). */
export async function closeTasks(tx: OfficeTx, officeId: string, taskIds: readonly string[], userId: string): Promise<void> {
  if (taskIds.length) await tx.updateTable('case_events').set({ done_at: new Date(), done_by: userId }).where('office_id', '=', officeId).where('id', 'in', taskIds).execute();
}

/** Open tasks assigned to the user on cases they may see, soonest due first, with the case's reference. */
export function openTasksOf(tx: OfficeTx, officeId: string, viewer: CaseViewer) {
  return tx
    .selectFrom('case_events as e')
    .innerJoin('cases', (j) => j.onRef('cases.office_id', '=', 'e.office_id').onRef('cases.id', '=', 'e.case_id'))
    .select(['e.id', 'e.case_id', 'cases.reference', 'cases.special_categories', 'e.text_sealed', 'e.due_on', 'e.remind_at', 'e.reminded_at'])
    .where('e.office_id', '=', officeId)
    .where('e.kind', '=', 'task')
    .where('e.assignee_user_id', '=', viewer.userId)
    .where('e.done_at', 'is', null)
    .where(caseVisibleTo(viewer))
    .orderBy((eb) => eb.ref('e.due_on'), (ob) => ob.asc().nullsLast())
    .orderBy('e.at')
    .limit(100)
    .execute();
}

export async function replaceSearchTerms(tx: OfficeTx, officeId: string, caseId: string, rows: readonly { office_id: string; case_id: string; term: string }[]): Promise<void> {
  await tx.deleteFrom('case_search_terms').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  await addSearchTerms(tx, rows);
}

export async function addSearchTerms(tx: OfficeTx, rows: readonly { office_id: string; case_id: string; term: string }[]): Promise<void> {
  if (rows.length) await tx.insertInto('case_search_terms').values([...rows]).onConflict((oc) => oc.doNothing()).execute();
}
