import { api, type Me } from '../api.js';
import { useArrivalNotice } from '../arrivalNotice.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { DateText } from '../components/DateText.js';
import { Link } from '../components/Link.js';
import { MessageRow } from '../components/message/MessageRow.js';
import { Page } from '../components/Page.js';
import { formatNumber } from '../format.js';
import { withParams } from '../router.js';
import { useApiData } from '../useApiData.js';

const PAGE_SIZE = 50;

/** The inbox's filters, as kept in its address: whose messages, and where the page starts. */
const filters = [
  { assignee: '', label: 'All' },
  { assignee: 'me', label: 'Mine' },
  { assignee: 'none', label: 'Unassigned' },
] as const;

const UUID = /^[0-9a-f-]{36}$/i;

function readView(search: string) {
  const params = new URLSearchParams(search);
  const assignee = filters.find((filter) => filter.assignee === params.get('assignee'))?.assignee ?? '';
  const before = params.get('before') ?? '';
  return { assignee, before: UUID.test(before) ? before : '' };
}

const inboxHref = (assignee: string, before = '') => withParams('/inbox', { assignee, before });

export function InboxPage({ search, me }: { search: string; me: Me }) {
  const view = readView(search);
  const [notice] = useArrivalNotice();
  const result = useApiData(`inbox:${view.assignee}:${view.before}`, (signal) =>
    api.inbox({ limit: PAGE_SIZE, assignee: view.assignee || undefined, before: view.before || undefined }, signal),
  );
  const data = result.data;
  const actions = me.permissions.includes('cases:write') && (
    <Link href="/inbox/import" className="button button-secondary">
      Import e-mail
    </Link>
  );

  return (
    <Page title="Inbox" lead="Messages waiting to be dealt with: opened as a case, added to one, or archived. One that came in on a case waits here too until someone deals with it. The newest come first." actions={actions}>
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      <nav aria-label="Whose messages" className="filter-tabs">
        <ul>
          {filters.map((filter) => (
            <li key={filter.label}>
              <Link href={inboxHref(filter.assignee)} aria-current={filter.assignee === view.assignee ? 'page' : undefined}>
                {filter.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {result.state === 'failed' && <ErrorAlert error={result.error} title="The inbox could not be loaded." />}
      <UnmatchedReports />
      <p className="visually-hidden" role="status">
        {result.state === 'loading' ? 'Loading messages…' : ''}
      </p>
      {data === null ? (
        result.state === 'loading' && <p className="muted">Loading messages…</p>
      ) : (
        <>
          <p className="muted">
            {data.total === 0
              ? 'The inbox is empty.'
              : `${data.totalIsLowerBound ? 'More than ' : ''}${formatNumber(data.total)} ${data.total === 1 && !data.totalIsLowerBound ? 'message' : 'messages'} in the inbox.`}
          </p>
          {data.messages.length === 0 ? (
            data.total > 0 && <p>{view.before ? 'There are no older messages here.' : 'No messages here.'}</p>
          ) : (
            <DataTable caption="Messages" busy={result.state === 'loading'}>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">Person</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Case</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Attachments</th>
                  <th scope="col">Assigned to</th>
                </tr>
              </thead>
              <tbody>
                {data.messages.map((message) => (
                  <MessageRow key={message.id} message={message} />
                ))}
              </tbody>
            </DataTable>
          )}
          {(view.before || data.next) && (
            <nav className="pagination" aria-label="Pages of messages">
              <ul className="pagination-links">
                {view.before && (
                  <li>
                    <Link className="button button-secondary" href={inboxHref(view.assignee)}>
                      Newest messages
                    </Link>
                  </li>
                )}
                {data.next && (
                  <li>
                    <Link className="button button-secondary" href={inboxHref(view.assignee, data.next)} rel="next">
                      Older messages<span aria-hidden="true"> →</span>
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </>
      )}
    </Page>
  );
}

/**
 * Bounces and complaints are recorded on the e-mails they report on, never put in the inbox; those
 * about no e-mail the office sent (often forged mail) are only counted, and said so here.
 */
function UnmatchedReports() {
  const result = useApiData('unmatched-delivery-reports', (signal) => api.unmatchedDeliveryReports(signal));
  const counts = result.data;
  if (!counts || counts.bounces + counts.complaints === 0) return null;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const what = [counts.bounces ? plural(counts.bounces, 'bounce') : '', counts.complaints ? plural(counts.complaints, 'spam complaint') : ''].filter(Boolean).join(' and ');
  return (
    <p className="muted">
      {what} matched no e-mail this office sent, so nothing was changed for them
      {counts.latestAt && (
        <>
          {' '}
          (the latest <DateText iso={counts.latestAt} withTime />)
        </>
      )}
      .
    </p>
  );
}
