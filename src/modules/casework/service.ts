import type { Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import { newId } from '../../db/ids.js';
import type { CaseStatus, CasesTable } from '../../db/schema.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import { mayDecideCaseAccess, seesEveryPerson, type SignedInUser } from '../../platform/access/access.js';
import { mayProcess, type ProcessingAction } from '../../platform/access/processing.js';
import { type Actor, recordAudit, systemActor } from '../../platform/audit/audit.js';
import { ukToday } from '../../platform/calendar/today.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';
import { assertPeopleMayBe, standingsOf } from '../people/service.js';
import { checkLinks } from './links.js';
import * as links from './links-repo.js';
import * as repo from './repo.js';
import type { CaseDetail, CaseListQuery, CaseSummary, CreateCaseBody, UpdateCaseBody } from './schemas.js';
import { detectSpecialCategories } from './special-category.js';
import { caseField, openCaseTexts, sealCaseTexts, searchTermRows } from './text.js';
import * as timeline from './timeline-repo.js';
import { caseDetail, caseSummary, openSummaries, withheldCaseSummary } from './views.js';
import { caseViewer } from './viewer.js';

export { caseViewer };
// Casework's part of other modules' work: the one search box, and messages on a case's timeline.
export { searchCases } from './search.js';
export { recordMessage } from './timeline-service.js';
// The home dashboard's counts of cases and tasks.
export { ageBands, dueBands, myCaseFigures, officeCaseFigures } from './figures.js';

export type CaseworkDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;

const onThisCase = { who: 'A constituent on this case' };

/**
 * The one check for every constituent of the case, in the caller's transaction (another module
 * writing to or about a case: an e-mail, a letter; or reading it, when `reader` is the user).
 */
export async function assertCaseMayBe(tx: OfficeTx, officeId: string, caseId: string, action: ProcessingAction, reader?: SignedInUser): Promise<void> {
  await assertPeopleMayBe(tx, officeId, await links.constituentIds(tx, officeId, caseId), action, { reader, ...onThisCase });
}

/** Of these cases, those the user may not read (a restricted constituent, and the user is not the data protection lead): lists show them withheld. */
export function casesWithheldFrom(tx: OfficeTx, user: SignedInUser, caseIds: readonly string[]): Promise<Set<string>> {
  return casesRefused(tx, user, caseIds, 'read');
}

/** Of these cases, those the one check refuses `action` on for one of their constituents. */
export async function casesRefused(tx: OfficeTx, user: SignedInUser, caseIds: readonly string[], action: ProcessingAction): Promise<Set<string>> {
  const constituents = await links.constituentsOfCases(tx, user.officeId, caseIds);
  const standings = await standingsOf(tx, user.officeId, constituents.map((c) => c.person_id));
  const refused = new Set<string>();
  for (const c of constituents) {
    const standing = standings.get(c.person_id);
    if (standing && !mayProcess(standing, action, user).allowed) refused.add(c.case_id);
  }
  return refused;
}

/** Runs `change` on the case, locked, if the user may see it ("not found" otherwise) and the one check lets its constituents be changed. */
export function changeCase<T>(deps: CaseworkDeps, user: SignedInUser, caseId: string, change: (tx: OfficeTx, locked: repo.LockedCase) => Promise<T>): Promise<T> {
  return withOffice(deps.db, user.officeId, async (tx) => {
    const locked = await repo.lockCase(tx, user.officeId, await caseViewer(tx, user), caseId);
    if (!locked) throw notFound('case');
    await assertCaseMayBe(tx, user.officeId, caseId, 'change');
    return change(tx, locked);
  });
}

/**
 * The special category columns after new text: categories only grow here (an edit of the summary
 * works them out afresh from all the text), and a case reviewed as "not special category" is
 * reviewed again when the text mentions something new.
 */
export function withCategories(locked: { special_categories: string[]; article9_condition: string | null }, found: readonly string[]): Updateable<CasesTable> {
  const before = locked.special_categories;
  const added = found.filter((c) => !before.includes(c));
  if (added.length === 0) return {};
  const columns: Updateable<CasesTable> = { special_categories: [...before, ...added] };
  if (locked.article9_condition === 'not_special_category') Object.assign(columns, { article9_condition: null, article9_recorded_at: null, article9_recorded_by: null });
  return columns;
}

/** `within` runs in the case's own transaction, after it is written: another module's part of the same change. */
export async function createCase(deps: CaseworkDeps, user: SignedInUser, body: CreateCaseBody, within?: (tx: OfficeTx, caseId: string) => Promise<void>): Promise<CaseDetail> {
  const { officeId } = user;
  const ownerId = body.ownerId === undefined ? user.userId : body.ownerId;
  const prepared = await prepareCase(deps.keystore, officeId, body.summary);
  await withOffice(deps.db, officeId, async (tx) => {
    await checkLinks(tx, officeId, { constituentIds: body.constituentIds, topicIds: body.topicIds, agencies: body.agencies, ownerId });
    await assertPeopleMayBe(tx, officeId, body.constituentIds, 'change', { who: 'A constituent named' });
    await openCase(tx, officeId, user, prepared, { constituentIds: body.constituentIds, ownerId, sensitive: body.sensitive, dueOn: body.dueOn ?? null });
    await links.setTopics(tx, officeId, prepared.id, body.topicIds);
    await links.setAgencies(tx, officeId, prepared.id, body.agencies);
    // Whoever opens a case for a colleague keeps sight of it.
    if (ownerId !== user.userId) await links.setSharedWith(tx, officeId, prepared.id, [user.userId]);
    await within?.(tx, prepared.id);
  });
  return getCase(deps, user, prepared.id);
}

/** A new case's summary sealed and its search terms made, before the transaction that opens it (the key store is another database). */
export interface PreparedCase {
  id: string;
  summarySealed: string;
  terms: ReturnType<typeof searchTermRows>;
  categories: string[];
}

export async function prepareCase(keystore: CaseworkDeps['keystore'], officeId: string, summary: string): Promise<PreparedCase> {
  const id = newId();
  const [summarySealed] = await sealCaseTexts(keystore, officeId, [{ caseId: id, field: caseField.summary, plaintext: summary }]);
  return { id, summarySealed: summarySealed!, terms: searchTermRows(keystore, officeId, id, summary), categories: detectSpecialCategories(summary).map((f) => f.category) };
}

/**
 * Opens a prepared case for one constituent, by Postbag itself (the public contact form: nobody
 * is signed in), in the caller's transaction. It has no owner, so it waits for a manager to
 * assign it; the audit entry's actor is the system.
 */
export async function openCaseForConstituent(tx: OfficeTx, officeId: string, prepared: PreparedCase, personId: string): Promise<{ id: string; reference: string }> {
  await assertPeopleMayBe(tx, officeId, [personId], 'change');
  const reference = await openCase(tx, officeId, systemActor, prepared, { constituentIds: [personId], ownerId: null, sensitive: false, dueOn: null });
  return { id: prepared.id, reference };
}

/** The case row, its constituents, the "opened" entry, its search terms and the audit entry; returns the new reference. */
async function openCase(
  tx: OfficeTx,
  officeId: string,
  actor: Actor,
  prepared: PreparedCase,
  c: { constituentIds: readonly string[]; ownerId: string | null; sensitive: boolean; dueOn: string | null },
): Promise<string> {
  const reference = await repo.nextReference(tx, officeId);
  await repo.insertCase(tx, {
    office_id: officeId,
    id: prepared.id,
    reference,
    person_id: c.constituentIds[0]!,
    summary_sealed: prepared.summarySealed,
    owner_user_id: c.ownerId,
    sensitive: c.sensitive,
    due_on: c.dueOn,
    special_categories: prepared.categories,
  });
  await links.setConstituents(tx, officeId, prepared.id, [...c.constituentIds]);
  await timeline.insertEvent(tx, { office_id: officeId, id: newId(), case_id: prepared.id, kind: 'opened', actor_user_id: actor.userId });
  await timeline.addSearchTerms(tx, prepared.terms);
  await recordAudit(tx, officeId, actor, { action: 'case.created', recordType: 'case', recordIds: [prepared.id] });
  return reference;
}

/** A case the user may not see answers exactly as one that does not exist. Reads of a flagged case are audited. */
export async function getCase(deps: CaseworkDeps, user: SignedInUser, caseId: string): Promise<CaseDetail> {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findCase(tx, officeId, await caseViewer(tx, user), caseId);
    if (!row) return undefined;
    const parts = await repo.caseParts(tx, officeId, caseId);
    await assertPeopleMayBe(tx, officeId, parts.constituents.map((c) => c.id), 'read', { reader: user, ...onThisCase });
    const events = await timeline.eventTexts(tx, officeId, caseId);
    const openTasks = (await timeline.openTaskIds(tx, officeId, caseId)).length;
    await auditSpecialCategoryRead(tx, user, [row]);
    return { row, parts: { ...parts, openTasks }, events };
  });
  if (!found) throw notFound('case');
  const { row, parts, events } = found;
  const [summaries, opened] = await Promise.all([
    openSummaries(deps.keystore, officeId, [row]),
    openCaseTexts(deps.keystore, officeId, [
      ...(row.outcome_note_sealed ? [{ caseId, field: caseField.outcomeNote, ciphertext: row.outcome_note_sealed }] : []),
      ...events.map((e) => ({ caseId, field: caseField.eventText(e.id), ciphertext: e.text_sealed })),
    ]),
  ]);
  const outcomeNote = row.outcome_note_sealed ? opened.shift()! : null;
  return caseDetail(row, parts, { summary: summaries.get(caseId)!, outcomeNote, timeline: opened }, ukToday());
}

