import { api } from '../api.js';
import { humanise } from '../capabilities.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Pagination } from '../components/Pagination.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDateTime } from '../format.js';
import { intParam, navigate, withParams } from '../router.js';
import { useApiData } from '../useApiData.js';

const PAGE_SIZE = 50;

/** The statuses a job can have (the jobs table's CHECK constraint), with how each looks. */
const jobStatuses = {
  queued: 'waiting',
  running: 'active',
  succeeded: 'done',
  failed: 'problem',
  cancelled: 'neutral',
} as const;

function toneOf(status: string) {
  return (jobStatuses as Record<string, (typeof jobStatuses)[keyof typeof jobStatuses] | undefined>)[status] ?? 'neutral';
}

export function JobsPage({ search }: { search: string }) {
  const page = intParam(search, 'page', 1);
  const status = new URLSearchParams(search).get('status') ?? '';
  const offset = (page - 1) * PAGE_SIZE;
  const result = useApiData(`jobs:${status}:${page}`, (signal) => api.jobs({ status, limit: PAGE_SIZE, offset }, signal));
  const hrefFor = (to: number) => withParams('/jobs', { status, page: to === 1 ? null : to });
  const statusOptions = status && !(status in jobStatuses) ? [...Object.keys(jobStatuses), status] : Object.keys(jobStatuses);

  const filter = (
    <div className="field field-inline">
      <label htmlFor="job-status">Status</label>
      <select
        id="job-status"
        className="select"
        value={status}
        onChange={(event) => navigate(withParams('/jobs', { status: event.target.value }))}
      >
        <option value="">All statuses</option>
        {statusOptions.map((value) => (
          <option key={value} value={value}>
            {humanise(value)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Page title="Jobs" lead="Work Postbag does in the background, such as imports, sends and retention sweeps." actions={filter}>
      {result.state === 'failed' && <ErrorAlert error={result.error} title="Jobs could not be loaded." />}
      <p className="visually-hidden" role="status">
        {result.state === 'loading' ? 'Loading jobs…' : ''}
      </p>
      {result.data === null ? (
        result.state === 'loading' && <p className="muted">Loading jobs…</p>
      ) : result.data.jobs.length === 0 ? (
        page > 1 && result.data.total > 0 ? (
          <p>
            There is no page {page}. <Link href={hrefFor(1)}>Go to the first page of jobs</Link>.
          </p>
        ) : (
          <p>{status ? `There are no ${humanise(status).toLowerCase()} jobs.` : 'There are no jobs yet.'}</p>
        )
      ) : (
        <>
          <DataTable caption={status ? `${humanise(status)} jobs` : 'Jobs'} busy={result.state === 'loading'}>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Run at</th>
                <th scope="col">Created</th>
                <th scope="col">Finished</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {result.data.jobs.map((job) => (
                <tr key={job.id}>
                  <td className="mono">{job.kind}</td>
                  <td>
                    <StatusBadge status={job.status} tone={toneOf(job.status)} />
                  </td>
                  <td className="nowrap">
                    {job.attempts} of {job.maxAttempts}
                  </td>
                  <td className="nowrap">{formatDateTime(job.runAt)}</td>
                  <td className="nowrap">{formatDateTime(job.createdAt)}</td>
                  <td className="nowrap">{formatDateTime(job.finishedAt)}</td>
                  <td className="wide">
                    {job.lastError ? (
                      <details>
                        <summary>Show error</summary>
                        <pre className="error-text">{job.lastError}</pre>
                      </details>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination noun="jobs" page={page} pageSize={PAGE_SIZE} total={result.data.total} hrefFor={hrefFor} />
        </>
      )}
    </Page>
  );
}
