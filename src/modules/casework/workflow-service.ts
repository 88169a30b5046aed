import type { z } from 'zod';
import { newId } from '../../db/ids.js';
import type { Article9Condition, CaseStatus } from '../../db/schema.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, validationFailed } from '../../platform/errors/errors.js';
import * as links from './links-repo.js';
import * as repo from './repo.js';
import type { CaseDetail, CloseBody, sharingConsentBody } from './schemas.js';
import { type CaseworkDeps, changeCase, getCase, withCategories } from './service.js';
import { detectSpecialCategories } from './special-category.js';
import { caseField, sealCaseTexts, searchTermRows } from './text.js';
import * as timeline from './timeline-repo.js';
import { canMove, refusal } from './workflow.js';

const conflict = (message: string) => new AppError(ErrorCode.Conflict, message);

/** Moves an open case along the workflow, or reopens a closed one; each move is on the timeline. */
export async function changeStatus(deps: CaseworkDeps, user: SignedInUser, caseId: string, status: Exclude<CaseStatus, 'closed' | 'new'>): Promise<CaseDetail> {
  const { officeId } = user;
  await changeCase(deps, user, caseId, async (tx, locked) => {
    if (!canMove(locked.status, status)) throw conflict(refusal(locked.status, status));
    const detail = locked.status === 'closed' ? { from: locked.status, to: status, previousOutcome: locked.outcome } : { from: locked.status, to: status };
    await repo.updateCase(tx, officeId, caseId, {
      status,
      // Reopening clears the outcome; the timeline keeps what it was.
      ...(locked.status === 'closed' ? { outcome: null, outcome_note_sealed: null, closed_at: null } : {}),
    });
    await timeline.insertEvent(tx, { office_id: officeId, id: newId(), case_id: caseId, kind: 'status_change', actor_user_id: user.userId, detail: JSON.stringify(detail) });
    await recordAudit(tx, officeId, user, { action: 'case.status_changed', recordType: 'case', recordIds: [caseId] });
  });
  return getCase(deps, user, caseId);
}

/**
 * Closes a case, from any state but closed, with its outcome. A case flagged as special category
 * needs its Article 9 condition first. Its open tasks are closed with it or kept open, as the user
 * says (asked only when there are any): a kept task stays in its assignee's list.
 */
export async function closeCase(deps: CaseworkDeps, user: SignedInUser, caseId: string, body: CloseBody): Promise<CaseDetail> {
  const { officeId } = user;
  const [noteSealed] = await sealCaseTexts(deps.keystore, officeId, [{ caseId, field: caseField.outcomeNote, plaintext: body.outcomeNote }]);
  const terms = searchTermRows(deps.keystore, officeId, caseId, body.outcomeNote);
  const categories = detectSpecialCategories(body.outcomeNote).map((f) => f.category);
  await changeCase(deps, user, caseId, async (tx, locked) => {
    if (!canMove(locked.status, 'closed')) throw conflict(refusal(locked.status, 'closed'));
    const flags = withCategories(locked, categories);
    const flagged = locked.special_categories.length > 0 || categories.length > 0;
    const condition = 'article9_condition' in flags ? null : locked.article9_condition;
    if (flagged && condition === null) {
      throw conflict(
        'This case holds special category data: record the Article 9 condition for it (explicit consent, or DPA 2018 Schedule 1 paragraph 23) before closing it.',
      );
    }
    const openTasks = await timeline.openTaskIds(tx, officeId, caseId);
    if (openTasks.length > 0 && body.openTasks === undefined) {
      const [tasks, them] = openTasks.length === 1 ? ['an open task', 'it'] : [`${openTasks.length} open tasks`, 'them'];
      throw new AppError(ErrorCode.ValidationFailed, `The case was not closed: it has ${tasks}. Say whether to close ${them} with the case or keep ${them} open.`, [
        { path: 'body.openTasks', message: `must say what becomes of ${openTasks.length === 1 ? 'its open task' : `its ${tasks}`}: close (with the case) or keep (open)` },
      ]);
    }
    const tasksClosed = body.openTasks === 'close' ? openTasks : [];
    await timeline.closeTasks(tx, officeId, tasksClosed, user.userId);
    await repo.updateCase(tx, officeId, caseId, { ...flags, status: 'closed', outcome: body.outcome, outcome_note_sealed: noteSealed!, closed_at: new Date() });
    await timeline.addSearchTerms(tx, terms);
    const detail = { from: locked.status, to: 'closed', outcome: body.outcome, ...(tasksClosed.length ? { tasksClosed: tasksClosed.length } : {}) };
    await timeline.insertEvent(tx, { office_id: officeId, id: newId(), case_id: caseId, kind: 'status_change', actor_user_id: user.userId, detail: JSON.stringify(detail) });
    await recordAudit(tx, officeId, user, { action: 'case.closed', recordType: 'case', recordIds: [caseId, ...tasksClosed] });
  });
  return getCase(deps, user, caseId);
}

/** Records the lawful condition for the special category data in the case (or that, on review, there is none). */
export async function recordArticle9(deps: CaseworkDeps, user: SignedInUser, caseId: string, condition: Article9Condition): Promise<CaseDetail> {
  const { officeId } = user;
  await changeCase(deps, user, caseId, async (tx) => {
    await repo.updateCase(tx, officeId, caseId, { article9_condition: condition, article9_recorded_at: new Date(), article9_recorded_by: user.userId });
    await recordAudit(tx, officeId, user, { action: 'case.article9_recorded', recordType: 'case', recordIds: [caseId] });
  });
  return getCase(deps, user, caseId);
}

/** Whether a constituent of the case agreed that the office may share their details with one of its agencies. */
export async function recordSharingConsent(deps: CaseworkDeps, user: SignedInUser, caseId: string, body: z.infer<typeof sharingConsentBody>): Promise<CaseDetail> {
  const { officeId } = user;
  await changeCase(deps, user, caseId, async (tx) => {
    const problems = [];
    if (!(await links.isOnCase(tx, officeId, caseId, 'constituent', body.personId))) problems.push({ path: 'body.personId', message: 'is not a constituent on this case' });
    if (!(await links.isOnCase(tx, officeId, caseId, 'agency', body.organisationId))) {
      problems.push({ path: 'body.organisationId', message: 'is not an agency on this case (add the agency to the case first)' });
    }
    if (problems.length) throw validationFailed(problems, 'The consent cannot be recorded.');
    const id = await links.insertSharingConsent(tx, {
      office_id: officeId,
      case_id: caseId,
      person_id: body.personId,
      organisation_id: body.organisationId,
      agreed: body.agreed,
      method: body.method,
      given_at: body.givenAt,
      recorded_by: user.userId,
    });
    await recordAudit(tx, officeId, user, { action: 'case.sharing_consent_recorded', recordType: 'case_sharing_consent', recordIds: [id, caseId, body.personId, body.organisationId] });
  });
  return getCase(deps, user, caseId);
}
