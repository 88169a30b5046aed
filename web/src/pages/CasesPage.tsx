import { api } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Pagination } from '../components/Pagination.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDate } from '../format.js';
import { intParam, withParams } from '../router.js';
import { useApiData } from '../useApiData.js';

const PAGE_SIZE = 50;

const statusTone = {
  new: 'active',
  open: 'active',
  awaiting_agency: 'waiting',
  awaiting_constituent: 'waiting',
  closed: 'done',
} as const;

function toneOf(status: string) {
  return (statusTone as Record<string, (typeof statusTone)[keyof typeof statusTone] | undefined>)[status] ?? 'neutral';
}

export function CasesPage({ search }: { search: string }) {
  const page = intParam(search, 'page', 1);
  const offset = (page - 1) * PAGE_SIZE;
  const result = useApiData(`cases:${page}`, (signal) => api.cases({ limit: PAGE_SIZE, offset }, signal));
  const hrefFor = (to: number) => withParams('/cases', { page: to === 1 ? null : to });

  return (
    <Page title="Cases" lead="The office’s casework. Sensitive cases are shown only to the people allowed to see them.">
      {result.state === 'failed' && <ErrorAlert error={result.error} title="Cases could not be loaded." />}
      <p className="visually-hidden" role="status">
        {result.state === 'loading' ? 'Loading cases…' : ''}
      </p>
      {result.data === null ? (
        result.state === 'loading' && <p className="muted">Loading cases…</p>
      ) : result.data.cases.length === 0 ? (
        page > 1 && result.data.total > 0 ? (
          <p>
            There is no page {page}. <Link href={hrefFor(1)}>Go to the first page of cases</Link>.
          </p>
        ) : (
          <p>There are no cases yet.</p>
        )
      ) : (
        <>
          <DataTable caption="Cases" busy={result.state === 'loading'}>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Summary</th>
                <th scope="col">Status</th>
                <th scope="col">Owner</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {result.data.cases.map((item) => (
                <tr key={item.id}>
                  <td className="nowrap">
                    <span className="mono">{item.reference}</span>
                    {item.sensitive && <span className="badge badge-sensitive">Sensitive</span>}
                  </td>
                  <td className="wide">{item.summary}</td>
                  <td>
                    <StatusBadge status={item.status} tone={toneOf(item.status)} />
                  </td>
                  <td className="nowrap">{item.ownerName ?? <span className="muted">Unassigned</span>}</td>
                  <td className="nowrap">
                    <time dateTime={item.openedAt}>{formatDate(item.openedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination noun="cases" page={page} pageSize={PAGE_SIZE} total={result.data.total} hrefFor={hrefFor} />
        </>
      )}
    </Page>
  );
}
