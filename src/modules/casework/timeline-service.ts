import type { z } from 'zod';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { newId } from '../../db/ids.js';
import type { CaseEventKind } from '../../db/schema.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { type AuditAction, recordAudit } from '../../platform/audit/audit.js';
import { ukToday } from '../../platform/calendar/today.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';
import * as links from './links-repo.js';
import * as repo from './repo.js';
import type { agencyContactBody, CaseEvent, taskBody } from './schemas.js';
import { assertCaseMayBe, auditSpecialCategoryRead, type CaseworkDeps, casesWithheldFrom, changeCase, withCategories } from './service.js';
import { detectSpecialCategories } from './special-category.js';
import { caseField, openCaseTexts, sealCaseTexts, searchTermRows } from './text.js';
import * as timeline from './timeline-repo.js';
import { TASK_REMINDER } from './jobs.js';
import { caseViewer } from './viewer.js';
import { findStaff } from '../offices/service.js';

interface NewEntry {
  kind: Extract<CaseEventKind, 'note' | 'task' | 'agency_contact'>;
  text: string;
  columns?: Partial<Pick<Parameters<typeof timeline.insertEvent>[1], 'organisation_id' | 'assignee_user_id' | 'due_on' | 'remind_at' | 'at' | 'detail'>>;
  /** Checks and further writes inside the transaction, before the entry is written. */
  within?: (tx: OfficeTx) => Promise<void>;
  action: Extract<AuditAction, 'case.note_added' | 'case.task_added' | 'case.agency_contact_added'>;
}

/** Adds a sealed entry to the timeline; its words become searchable and may flag the case. */
async function addEntry(deps: CaseworkDeps, user: SignedInUser, caseId: string, entry: NewEntry): Promise<CaseEvent> {
  const { officeId } = user;
  const eventId = newId();
  const [sealed] = await sealCaseTexts(deps.keystore, officeId, [{ caseId, field: caseField.eventText(eventId), plaintext: entry.text }]);
  await changeCase(deps, user, caseId, async (tx, locked) => {
    await entry.within?.(tx);
    const values = { office_id: officeId, id: eventId, case_id: caseId, kind: entry.kind, actor_user_id: user.userId, text_sealed: sealed!, ...entry.columns };
    await writeEntry(deps.keystore, tx, locked, values, entry.text);
    await recordAudit(tx, officeId, user, { action: entry.action, recordType: 'case_event', recordIds: [eventId, caseId] });
    if (entry.kind === 'task' && entry.columns?.remind_at) {
      await deps.jobs.enqueue(tx, { kind: TASK_REMINDER, officeId, payload: { taskId: eventId }, runAt: new Date(entry.columns.remind_at), dedupeKey: eventId });
    }
  });
  const events = await getTimeline(deps, user, caseId, { audit: false });
  return events.find((e) => e.id === eventId)!;
}

export function addNote(deps: CaseworkDeps, user: SignedInUser, caseId: string, text: string): Promise<CaseEvent> {
  return addEntry(deps, user, caseId, { kind: 'note', text, action: 'case.note_added' });
}

/** A task for the user or a colleague who can see the case, with a due date and a reminder through the job runner. */
export function addTask(deps: CaseworkDeps, user: SignedInUser, caseId: string, body: z.infer<typeof taskBody>): Promise<CaseEvent> {
  const assigneeId = body.assigneeId ?? user.userId;
  return addEntry(deps, user, caseId, {
    kind: 'task',
    text: body.text,
    action: 'case.task_added',
    columns: { assignee_user_id: assigneeId, due_on: body.dueOn ?? null, remind_at: body.remindAt ?? null },
    within: async (tx) => {
      if (assigneeId !== user.userId && !(await assigneeCanSee(tx, user.officeId, assigneeId, caseId))) {
        throw new AppError(ErrorCode.ValidationFailed, 'That colleague cannot see this case: share the case with them first, then give them the task.', [
          { path: 'body.assigneeId', message: 'must be a current member of staff who can see the case' },
        ]);
      }
    },
  });
}

