import { api, type Me } from '../api.js';
import { caseListHref, hasFilters, readCaseListView, sortHref, type SortColumn } from '../caseListAddress.js';
import { CaseFilters } from '../components/CaseFilters.js';
import { CaseRow } from '../components/CaseRow.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { SortableHeader } from '../components/SortableHeader.js';
import { useApiData } from '../useApiData.js';

const PAGE_SIZE = 20;

export function CasesPage({ search, me }: { search: string; me: Me }) {
  const view = readCaseListView(search);
  const offset = (view.page - 1) * PAGE_SIZE;
  const result = useApiData(`cases:${search}`, (signal) =>
    api.cases(
      {
        limit: PAGE_SIZE,
        offset,
        status: view.status || undefined,
        owner: view.owner || undefined,
        topicId: view.topic || undefined,
        overdue: view.overdue ? 'true' : undefined,
        sort: view.sort,
        order: view.order,
      },
      signal,
    ),
  );
  const staff = useApiData('staff', (signal) => api.staff(signal));
  const topics = useApiData('topics', (signal) => api.topics(signal));

  const sortable = (label: string, column: SortColumn) => (
    <SortableHeader label={label} sorted={view.sort === column ? view.order : null} href={sortHref(view, column)} />
  );
  const actions = me.permissions.includes('cases:write') && (
    <Link href="/cases/new" className="button">
      Open a case
    </Link>
  );

  return (
    <Page title="Cases" lead="The office’s casework. Sensitive cases are shown only to the people allowed to see them." actions={actions}>
      <CaseFilters view={view} myId={me.user.id} staff={staff.data?.staff ?? []} topics={topics.data?.topics ?? []} />
      <PagedTable
        result={result}
        items={(data) => data.cases}
        noun="cases"
        page={view.page}
        pageSize={PAGE_SIZE}
        hrefFor={(page) => caseListHref(view, { page })}
        empty={
          hasFilters(view) ? (
            <>
              No cases match these filters. <Link href={caseListHref(view, { status: 'active', owner: '', topic: '', overdue: false })}>Show all open cases</Link>
            </>
          ) : (
            <>
              No case is open. <Link href={caseListHref(view, { status: '' })}>Show closed cases too</Link>
            </>
          )
        }
        head={
          <tr>
            {sortable('Reference', 'reference')}
            <th scope="col">Summary</th>
            <th scope="col">Lead constituent</th>
            <th scope="col">Topics</th>
            {sortable('Status', 'status')}
            <th scope="col">Owner</th>
            {sortable('Due', 'due')}
            {sortable('Opened', 'opened')}
            {sortable('Updated', 'updated')}
          </tr>
        }
        row={(item) => <CaseRow key={item.id} item={item} />}
      />
    </Page>
  );
}
