import { intParam, withParams } from './router.js';

/** The case list's filters, order and page, as kept in its address so that Back and links work. */
export interface CaseListView {
  /** A status, 'active' (not closed: the default, the work in hand) or '' for any status. */
  status: string;
  owner: string;
  topic: string;
  overdue: boolean;
  sort: SortColumn;
  order: 'asc' | 'desc';
  page: number;
}

export const sortColumns = ['reference', 'status', 'due', 'opened', 'updated'] as const;
export type SortColumn = (typeof sortColumns)[number];

/** The way a column sorts first: newest first for dates of record, soonest first for due dates. */
const firstOrder: Record<SortColumn, 'asc' | 'desc'> = { reference: 'asc', status: 'asc', due: 'asc', opened: 'desc', updated: 'desc' };
const DEFAULT_SORT: SortColumn = 'opened';
const DEFAULT_STATUS = 'active';
/** How the address says "any status", since no status in it means the default. */
const ANY_STATUS = 'any';

function statusFrom(raw: string | null): string {
  if (raw === null) return DEFAULT_STATUS;
  return raw === ANY_STATUS ? '' : raw;
}

export function readCaseListView(search: string): CaseListView {
  const params = new URLSearchParams(search);
  const rawSort = params.get('sort');
  const sort = sortColumns.find((column) => column === rawSort) ?? DEFAULT_SORT;
  const rawOrder = params.get('order');
  return {
    status: statusFrom(params.get('status')),
    owner: params.get('owner') ?? '',
    topic: params.get('topic') ?? '',
    overdue: params.get('overdue') === 'true',
    sort,
    order: rawOrder === 'asc' || rawOrder === 'desc' ? rawOrder : firstOrder[sort],
    page: intParam(search, 'page', 1),
  };
}

/** The address of the list with `changes`; a change of filter or order goes back to page 1. Defaults are left out. */
export function caseListHref(view: CaseListView, changes: Partial<CaseListView>): string {
  const next = { ...view, page: 1, ...changes };
  return withParams('/cases', {
    status: next.status === DEFAULT_STATUS ? null : next.status === '' ? ANY_STATUS : next.status,
    owner: next.owner,
    topic: next.topic,
    overdue: next.overdue ? 'true' : null,
    sort: next.sort === DEFAULT_SORT && next.order === firstOrder[DEFAULT_SORT] ? null : next.sort,
    order: next.order === firstOrder[next.sort] ? null : next.order,
    page: next.page === 1 ? null : next.page,
  });
}

/** Sorting by a column: the other way round if the list is already sorted by it. */
export function sortHref(view: CaseListView, column: SortColumn): string {
  const order = view.sort === column ? (view.order === 'asc' ? 'desc' : 'asc') : firstOrder[column];
  return caseListHref(view, { sort: column, order });
}

export function hasFilters(view: CaseListView): boolean {
  return view.status !== DEFAULT_STATUS || view.owner !== '' || view.topic !== '' || view.overdue;
}