async function assigneeCanSee(tx: OfficeTx, officeId: string, userId: string, caseId: string): Promise<boolean> {
  const assignee = await findStaff(tx, officeId, userId);
  if (!assignee) return false;
  return (await repo.visibleCase(tx, officeId, await caseViewer(tx, { officeId, userId: assignee.id, role: assignee.role }), caseId)) !== undefined;
}

/** A call, letter or e-mail to or from an agency; the agency joins the case if it was not on it. */
export function addAgencyContact(deps: CaseworkDeps, user: SignedInUser, caseId: string, body: z.infer<typeof agencyContactBody>): Promise<CaseEvent> {
  return addEntry(deps, user, caseId, {
    kind: 'agency_contact',
    text: body.text,
    action: 'case.agency_contact_added',
    columns: { organisation_id: body.organisationId, detail: JSON.stringify({ direction: body.direction }), ...(body.at ? { at: body.at } : {}) },
    within: async (tx) => {
      const { officeId } = user;
      if (!(await links.existing(tx, officeId, 'organisations', [body.organisationId])).size) {
        throw new AppError(ErrorCode.ValidationFailed, 'No organisation with that id exists in this office.', [{ path: 'body.organisationId', message: 'is not an organisation of this office' }]);
      }
      if (!(await links.isOnCase(tx, officeId, caseId, 'agency', body.organisationId))) {
        await tx.insertInto('case_agencies').values({ office_id: officeId, case_id: caseId, organisation_id: body.organisationId }).execute();
      }
    },
  });
}

/** Marks a task done; doing so twice changes nothing. */
export async function completeTask(deps: CaseworkDeps, user: SignedInUser, caseId: string, taskId: string): Promise<CaseEvent> {
  const { officeId } = user;
  await changeCase(deps, user, caseId, async (tx) => {
    const task = await timeline.lockTask(tx, officeId, taskId);
    if (!task || task.case_id !== caseId) throw notFound('task on this case');
    if (task.done_at) return;
    await timeline.updateTask(tx, officeId, taskId, { done_at: new Date(), done_by: user.userId });
    await recordAudit(tx, officeId, user, { action: 'case.task_done', recordType: 'case_event', recordIds: [taskId, caseId] });
  });
  const events = await getTimeline(deps, user, caseId, { audit: false });
  return events.find((e) => e.id === taskId)!;
}

/** The case's timeline, newest first. Reading a flagged case's timeline is audited. */
export async function getTimeline(deps: CaseworkDeps, user: SignedInUser, caseId: string, options = { audit: true }): Promise<CaseEvent[]> {
  const { officeId } = user;
  const rows = await withOffice(deps.db, officeId, async (tx) => {
    const found = await repo.findCase(tx, officeId, await caseViewer(tx, user), caseId);
    if (!found) return undefined;
    await assertCaseMayBe(tx, officeId, caseId, 'read', user);
    if (options.audit) await auditSpecialCategoryRead(tx, user, [found]);
    return timeline.listEvents(tx, officeId, caseId);
  });
  if (!rows) throw notFound('case');
  const withText = rows.filter((r) => r.text_sealed !== null);
  const texts = await openCaseTexts(deps.keystore, officeId, withText.map((r) => ({ caseId, field: caseField.eventText(r.id), ciphertext: r.text_sealed! })));
  const textOf = new Map(withText.map((r, i) => [r.id, texts[i]!]));
  const today = ukToday();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.at,
    by: r.actor_name,
    text: textOf.get(r.id) ?? null,
    detail: r.detail,
    organisation: r.organisation_id ? { id: r.organisation_id, name: r.organisation_name ?? '' } : null,
    task:
      r.kind === 'task'
        ? {
            assignee: r.assignee_user_id ? { id: r.assignee_user_id, name: r.assignee_name ?? '' } : null,
            dueOn: r.due_on,
            remindAt: r.remind_at,
            remindedAt: r.reminded_at,
            doneAt: r.done_at,
            overdue: r.done_at === null && r.due_on !== null && r.due_on < today,
          }
        : null,
  }));
}

