import { type ExpressionBuilder, type ExpressionWrapper, type Insertable, type SelectQueryBuilder, sql, type SqlBool, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CasesTable, DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import { type CaseViewer, seesEveryCaseNotSensitive, seesUnassignedCases } from '../../platform/access/access.js';
import type { CaseListQuery } from './schemas.js';

/** Cases. Every query takes the office id, and every read the need-to-know rule. */

/**
 * Need-to-know for cases, as a where clause on `cases`: a sensitive case is visible only to its
 * owner and the users named on it; any other case to its owner, those it is shared with and,
 * when `seesEveryCaseNotSensitive` (platform/access) says so, the viewer; one with no owner also
 * when `seesUnassignedCases` says so. Callers get "not found"
 * for the rest, never the record.
 */
export function caseVisibleTo(viewer: CaseViewer) {
  return (eb: ExpressionBuilder<DB, 'cases'>): ExpressionWrapper<DB, 'cases', SqlBool> => {
    const ownedOrNamed = eb.or([
      eb('cases.owner_user_id', '=', viewer.userId),
      eb.exists(
        eb
          .selectFrom('case_access')
          .select('case_access.case_id')
          .whereRef('case_access.office_id', '=', 'cases.office_id')
          .whereRef('case_access.case_id', '=', 'cases.id')
          .where('case_access.user_id', '=', viewer.userId),
      ),
    ]);
    if (seesEveryCaseNotSensitive(viewer)) return eb.or([eb('cases.sensitive', '=', false), ownedOrNamed]);
    if (seesUnassignedCases(viewer)) return eb.or([eb.and([eb('cases.sensitive', '=', false), eb('cases.owner_user_id', 'is', null)]), ownedOrNamed]);
    return ownedOrNamed;
  };
}

/** Left joins, though every case has its lead and owners exist: a count that reads neither drops them from its plan. */
export function visibleCases(tx: OfficeTx, officeId: string, viewer: CaseViewer) {
  return tx
    .selectFrom('cases')
    .leftJoin('persons as lead', (j) => j.onRef('lead.office_id', '=', 'cases.office_id').onRef('lead.id', '=', 'cases.person_id'))
    .leftJoin('users as owner', (j) => j.onRef('owner.office_id', '=', 'cases.office_id').onRef('owner.id', '=', 'cases.owner_user_id'))
    .where('cases.office_id', '=', officeId)
    .where(caseVisibleTo(viewer));
}

function topicsOf(eb: ExpressionBuilder<DB, 'cases'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('case_topics')
      .innerJoin('topics', (j) => j.onRef('topics.office_id', '=', 'case_topics.office_id').onRef('topics.id', '=', 'case_topics.topic_id'))
      .select(['topics.id', 'topics.name'])
      .whereRef('case_topics.office_id', '=', 'cases.office_id')
      .whereRef('case_topics.case_id', '=', 'cases.id')
      .orderBy('topics.name'),
  );
}

function summaryColumns(eb: ExpressionBuilder<DB & { lead: DB['persons']; owner: DB['users'] }, 'cases' | 'lead' | 'owner'>) {
  return [
    'cases.id',
    'cases.reference',
    'cases.summary',
    'cases.summary_sealed',
    'cases.status',
    'cases.person_id',
    sql<string>`lead.given_name || ' ' || lead.family_name`.as('lead_name'),
    'cases.owner_user_id',
    'owner.display_name as owner_name',
    'cases.sensitive',
    'cases.special_categories',
    'cases.article9_condition',
    'cases.opened_at',
    'cases.updated_at',
    'cases.due_on',
    topicsOf(eb as unknown as ExpressionBuilder<DB, 'cases'>).as('topics'),
  ] as const;
}

