import { api } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';
import { subjectOf } from '../message/MessageRow.js';
import { humanise } from '../../capabilities.js';
import { channelLabel } from '../../words.js';

/** What the person and the office wrote to each other, newest first: a reply to a campaign letter is here too. */
export function PersonMessages({ personId, name }: { personId: string; name: string }) {
  const result = useApiData(`person-messages:${personId}`, (signal) => api.personMessages(personId, signal));
  const data = result.data;
  if (result.state === 'failed') return <ErrorAlert error={result.error} title="Their messages could not be loaded." />;
  if (data === null) return <p className="muted">Loading messages…</p>;
  if (data.messages.length === 0) return <p className="muted">No messages to or from them yet.</p>;
  return (
    <DataTable caption={`Messages to and from ${name}`} busy={result.state === 'loading'}>
      <thead>
        <tr>
          <th scope="col">Subject</th>
          <th scope="col">Way</th>
          <th scope="col">Case</th>
          <th scope="col">When</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {data.messages.map((message) => (
          <tr key={message.id}>
            <td className="wide">{message.withheld ? <span className="muted">Withheld: on a case you cannot see</span> : <Link href={`/messages/${message.id}`}>{subjectOf(message)}</Link>}</td>
            <td className="nowrap">
              {message.direction === 'in' ? 'From them' : 'To them'}, {channelLabel(message.channel).toLowerCase()}
            </td>
            <td className="nowrap">
              {message.case ? (
                <Link href={`/cases/${message.case.id}`} className="mono">
                  {message.case.reference}
                </Link>
              ) : (
                <span className="muted">None</span>
              )}
            </td>
            <td className="nowrap">
              <DateText iso={message.occurredAt} withTime />
            </td>
            <td className="nowrap">{humanise(message.state)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
