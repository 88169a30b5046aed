import { api } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { CaseRow, caseColumns } from '../CaseRow.js';
import { DataTable } from '../DataTable.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';

const LIMIT = 50;

/** The cases this person is a constituent on (those the user may see), newest first. */
export function PersonCases({ personId, name }: { personId: string; name: string }) {
  const result = useApiData(`person-cases:${personId}`, (signal) => api.cases({ limit: LIMIT, offset: 0, personId }, signal));
  const data = result.data;
  if (result.state === 'failed') return <ErrorAlert error={result.error} title="Their cases could not be loaded." />;
  if (data === null) return <p className="muted">Loading cases…</p>;
  if (data.cases.length === 0) return <p className="muted">No cases that you can see.</p>;
  return (
    <>
      <DataTable caption={`Cases of ${name}`} busy={result.state === 'loading'}>
        <thead>
          <tr>
            {caseColumns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.cases.map((item) => (
            <CaseRow key={item.id} item={item} />
          ))}
        </tbody>
      </DataTable>
      {data.total > data.cases.length && (
        <p className="muted">
          Showing the newest {data.cases.length} of {data.total}. <Link href="/cases">Go to the case list</Link> to see more.
        </p>
      )}
    </>
  );
}