export async function listCases(deps: CaseworkDeps, user: SignedInUser, query: CaseListQuery): Promise<{ cases: CaseSummary[]; total: number; totalIsLowerBound: boolean }> {
  const { officeId } = user;
  const today = ukToday();
  const { rows, total, shown, withheld } = await withOffice(deps.db, officeId, async (tx) => {
    const page = await repo.listCases(tx, officeId, await caseViewer(tx, user), query, today);
    const withheld = await casesWithheldFrom(tx, user, page.rows.map((r) => r.id));
    const shown = page.rows.filter((r) => !withheld.has(r.id));
    await auditSpecialCategoryRead(tx, user, shown);
    return { rows: page.rows, total: page.total, shown, withheld };
  }, { genericPlans: true });
  const summaries = await openSummaries(deps.keystore, officeId, shown);
  return {
    cases: rows.map((r) => (withheld.has(r.id) ? withheldCaseSummary(r) : caseSummary(r, summaries.get(r.id)!, today))),
    total: Math.min(total, repo.COUNT_CAP),
    totalIsLowerBound: total > repo.COUNT_CAP,
  };
}

/** The text of the case besides its summary, opened, for search terms and special category words. */
async function otherTexts(deps: CaseworkDeps, user: SignedInUser, caseId: string): Promise<{ texts: string[]; count: number }> {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const locked = await repo.findCase(tx, officeId, await caseViewer(tx, user), caseId);
    return locked && { outcome: locked.outcome_note_sealed, events: await timeline.eventTexts(tx, officeId, caseId) };
  });
  if (!found) throw notFound('case');
  const texts = await openCaseTexts(deps.keystore, officeId, [
    ...(found.outcome ? [{ caseId, field: caseField.outcomeNote, ciphertext: found.outcome }] : []),
    ...found.events.map((e) => ({ caseId, field: caseField.eventText(e.id), ciphertext: e.text_sealed })),
  ]);
  return { texts, count: found.events.length };
}

