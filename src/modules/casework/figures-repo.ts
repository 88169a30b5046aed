import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import type { CaseViewer } from '../../platform/access/access.js';
import { caseVisibleTo } from './repo.js';

/**
 * The home dashboard's case figures. Each is one aggregate statement over the cases the viewer
 * may see (`caseVisibleTo`), so a count never includes a case its reader could not open.
 */

/** The limits the figures are counted against, worked out once per request (UK dates, instants). */
export interface FigureLimits {
  today: string;
  /** Today plus seven days: due before it is "due within a week". */
  weekAhead: string;
  /** Opened after these instants: under a week, 4 weeks, 13 weeks and a year old. */
  openedAfter: { week: Date; month: Date; quarter: Date; year: Date };
  /** The Mondays (UK dates) that start the weeks of the weekly figures, oldest first. */
  weeks: readonly string[];
}

/** A UK date's midnight in London, as the instant the timestamps are compared with. */
const londonMidnight = (date: string) => sql<Date>`(${date}::date)::timestamp AT TIME ZONE 'Europe/London'`;

/** By due date (a case's or a task's): overdue, due within a week, later, none. */
const dueBands = (column: 'cases.due_on' | 'e.due_on', limits: FigureLimits) => {
  const due = sql.ref(column);
  return [
    sql<string>`count(*) FILTER (WHERE ${due} < ${limits.today})`.as('due_overdue'),
    sql<string>`count(*) FILTER (WHERE ${due} >= ${limits.today} AND ${due} < ${limits.weekAhead})`.as('due_week'),
    sql<string>`count(*) FILTER (WHERE ${due} >= ${limits.weekAhead})`.as('due_later'),
    sql<string>`count(*) FILTER (WHERE ${due} IS NULL)`.as('due_none'),
  ];
};

/**
 * Open cases (not closed) by age and by due date, for each owner (a null owner: no one yet) and,
 * in the row whose `is_total` is set, for all; only the owner's when `ownerId` is given. One pass
 * over the open cases' index, in owner order (so the grouping needs no sort); names are joined
 * to the few grouped rows, not to every case.
 */
export function openCaseBands(tx: OfficeTx, officeId: string, viewer: CaseViewer, limits: FigureLimits, ownerId?: string) {
  const opened = 'cases.opened_at';
  const { week, month, quarter, year } = limits.openedAfter;
  const grouped = tx
    .selectFrom('cases')
    .select((eb) => [
      'cases.owner_user_id',
      sql<boolean>`grouping(cases.owner_user_id) = 1`.as('is_total'),
      eb.fn.countAll<string>().as('total'),
      eb.fn.countAll<string>().filterWhere(opened, '>', week).as('age_week'),
      eb.fn.countAll<string>().filterWhere(opened, '<=', week).filterWhere(opened, '>', month).as('age_month'),
      eb.fn.countAll<string>().filterWhere(opened, '<=', month).filterWhere(opened, '>', quarter).as('age_quarter'),
      eb.fn.countAll<string>().filterWhere(opened, '<=', quarter).filterWhere(opened, '>', year).as('age_year'),
      eb.fn.countAll<string>().filterWhere(opened, '<=', year).as('age_older'),
      ...dueBands('cases.due_on', limits),
    ])
    .where('cases.office_id', '=', officeId)
    .where('cases.status', '<>', 'closed')
    .$if(ownerId !== undefined, (q) => q.where('cases.owner_user_id', '=', ownerId!))
    .where(caseVisibleTo(viewer))
    .groupBy(sql`ROLLUP (cases.owner_user_id)`)
    .as('g');
  return tx
    .selectFrom(grouped)
    .leftJoin('users as owner', (j) => j.on('owner.office_id', '=', officeId).onRef('owner.id', '=', 'g.owner_user_id'))
    .selectAll('g')
    .select('owner.display_name as owner_name')
    .execute();
}

/**
 * A case's topic ids, joined laterally so that each case looks its topics up by case_topics' key
 * rather than the planner hashing every case's. A case has at most 20 topics; the limit also keeps
 * the planner from flattening the lateral join.
 */
const topicsOfCase = (eb: ExpressionBuilder<DB, 'cases'>) =>
  eb.selectFrom('case_topics').select('case_topics.topic_id').whereRef('case_topics.office_id', '=', 'cases.office_id').whereRef('case_topics.case_id', '=', 'cases.id').limit(20).as('ct');

/**
 * Open cases by topic (a case with two topics counts under each; a null topic: the cases with
 * none), and how many of them are overdue. Names are joined to the grouped rows.
 */
