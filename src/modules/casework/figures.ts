import type { OfficeTx } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { addDays, ukToday, weekStarting } from '../../platform/calendar/today.js';
import * as repo from './figures-repo.js';
import { caseViewer } from './viewer.js';

/** Casework's part of the home dashboard: counts over the cases the user may see, in the caller's transaction. */

type FigureLimits = repo.FigureLimits;
export const ageBands = ['week', 'month', 'quarter', 'year', 'older'] as const;
export const dueBands = ['overdue', 'week', 'later', 'none'] as const;

/** How many weeks the weekly figures and the time to close cover, this one included. */
const FIGURE_WEEKS = 12;

function limitsAt(now: Date): FigureLimits {
  const today = ukToday(now);
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const thisWeek = weekStarting(today);
  return {
    today,
    weekAhead: addDays(today, 7),
    openedAfter: { week: ago(7), month: ago(28), quarter: ago(91), year: ago(365) },
    weeks: Array.from({ length: FIGURE_WEEKS }, (_, i) => addDays(thisWeek, 7 * (i + 1 - FIGURE_WEEKS))),
  };
}

type DueRow = Record<`due_${(typeof dueBands)[number]}`, string>;
const byDue = (row: DueRow) => dueBands.map((band) => ({ band, count: Number(row[`due_${band}`]) }));

const bandsOf = (row: repo.OpenCaseRow) => ({ total: Number(row.total), byAge: ageBands.map((band) => ({ band, count: Number(row[`age_${band}`]) })), byDue: byDue(row) });
const totalOf = (rows: readonly repo.OpenCaseRow[]) => rows.find((r) => r.is_total)!;

/** A caseworker's own: the open cases they own, and their open tasks. */
export async function myCaseFigures(tx: OfficeTx, user: SignedInUser, now: Date) {
  const limits = limitsAt(now);
  const viewer = await caseViewer(tx, user);
  const tasks = await repo.openTaskBands(tx, user.officeId, viewer, limits);
  const open = await repo.openCaseBands(tx, user.officeId, viewer, limits, user.userId);
  return { openCases: bandsOf(totalOf(open)), tasks: { total: Number(tasks.total), byDue: byDue(tasks) } };
}

/** The whole office as the user may see it: open cases, by owner and by topic, opened and closed each week, time to close by topic. */
export async function officeCaseFigures(tx: OfficeTx, user: SignedInUser, now: Date) {
  const limits = limitsAt(now);
  const viewer = await caseViewer(tx, user);
  const since = limits.weeks[0]!;
  const open = await repo.openCaseBands(tx, user.officeId, viewer, limits);
  const byTopic = await repo.openCasesByTopic(tx, user.officeId, viewer, limits);
  const perWeek = await repo.casesPerWeek(tx, user.officeId, viewer, since);
  const closing = await repo.timeToClose(tx, user.officeId, viewer, since);
  const countOf = (what: 'opened' | 'closed', week: string) => Number(perWeek.find((r) => r.what === what && r.week === week)?.n ?? 0);
  const median = (days: number | null) => (days === null ? null : Math.round(days * 10) / 10);
  const overall = closing.find((r) => r.topic_id === null);
  return {
    openCases: bandsOf(totalOf(open)),
    byOwner: open
      .filter((r) => !r.is_total)
      .map((r) => ({ userId: r.owner_user_id, name: r.owner_name, open: Number(r.total), overdue: Number(r.due_overdue) }))
      // Named owners by name, then the cases no one owns yet.
      .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name))),
    openByTopic: byTopic
      .map((r) => ({ topicId: r.topic_id, name: r.topic_name, open: Number(r.open), overdue: Number(r.overdue) }))
      // Most open first; the cases with no topic last.
      .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : b.open - a.open || a.name.localeCompare(b.name))),
    weeks: limits.weeks.map((weekStarting) => ({ weekStarting, opened: countOf('opened', weekStarting), closed: countOf('closed', weekStarting) })),
    closing: {
      closed: Number(overall?.closed ?? 0),
      medianDays: median(overall?.median_days ?? null),
      byTopic: closing
        .filter((r) => r.topic_id !== null)
        .map((r) => ({ topicId: r.topic_id!, name: r.topic_name!, closed: Number(r.closed), medianDays: median(r.median_days) }))
        .sort((a, b) => b.closed - a.closed || a.name.localeCompare(b.name)),
    },
  };
}