export async function updateCase(deps: CaseworkDeps, user: SignedInUser, caseId: string, body: UpdateCaseBody): Promise<CaseDetail> {
  const { officeId } = user;
  let newSummary: { sealed: string; terms: ReturnType<typeof searchTermRows>; categories: string[]; textsSeen: number } | undefined;
  if (body.summary !== undefined) {
    // A new summary means new search terms and categories for the whole case: open the rest of its text first.
    const other = await otherTexts(deps, user, caseId);
    const all = [body.summary, ...other.texts].join('\n');
    const [sealed] = await sealCaseTexts(deps.keystore, officeId, [{ caseId, field: caseField.summary, plaintext: body.summary }]);
    newSummary = {
      sealed: sealed!,
      terms: searchTermRows(deps.keystore, officeId, caseId, all),
      categories: detectSpecialCategories(all).map((f) => f.category),
      textsSeen: other.count,
    };
  }
  await changeCase(deps, user, caseId, async (tx, locked) => {
    if (!mayDecideCaseAccess(user, locked.owner_user_id) && (await changesAccess(tx, locked, body))) {
      throw new AppError(ErrorCode.Forbidden, "Only the case's owner or a manager can change who owns it, whether it is sensitive, or whom it is shared with. Nothing was changed.");
    }
    const ownerId = body.ownerId === undefined ? locked.owner_user_id : body.ownerId;
    await checkLinks(tx, officeId, { ...body, ownerId });
    if (body.constituentIds) await assertPeopleMayBe(tx, officeId, body.constituentIds, 'change', { who: 'A constituent named' });
    const columns: Updateable<CasesTable> = {};
    if (newSummary) {
      if ((await timeline.eventTexts(tx, officeId, caseId)).length !== newSummary.textsSeen) {
        throw new AppError(ErrorCode.Conflict, 'Someone added to this case while the summary was being saved. Nothing was changed: save the summary again.');
      }
      Object.assign(columns, withCategories(locked, newSummary.categories), { special_categories: newSummary.categories });
      columns.summary_sealed = newSummary.sealed;
      columns.summary = null;
      await timeline.replaceSearchTerms(tx, officeId, caseId, newSummary.terms);
    }
    if (body.constituentIds) {
      columns.person_id = body.constituentIds[0]!;
      await links.setConstituents(tx, officeId, caseId, body.constituentIds);
    }
    if (body.topicIds) await links.setTopics(tx, officeId, caseId, body.topicIds);
    if (body.agencies) await links.setAgencies(tx, officeId, caseId, body.agencies);
    if (body.ownerId !== undefined) columns.owner_user_id = body.ownerId;
    if (body.dueOn !== undefined) columns.due_on = body.dueOn;
    if (body.sensitive !== undefined) columns.sensitive = body.sensitive;
    await repo.updateCase(tx, officeId, caseId, columns);
    await recordAudit(tx, officeId, user, { action: 'case.updated', recordType: 'case', recordIds: [caseId] });
    if (body.sharedWithIds) {
      await links.setSharedWith(tx, officeId, caseId, body.sharedWithIds);
      await recordAudit(tx, officeId, user, { action: 'case.access_changed', recordType: 'case', recordIds: [caseId, ...body.sharedWithIds] });
    }
  });
  return getCase(deps, user, caseId);
}

