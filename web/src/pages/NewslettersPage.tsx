import type { Me } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { StatusBadge, type Tone } from '../components/StatusBadge.js';
import { newslettersApi } from '../newslettersApi.js';
import { useApiData } from '../useApiData.js';

export const mailingTones: Record<string, Tone> = { draft: 'neutral', sending: 'active', sent: 'done' };

/** The office's mailings, newest first, with their state; a new one begins here. */
export function NewslettersPage({ me }: { me: Me }) {
  const list = useApiData('newsletters', (signal) => newslettersApi.mailings(signal));
  const canSend = me.permissions.includes('outreach:send');
  return (
    <Page
      title="Newsletters"
      lead="Newsletters and campaign updates go only to people with current consent for their purpose, and each can unsubscribe with one click."
      actions={
        canSend && (
          <Link className="button" href="/newsletters/new">
            New mailing
          </Link>
        )
      }
    >
      {list.state === 'failed' && <ErrorAlert error={list.error} title="The mailings could not be loaded." />}
      {list.data && list.data.mailings.length === 0 && <p>No mailings yet.</p>}
      {list.data && list.data.mailings.length > 0 && (
        <DataTable caption="Mailings" busy={list.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">Purpose</th>
              <th scope="col">State</th>
              <th scope="col">Recipients</th>
              <th scope="col">Written</th>
            </tr>
          </thead>
          <tbody>
            {list.data.mailings.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link href={`/newsletters/${m.id}`}>{m.subject}</Link>
                </td>
                <td>{m.purpose}</td>
                <td>
                  <StatusBadge status={m.state} tone={mailingTones[m.state] ?? 'neutral'} />
                </td>
                <td>{m.recipients === null ? <span className="muted">Not sent</span> : m.recipients.toLocaleString('en-GB')}</td>
                <td className="nowrap">
                  <DateText iso={m.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Page>
  );
}