export function findCase(tx: OfficeTx, officeId: string, viewer: CaseViewer, caseId: string) {
  return visibleCases(tx, officeId, viewer)
    .select((eb) => [
      ...summaryColumns(eb),
      'cases.outcome',
      'cases.outcome_note_sealed',
      'cases.closed_at',
      'cases.article9_recorded_at',
      'cases.article9_recorded_by',
      (eb2) =>
        eb2
          .selectFrom('users')
          .select('display_name')
          .whereRef('users.office_id', '=', 'cases.office_id')
          .whereRef('users.id', '=', 'cases.article9_recorded_by')
          .as('article9_recorded_by_name'),
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** The case's reference, lead constituent and flags if `viewer` may see it. */
export function visibleCase(tx: OfficeTx, officeId: string, viewer: CaseViewer, caseId: string) {
  return tx
    .selectFrom('cases')
    .select(['id', 'reference', 'person_id', 'special_categories'])
    .where('office_id', '=', officeId)
    .where('id', '=', caseId)
    .where(caseVisibleTo(viewer))
    .executeTakeFirst();
}

/** The special category flags of these cases, whoever may see them. */
export function specialCategoriesOf(tx: OfficeTx, officeId: string, caseIds: readonly string[]) {
  return tx.selectFrom('cases').select(['id', 'special_categories']).where('office_id', '=', officeId).where('id', 'in', caseIds).execute();
}

/** Need-to-know for people as a where clause on `persons`: on no case yet, or on one the viewer may see. */
export function personSeenBy(viewer: CaseViewer) {
  return (eb: ExpressionBuilder<DB, 'persons'>) => {
    const casesOf = eb.selectFrom('case_constituents as pc').whereRef('pc.office_id', '=', 'persons.office_id').whereRef('pc.person_id', '=', 'persons.id');
    return eb.or([
      eb.not(eb.exists(casesOf.select('pc.case_id'))),
      eb.exists(
        casesOf
          .innerJoin('cases', (j) => j.onRef('cases.office_id', '=', 'pc.office_id').onRef('cases.id', '=', 'pc.case_id'))
          .select('cases.id')
          .where(caseVisibleTo(viewer)),
      ),
    ]);
  };
}

/** Those of `personIds` (people who exist) the viewer may see, by the rule of `personSeenBy`, read from the cases alone. */
export async function peopleSeenAmong(tx: OfficeTx, officeId: string, viewer: CaseViewer, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const onCases = tx.selectFrom('case_constituents as pc').select('pc.person_id').distinct().where('pc.office_id', '=', officeId).where('pc.person_id', 'in', personIds);
  const [onAny, onVisible] = await Promise.all([
    onCases.execute(),
    onCases
      .innerJoin('cases', (j) => j.onRef('cases.office_id', '=', 'pc.office_id').onRef('cases.id', '=', 'pc.case_id'))
      .where(caseVisibleTo(viewer))
      .execute(),
  ]);
  const hidden = new Set(onAny.map((r) => r.person_id));
  for (const r of onVisible) hidden.delete(r.person_id);
  return new Set(personIds.filter((id) => !hidden.has(id)));
}

export function findReference(tx: OfficeTx, officeId: string, caseId: string) {
  return tx.selectFrom('cases').select('reference').where('office_id', '=', officeId).where('id', '=', caseId).executeTakeFirst();
}

/** An agency on the case, with the reference it gave the case. */
export function findCaseAgency(tx: OfficeTx, officeId: string, caseId: string, organisationId: string) {
  return tx
    .selectFrom('case_agencies as ca')
    .innerJoin('organisations as o', (j) => j.onRef('o.office_id', '=', 'ca.office_id').onRef('o.id', '=', 'ca.organisation_id'))
    .select(['o.id', 'o.name', 'o.contact_address', 'ca.agency_reference'])
    .where('ca.office_id', '=', officeId)
    .where('ca.case_id', '=', caseId)
    .where('ca.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export function findByReference(tx: OfficeTx, officeId: string, reference: string) {
  return tx.selectFrom('cases').select(['id', 'status']).where('office_id', '=', officeId).where('reference', '=', reference).executeTakeFirst();
}

/**
 * The case row for a change, locked until the transaction ends; undefined if `viewer` may not see
 * it. `null` is Postbag itself (filing an incoming message by its thread).
 */
export async function lockCase(tx: OfficeTx, officeId: string, viewer: CaseViewer | null, caseId: string) {
  return tx
    .selectFrom('cases')
    .selectAll()
    .where('cases.office_id', '=', officeId)
    .where('cases.id', '=', caseId)
    .$if(viewer !== null, (q) => q.where(caseVisibleTo(viewer!)))
    .forUpdate()
    .executeTakeFirst();
}
export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

/** Those of these cases `viewer` may see, locked until the transaction ends (in id order, so two reassignments cannot deadlock). */
export function lockCases(tx: OfficeTx, officeId: string, viewer: CaseViewer, caseIds: readonly string[]) {
  return tx
    .selectFrom('cases')
    .select(['id', 'reference', 'status', 'owner_user_id'])
    .where('cases.office_id', '=', officeId)
    .where('cases.id', 'in', caseIds)
    .where(caseVisibleTo(viewer))
    .orderBy('cases.id')
    .forUpdate()
    .execute();
}

export async function setOwner(tx: OfficeTx, officeId: string, caseIds: readonly string[], ownerId: string): Promise<void> {
  if (caseIds.length) await tx.updateTable('cases').set({ owner_user_id: ownerId, updated_at: new Date() }).where('office_id', '=', officeId).where('id', 'in', caseIds).execute();
}

/** At most this many are counted for a list's total: beyond it the page says "more than". */
export const COUNT_CAP = 1000;

export async function listCases(tx: OfficeTx, officeId: string, viewer: CaseViewer, query: CaseListQuery, today: string) {
  let filtered = visibleCases(tx, officeId, viewer);
  if (query.status === 'active') filtered = filtered.where('cases.status', '<>', 'closed');
  else if (query.status) filtered = filtered.where('cases.status', '=', query.status);
  if (query.owner === 'me') filtered = filtered.where('cases.owner_user_id', '=', viewer.userId);
  else if (query.owner === 'none') filtered = filtered.where('cases.owner_user_id', 'is', null);
  else if (query.owner) filtered = filtered.where('cases.owner_user_id', '=', query.owner);
  if (query.topicId) {
    const topicId = query.topicId;
    filtered = filtered.where('cases.id', 'in', (eb) => eb.selectFrom('case_topics').select('case_id').where('office_id', '=', officeId).where('topic_id', '=', topicId));
  }
  if (query.personId) {
    const personId = query.personId;
    filtered = filtered.where('cases.id', 'in', (eb) => eb.selectFrom('case_constituents').select('case_id').where('office_id', '=', officeId).where('person_id', '=', personId));
  }
  if (query.overdue === true) filtered = filtered.where('cases.status', '<>', 'closed').where('cases.due_on', '<', today);
  if (query.overdue === false) filtered = filtered.where((eb) => eb.or([eb('cases.status', '=', 'closed'), eb('cases.due_on', 'is', null), eb('cases.due_on', '>=', today)]));

  const capped = filtered.select('cases.id').limit(COUNT_CAP + 1).as('capped');
  // The total comes with the page, a sub-select the server runs once: one round trip, not two.
  const rows = await sorted(filtered.select(summaryColumns), query)
    .select((eb) => eb.selectFrom(capped).select(eb.fn.countAll<string>().as('n')).as('listed'))
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  if (rows[0]) return { rows, total: Number(rows[0].listed) };
  // An empty page past the end of the list: the count alone.
  if (query.offset === 0) return { rows, total: 0 };
  const counted = await tx.selectFrom(capped).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(counted.n) };
}
export type CaseSummaryRow = Omit<Awaited<ReturnType<typeof listCases>>['rows'][number], 'listed'>;

/**
 * The list's order, written to match the indexes: (office, opened_at DESC, id) and (office,
 * updated_at DESC, id) serve both directions of their sort, so a page reads 25 index entries
 * rather than sorting every visible case. Other sorts break ties by most recently opened.
 */
function sorted<Q extends SelectQueryBuilder<DB & { lead: DB['persons']; owner: DB['users'] }, 'cases' | 'lead' | 'owner', object>>(query: Q, list: CaseListQuery): Q {
  const dir = list.order;
  const reverse = dir === 'asc' ? 'desc' : 'asc';
  switch (list.sort) {
    case 'opened':
      return query.orderBy('cases.opened_at', dir).orderBy('cases.id', reverse) as Q;
    case 'updated':
      return query.orderBy('cases.updated_at', dir).orderBy('cases.id', reverse) as Q;
    case 'due':
      // A case with no due date comes last either way.
      return query.orderBy('cases.due_on', (ob) => (dir === 'asc' ? ob.asc() : ob.desc().nullsLast())).orderBy('cases.opened_at', 'desc').orderBy('cases.id') as Q;
    case 'reference':
      return query.orderBy('cases.reference', dir) as Q;
    case 'status':
      return query.orderBy('cases.status', dir).orderBy('cases.opened_at', 'desc').orderBy('cases.id') as Q;
  }
}

/** The next case reference of the office (PB-000001, ...), from a counter row locked by the update. */
export async function nextReference(tx: OfficeTx, officeId: string): Promise<string> {
  const row = await tx
    .insertInto('office_counters')
    .values({ office_id: officeId, name: 'case_reference', value: 1 })
    .onConflict((oc) => oc.columns(['office_id', 'name']).doUpdateSet({ value: sql`office_counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `PB-${String(row.value).padStart(6, '0')}`;
}

export async function insertCase(tx: OfficeTx, values: Insertable<CasesTable> & { id: string }): Promise<void> {
  await tx.insertInto('cases').values(values).execute();
}

export async function updateCase(tx: OfficeTx, officeId: string, caseId: string, values: Updateable<CasesTable>): Promise<void> {
  await tx
    .updateTable('cases')
    .set({ ...values, updated_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', caseId)
    .execute();
}

/** The constituents, topics, agencies, shared users and sharing consents of one case. */
export async function caseParts(tx: OfficeTx, officeId: string, caseId: string) {
  const [constituents, agencies, sharedWith, consents] = await Promise.all([
    tx
      .selectFrom('case_constituents as cc')
      .innerJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'cc.office_id').onRef('p.id', '=', 'cc.person_id'))
      .select(['p.id', sql<string>`p.given_name || ' ' || p.family_name`.as('name')])
      .where('cc.office_id', '=', officeId)
      .where('cc.case_id', '=', caseId)
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .execute(),
    tx
      .selectFrom('case_agencies as ca')
      .innerJoin('organisations as o', (j) => j.onRef('o.office_id', '=', 'ca.office_id').onRef('o.id', '=', 'ca.organisation_id'))
      .select(['o.id', 'o.name', 'o.kind', 'ca.agency_reference'])
      .where('ca.office_id', '=', officeId)
      .where('ca.case_id', '=', caseId)
      .orderBy('o.name')
      .execute(),
    tx
      .selectFrom('case_access as a')
      .innerJoin('users as u', (j) => j.onRef('u.office_id', '=', 'a.office_id').onRef('u.id', '=', 'a.user_id'))
      .select(['u.id', 'u.display_name as name'])
      .where('a.office_id', '=', officeId)
      .where('a.case_id', '=', caseId)
      .orderBy('u.display_name')
      .execute(),
    tx
      .selectFrom('case_sharing_consents as c')
      .innerJoin('users as u', (j) => j.onRef('u.office_id', '=', 'c.office_id').onRef('u.id', '=', 'c.recorded_by'))
      .select(['c.id', 'c.person_id', 'c.organisation_id', 'c.agreed', 'c.method', 'c.given_at', 'c.recorded_at', 'u.display_name as recorded_by_name'])
      .where('c.office_id', '=', officeId)
      .where('c.case_id', '=', caseId)
      .orderBy('c.recorded_at', 'desc')
      .orderBy('c.id', 'desc')
      .execute(),
  ]);
  return { constituents, agencies, sharedWith, consents };
}

/** Every case id of the office: the key store's legacy keys are sorted by them (key-store migration 0002). */
export async function caseIds(tx: OfficeTx, officeId: string): Promise<string[]> {
  return (await tx.selectFrom('cases').select('id').where('office_id', '=', officeId).execute()).map((r) => r.id);
}

/** The cases a person is a constituent on, each with how many constituents it has. */
export function casesOfConstituent(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('case_constituents as mine')
    .innerJoin('case_constituents as all', (j) => j.onRef('all.office_id', '=', 'mine.office_id').onRef('all.case_id', '=', 'mine.case_id'))
    .select(['mine.case_id', (eb) => eb.fn.countAll<string>().as('constituents')])
    .where('mine.office_id', '=', officeId)
    .where('mine.person_id', '=', personId)
    .groupBy('mine.case_id')
    .execute();
}

/** Deletes whole cases: their links, timeline, search terms and sharing go with them (ON DELETE CASCADE). */
export async function deleteCases(tx: OfficeTx, officeId: string, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length) await tx.deleteFrom('cases').where('office_id', '=', officeId).where('id', 'in', caseIds).execute();
}

/** Takes a person off the cases others stay on: their link and consents go, and the case names another constituent first. */
export async function removeConstituent(tx: OfficeTx, officeId: string, personId: string, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await tx.deleteFrom('case_sharing_consents').where('office_id', '=', officeId).where('person_id', '=', personId).where('case_id', 'in', caseIds).execute();
  await tx.deleteFrom('case_constituents').where('office_id', '=', officeId).where('person_id', '=', personId).where('case_id', 'in', caseIds).execute();
  await tx
    .updateTable('cases')
    .set((eb) => ({
      person_id: eb
        .selectFrom('case_constituents as cc')
        .select('cc.person_id')
        .whereRef('cc.office_id', '=', 'cases.office_id')
        .whereRef('cc.case_id', '=', 'cases.id')
        .orderBy('cc.person_id')
        .limit(1),
    }))
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .where('id', 'in', caseIds)
    .execute();
}

/** Timeline entries of these messages (their subject is sealed under the case's key, which stays). */
export async function deleteMessageEvents(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length) await tx.deleteFrom('case_events').where('office_id', '=', officeId).where('message_id', 'in', messageIds).execute();
}