/** Need-to-know for people (the rule is `seesEveryPerson` in platform/access): those of `personIds` the user may see. */
export async function visiblePeople(tx: OfficeTx, user: SignedInUser, personIds: readonly string[]): Promise<Set<string>> {
  if (seesEveryPerson(user) || personIds.length === 0) return new Set(personIds);
  return repo.peopleSeenAmong(tx, user.officeId, await caseViewer(tx, user), personIds);
}

/** For another module's list of people: need-to-know as a where clause on `persons`, or undefined when the user sees everyone. */
export async function peopleSeenBy(tx: OfficeTx, user: SignedInUser) {
  return seesEveryPerson(user) ? undefined : repo.personSeenBy(await caseViewer(tx, user));
}

/** For another module's query that shows something of a case beside its own rows (the inbox): need-to-know as an expression on `cases`. */
export async function casesSeenBy(tx: OfficeTx, user: SignedInUser) {
  return repo.caseVisibleTo(await caseViewer(tx, user));
}

export async function maySeePerson(tx: OfficeTx, user: SignedInUser, personId: string): Promise<boolean> {
  return (await visiblePeople(tx, user, [personId])).has(personId);
}

/** Whether the change gives the case to someone else, marks it sensitive or not, or changes whom it is shared with. */
async function changesAccess(tx: OfficeTx, locked: repo.LockedCase, body: UpdateCaseBody): Promise<boolean> {
  if (body.ownerId !== undefined && body.ownerId !== locked.owner_user_id) return true;
  if (body.sensitive !== undefined && body.sensitive !== locked.sensitive) return true;
  if (body.sharedWithIds === undefined) return false;
  const current = await links.sharedWith(tx, locked.office_id, locked.id);
  return current.length !== body.sharedWithIds.length || body.sharedWithIds.some((id) => !current.includes(id));
}

