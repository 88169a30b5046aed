import { useState } from 'react';
import { api, type Me } from '../api.js';
import { caseListHref, hasFilters, readCaseListView, sortHref, type SortColumn } from '../caseListAddress.js';
import { CaseFilters } from '../components/CaseFilters.js';
import { CaseRow } from '../components/CaseRow.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { ReassignCases } from '../components/ReassignCases.js';
import { SortableHeader } from '../components/SortableHeader.js';
import { useApiData } from '../useApiData.js';

const PAGE_SIZE = 20;

export function CasesPage({ search, me }: { search: string; me: Me }) {
  const view = readCaseListView(search);
  const offset = (view.page - 1) * PAGE_SIZE;
  const canReassign = me.permissions.includes('cases:assign');
  // Bumped after a reassignment, so the list is loaded again.
  const [version, setVersion] = useState(0);
  // Ticks belong to the page of the list they were made on: another address starts with none.
  const [ticked, setTicked] = useState<{ search: string; ids: readonly string[] }>({ search, ids: [] });
  const tickedIds = ticked.search === search ? ticked.ids : [];
  const [notice, setNotice] = useState('');
  const result = useApiData(`cases:${search}:${version}`, (signal) =>
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

  const pageCases = result.data?.cases ?? [];
  const selected = pageCases.filter((item) => tickedIds.includes(item.id));
  const tick = (ids: readonly string[]) => setTicked({ search, ids });
  const allTicked = pageCases.length > 0 && selected.length === pageCases.length;

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
      {/* Always in the page, so that what goes into it is announced. */}
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {canReassign && (
        <ReassignCases
          selected={selected}
          staff={staff.data?.staff ?? []}
          onReassigned={(message) => {
            setNotice(message);
            tick([]);
            setVersion((n) => n + 1);
          }}
        />
      )}
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
            {canReassign && (
              <th scope="col" className="select-cell">
                <input type="checkbox" aria-label="Select every case on this page" checked={allTicked} onChange={(event) => tick(event.target.checked ? pageCases.map((item) => item.id) : [])} />
              </th>
            )}
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
        row={(item) => (
          <CaseRow
            key={item.id}
            item={item}
            selection={
              canReassign
                ? { checked: tickedIds.includes(item.id), onChange: (checked) => tick(checked ? [...tickedIds, item.id] : tickedIds.filter((id) => id !== item.id)) }
                : undefined
            }
          />
        )}
      />
    </Page>
  );
}
