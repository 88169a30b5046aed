import { api } from '../api.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { StatusBadge, toneFor } from '../components/StatusBadge.js';
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

export function CasesPage({ search }: { search: string }) {
  const page = intParam(search, 'page', 1);
  const offset = (page - 1) * PAGE_SIZE;
  const result = useApiData(`cases:${page}`, (signal) => api.cases({ limit: PAGE_SIZE, offset }, signal));
  const hrefFor = (to: number) => withParams('/cases', { page: to === 1 ? null : to });

  return (
    <Page title="Cases" lead="The office’s casework. Sensitive cases are shown only to the people allowed to see them.">
      <PagedTable
        result={result}
        items={(data) => data.cases}
        noun="cases"
        page={page}
        pageSize={PAGE_SIZE}
        hrefFor={hrefFor}
        empty="There are no cases yet."
        head={
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Summary</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Opened</th>
          </tr>
        }
        row={(item) => (
          <tr key={item.id}>
            <td className="nowrap">
              <span className="mono">{item.reference}</span>
              {item.sensitive && <span className="badge badge-sensitive">Sensitive</span>}
            </td>
            <td className="wide">{item.summary}</td>
            <td>
              <StatusBadge status={item.status} tone={toneFor(statusTone, item.status)} />
            </td>
            <td className="nowrap">{item.owner?.name ?? <span className="muted">Unassigned</span>}</td>
            <td className="nowrap">
              <time dateTime={item.openedAt}>{formatDate(item.openedAt)}</time>
            </td>
          </tr>
        )}
      />
    </Page>
  );
}