/** The case a reference such as PB-000123 names, for threading incoming mail (no need-to-know: Postbag files it, nobody reads it). */
export function caseByReference(tx: OfficeTx, officeId: string, reference: string): Promise<{ id: string; status: CaseStatus } | undefined> {
  return repo.findByReference(tx, officeId, reference);
}

/** For a message from a case (e-mail, letter): the case and its lead constituent, if the user may see it. Nothing of its text is shown, so no read is audited. */
export async function caseForMessage(tx: OfficeTx, user: SignedInUser, caseId: string): Promise<{ id: string; reference: string; person_id: string } | undefined> {
  const found = await repo.visibleCase(tx, user.officeId, await caseViewer(tx, user), caseId);
  return found && { id: found.id, reference: found.reference, person_id: found.person_id };
}

/** The case's reference, for Postbag's own work on it (the send job): no need-to-know. */
export async function caseReference(tx: OfficeTx, officeId: string, caseId: string): Promise<string | undefined> {
  return (await repo.findReference(tx, officeId, caseId))?.reference;
}

/** An agency on the case, with the reference it gave the case; undefined if the organisation is not on it. */
export function agencyOnCase(tx: OfficeTx, officeId: string, caseId: string, organisationId: string) {
  return repo.findCaseAgency(tx, officeId, caseId, organisationId);
}

/**
 * For another module showing something of a case (a message on it): the case's reference if the
 * user may see it, and the special category read audited in the caller's transaction.
 */
export async function seeCase(tx: OfficeTx, user: SignedInUser, caseId: string): Promise<{ id: string; reference: string } | undefined> {
  const found = await repo.visibleCase(tx, user.officeId, await caseViewer(tx, user), caseId);
  if (found) await auditSpecialCategoryRead(tx, user, [found]);
  return found && { id: found.id, reference: found.reference };
}

/**
 * Any read that shows special category text (a case page, a list, search results, a message on
 * the case) writes one entry naming the flagged cases it showed, in the reading transaction.
 */
export async function auditSpecialCategoryRead(tx: OfficeTx, user: SignedInUser, shown: readonly { id: string; special_categories: readonly string[] }[]): Promise<void> {
  const flagged = [...new Set(shown.filter((c) => c.special_categories.length > 0).map((c) => c.id))];
  if (flagged.length) await recordAudit(tx, user.officeId, user, { action: 'case.special_category_read', recordType: 'case', recordIds: flagged });
}

/** For another module's list that shows text belonging to these cases (an inbox message answering one): the flagged ones audited as read. */
export async function auditSpecialCategoryCases(tx: OfficeTx, user: SignedInUser, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length) await auditSpecialCategoryRead(tx, user, await repo.specialCategoriesOf(tx, user.officeId, caseIds));
}

/** Every case id of the office, for sorting the key store's legacy keys. */
export function caseIds(tx: OfficeTx, officeId: string): Promise<string[]> {
  return repo.caseIds(tx, officeId);
}

/**
 * A person's cases as erasure treats them: those only they are on are erased whole (their case
 * key destroyed); on a joint case the others keep the case, its key and its text.
 */
export async function casesOfConstituent(tx: OfficeTx, officeId: string, personId: string): Promise<{ theirsAlone: string[]; joint: string[] }> {
  const rows = await repo.casesOfConstituent(tx, officeId, personId);
  return { theirsAlone: rows.filter((r) => Number(r.constituents) === 1).map((r) => r.case_id), joint: rows.filter((r) => Number(r.constituents) > 1).map((r) => r.case_id) };
}

/** An erasure's first casework step, before correspondence deletes the messages: their timeline entries. */
export function forgetMessages(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<void> {
  return repo.deleteMessageEvents(tx, officeId, messageIds);
}

/** An erasure's casework step, once the messages are gone: the cases only they were on, and their place on joint ones. */
export async function eraseConstituent(tx: OfficeTx, officeId: string, personId: string, cases: { theirsAlone: readonly string[]; joint: readonly string[] }): Promise<void> {
  await repo.deleteCases(tx, officeId, cases.theirsAlone);
  await repo.removeConstituent(tx, officeId, personId, cases.joint);
}