export function openCasesByTopic(tx: OfficeTx, officeId: string, viewer: CaseViewer, limits: FigureLimits) {
  const grouped = tx
    .selectFrom('cases')
    // A plain join, unlike timeToClose's few closed cases: most of the office's cases are open, and
    // one hash of case_topics costs less than a probe of its key per case (262 ms against 401 ms
    // for 187,500 open cases of 300,000).
    .leftJoin('case_topics as ct', (j) => j.onRef('ct.office_id', '=', 'cases.office_id').onRef('ct.case_id', '=', 'cases.id'))
    .select((eb) => ['ct.topic_id', eb.fn.countAll<string>().as('open'), eb.fn.countAll<string>().filterWhere('cases.due_on', '<', limits.today).as('overdue')])
    .where('cases.office_id', '=', officeId)
    .where('cases.status', '<>', 'closed')
    .where(caseVisibleTo(viewer))
    .groupBy('ct.topic_id')
    .as('g');
  return tx
    .selectFrom(grouped)
    .leftJoin('topics', (j) => j.on('topics.office_id', '=', officeId).onRef('topics.id', '=', 'g.topic_id'))
    .selectAll('g')
    .select('topics.name as topic_name')
    .execute();
}

/** Cases opened and cases closed in each week (starting Monday, UK time) from `since` on. */
export function casesPerWeek(tx: OfficeTx, officeId: string, viewer: CaseViewer, since: string) {
  const start = londonMidnight(since);
  const weekOf = (column: 'cases.opened_at' | 'cases.closed_at') => sql<string>`to_char(date_trunc('week', ${sql.ref(column)} AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD')`;
  const visible = tx.selectFrom('cases').where('cases.office_id', '=', officeId).where(caseVisibleTo(viewer));
  return visible
    .select((eb) => [sql.lit('opened').$castTo<'opened' | 'closed'>().as('what'), weekOf('cases.opened_at').as('week'), eb.fn.countAll<string>().as('n')])
    .where('cases.opened_at', '>=', start)
    .groupBy(sql`2`)
    .unionAll(
      visible
        .select((eb) => [sql.lit('closed').$castTo<'opened' | 'closed'>().as('what'), weekOf('cases.closed_at').as('week'), eb.fn.countAll<string>().as('n')])
        .where('cases.closed_at', '>=', start)
        .groupBy(sql`2`),
    )
    .execute();
}

/**
 * Cases closed from `since` on and the median days from opening to closing: all of them (the row
 * with no topic) and by topic (a case with two topics counts under each).
 */
export function timeToClose(tx: OfficeTx, officeId: string, viewer: CaseViewer, since: string) {
  const days = sql<number>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM cases.closed_at - cases.opened_at) / 86400)`;
  const closed = tx.selectFrom('cases').where('cases.office_id', '=', officeId).where('cases.closed_at', '>=', londonMidnight(since)).where(caseVisibleTo(viewer));
  return closed
    .select((eb) => [sql<string | null>`NULL::uuid`.as('topic_id'), sql<string | null>`NULL::text`.as('topic_name'), eb.fn.countAll<string>().as('closed'), days.as('median_days')])
    .unionAll(
      closed
        .innerJoinLateral(topicsOfCase, (j) => j.onTrue())
        .innerJoin('topics', (j) => j.on('topics.office_id', '=', officeId).onRef('topics.id', '=', 'ct.topic_id'))
        .select((eb) => ['topics.id as topic_id', 'topics.name as topic_name', eb.fn.countAll<string>().as('closed'), days.as('median_days')])
        .groupBy(['topics.id', 'topics.name']),
    )
    .execute();
}

/** The viewer's open tasks on cases they may see, by due date. */
export function openTaskBands(tx: OfficeTx, officeId: string, viewer: CaseViewer, limits: FigureLimits) {
  return tx
    .selectFrom('case_events as e')
    .innerJoin('cases', (j) => j.onRef('cases.office_id', '=', 'e.office_id').onRef('cases.id', '=', 'e.case_id'))
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      ...dueBands('e.due_on', limits),
    ])
    .where('e.office_id', '=', officeId)
    .where('e.kind', '=', 'task')
    .where('e.assignee_user_id', '=', viewer.userId)
    .where('e.done_at', 'is', null)
    .where(caseVisibleTo(viewer))
    .executeTakeFirstOrThrow();
}
export type OpenCaseRow = Awaited<ReturnType<typeof openCaseBands>>[number];