/** The user's open tasks, with the case each is on. */
export async function myTasks(deps: CaseworkDeps, user: SignedInUser) {
  const { officeId } = user;
  const rows = await withOffice(deps.db, officeId, async (tx) => {
    const tasks = await timeline.openTasksOf(tx, officeId, await caseViewer(tx, user));
    const withheld = await casesWithheldFrom(tx, user, [...new Set(tasks.map((t) => t.case_id))]);
    const shown = tasks.filter((t) => !withheld.has(t.case_id));
    await auditSpecialCategoryRead(tx, user, shown.map((t) => ({ id: t.case_id, special_categories: t.special_categories })));
    return { tasks, shown, withheld };
  });
  const opened = await openCaseTexts(deps.keystore, officeId, rows.shown.map((r) => ({ caseId: r.case_id, field: caseField.eventText(r.id), ciphertext: r.text_sealed! })));
  const textOf = new Map(rows.shown.map((r, i) => [r.id, opened[i]!]));
  const today = ukToday();
  return {
    tasks: rows.tasks.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      text: textOf.get(r.id) ?? '',
      withheld: rows.withheld.has(r.case_id),
      dueOn: r.due_on,
      remindAt: r.remind_at,
      reminded: r.reminded_at !== null,
      overdue: r.due_on !== null && r.due_on < today,
    })),
  };
}

/** A message on a case, as correspondence files it: in its transaction, by a user or (null) by its thread. */
export interface MessageEntry {
  caseId: string;
  messageId: string;
  at: Date;
  actorUserId: string | null;
  /** What the timeline shows: the subject and the start of the text. */
  heading: string;
  /** All the message's words, for search and special category detection. */
  text: string;
  detail: { direction: 'in' | 'out'; channel: string };
}

/**
 * Puts a message on the case's timeline (once: a message is on one case), makes its words
 * searchable, and flags the case if the message mentions special category data. Runs inside the
 * caller's office transaction; the user (if any) must be able to see the case, or "not found".
 */
export async function recordMessage(keystore: KeyStore, tx: OfficeTx, officeId: string, user: SignedInUser | null, entry: MessageEntry): Promise<void> {
  const locked = await repo.lockCase(tx, officeId, user && (await caseViewer(tx, user)), entry.caseId);
  if (!locked) throw notFound('case');
  const eventId = newId();
  const [sealed] = await sealCaseTexts(keystore, officeId, [{ caseId: entry.caseId, field: caseField.eventText(eventId), plaintext: entry.heading }]);
  const values = {
    office_id: officeId,
    id: eventId,
    case_id: entry.caseId,
    kind: 'message' as const,
    actor_user_id: entry.actorUserId,
    at: entry.at,
    text_sealed: sealed!,
    message_id: entry.messageId,
    detail: JSON.stringify({ ...entry.detail, messageId: entry.messageId }),
  };
  await writeEntry(keystore, tx, locked, values, entry.text);
}

/** Writes a sealed timeline entry of the locked case; its words become searchable and may flag the case. */
async function writeEntry(keystore: KeyStore, tx: OfficeTx, locked: repo.LockedCase, values: Parameters<typeof timeline.insertEvent>[1], text: string): Promise<void> {
  await timeline.insertEvent(tx, values);
  await timeline.addSearchTerms(tx, searchTermRows(keystore, values.office_id, values.case_id, text));
  const categories = detectSpecialCategories(text).map((f) => f.category);
  await repo.updateCase(tx, values.office_id, values.case_id, withCategories(locked, categories));
}
