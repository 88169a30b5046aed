import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type Job } from '../api.js';
import { humanise } from '../capabilities.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { StatusBadge, toneFor } from '../components/StatusBadge.js';
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

type JobAction = 'retry' | 'cancel';

/** What staff may do to a job in this status (the server decides in the end: it answers 409 otherwise). */
function actionFor(status: string): JobAction | null {
  if (status === 'queued') return 'cancel';
  if (status === 'failed' || status === 'cancelled') return 'retry';
  return null;
}

const actionWords = {
  retry: { button: 'Retry', done: 'Retried', notDone: 'could not be retried' },
  cancel: { button: 'Cancel', done: 'Cancelled', notDone: 'could not be cancelled' },
} as const satisfies Record<JobAction, unknown>;

/** Which job, in words: "retention.sweep created 3 Mar 2026, 09:15". */
function describe(job: Job): string {
  return `${job.kind} created ${formatDateTime(job.createdAt)}`;
}

/** What the last action came to, for the page (search) it was taken on. */
type Outcome = { search: string } & ({ kind: 'done'; message: string } | { kind: 'failed'; title: string; error: unknown });

export function JobsPage({ search, canManage }: { search: string; canManage: boolean }) {
  const page = intParam(search, 'page', 1);
  const status = new URLSearchParams(search).get('status') ?? '';
  const offset = (page - 1) * PAGE_SIZE;
  // Bumped after an action, to load the list again.
  const [reloads, setReloads] = useState(0);
  const result = useApiData(`jobs:${status}:${page}:${reloads}`, (signal) => api.jobs({ status, limit: PAGE_SIZE, offset }, signal));
  const hrefFor = (to: number) => withParams('/jobs', { status, page: to === 1 ? null : to });
  const statusOptions = status && !Object.hasOwn(jobStatuses, status) ? [...Object.keys(jobStatuses), status] : Object.keys(jobStatuses);

  const [acting, setActing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Shown only on the page it was taken on: another filter or page starts afresh.
  const shownOutcome = outcome?.search === search ? outcome : null;

  // The button pressed may be gone once the list reloads (its job no longer matches the filter):
  // then keep the keyboard in the list rather than losing focus to the top of the document.
  const keepFocus = useRef(false);
  useEffect(() => {
    if (!keepFocus.current || result.state === 'loading') return;
    keepFocus.current = false;
    if (document.activeElement === null || document.activeElement === document.body) {
      (document.querySelector<HTMLElement>('.table-scroll') ?? document.getElementById('page-title'))?.focus();
    }
  }, [result]);

  async function act(job: Job, action: JobAction) {
    if (acting) return;
    setActing(true);
    // Cleared first, so that the same words twice are still announced twice.
    setOutcome(null);
    const words = actionWords[action];
    try {
      const updated = await (action === 'retry' ? api.retryJob(job.id) : api.cancelJob(job.id));
      const message =
        action === 'retry'
          ? `${words.done} job ${describe(job)}: it is now ${humanise(updated.status).toLowerCase()}.`
          : `${words.done} job ${describe(job)}.`;
      setOutcome({ search, kind: 'done', message });
      keepFocus.current = true;
      setReloads((n) => n + 1);
    } catch (error) {
      setOutcome({ search, kind: 'failed', title: `Job ${describe(job)} ${words.notDone}.`, error });
      // The job changed, or went, since the list was loaded: show it as it is now.
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
        keepFocus.current = true;
        setReloads((n) => n + 1);
      }
    } finally {
      setActing(false);
    }
  }

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
      {canManage && (
        // Always in the page, so that what goes into it is announced.
        <div role="status">{shownOutcome?.kind === 'done' && <p className="alert alert-info">{shownOutcome.message}</p>}</div>
      )}
      {shownOutcome?.kind === 'failed' && <ErrorAlert error={shownOutcome.error} title={shownOutcome.title} />}
      <PagedTable
        result={result}
        items={(data) => data.jobs}
        noun="jobs"
        caption={status ? `${humanise(status)} jobs` : 'Jobs'}
        page={page}
        pageSize={PAGE_SIZE}
        hrefFor={hrefFor}
        empty={status ? `There are no ${humanise(status).toLowerCase()} jobs.` : 'There are no jobs yet.'}
        head={
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            {canManage && <th scope="col">Actions</th>}
            <th scope="col">Attempts</th>
            <th scope="col">Run at</th>
            <th scope="col">Created</th>
            <th scope="col">Finished</th>
            <th scope="col">Last error</th>
          </tr>
        }
        row={(job) => {
          const action = canManage ? actionFor(job.status) : null;
          return (
            <tr key={job.id}>
              <td className="mono">{job.kind}</td>
              <td>
                <StatusBadge status={job.status} tone={toneFor(jobStatuses, job.status)} />
              </td>
              {canManage && (
                <td className="nowrap">
                  {action && (
                    // One button element whichever the action, so that focus stays on it when a
                    // retried job comes back queued (and offers Cancel). aria-disabled rather than
                    // disabled while a request is out, which would drop the focus.
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-disabled={acting || undefined}
                      onClick={() => void act(job, action)}
                    >
                      {actionWords[action].button}
                      <span className="visually-hidden">{` job ${describe(job)}`}</span>
                    </button>
                  )}
                </td>
              )}
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
          );
        }}
      />
    </Page>
  );
}
