import { formatAddress } from '../../format.js';
import type { MessageSummary } from '../../api.js';
import { DateText } from '../DateText.js';
import { Link } from '../Link.js';

/** Who a message is from, as the sender gave it: a name, else the address. */
export function senderName(from: MessageSummary['from']): string {
  return from.name || (from.address && formatAddress(from.address)) || 'Unknown sender';
}

/** The subject, or a stand-in that is plainly not one. */
export function subjectOf(message: MessageSummary): string {
  return message.subject.trim() || '(no subject)';
}

/** One message in the inbox: who, what (its subject and first line), its case, when it was sent. A campaign group's newest stands for the group. */
export function MessageRow({ message }: { message: MessageSummary }) {
  if (message.campaign) return <CampaignRow message={message} campaign={message.campaign} />;
  if (message.withheld) {
    return (
      <tr>
        <td colSpan={4}>
          <span className="muted">Withheld: you may not read this message (it is on a case you cannot see, or about someone whose record is restricted).</span>
        </td>
        <SentAndAfter message={message} />
      </tr>
    );
  }
  return (
    <tr>
      <td>
        {senderName(message.from)}
        {message.from.name && message.from.address && <span className="message-address">{formatAddress(message.from.address)}</span>}
      </td>
      <td className="nowrap">{message.person ? <Link href={`/people/${message.person.id}`}>{message.person.name}</Link> : <span className="muted">Not matched</span>}</td>
      <td className="wide">
        <Link href={`/messages/${message.id}`}>{subjectOf(message)}</Link>
        {message.preview && <span className="message-preview">{message.preview}</span>}
        {message.outOfConstituency && (
          <span className="badge-stack">
            <span className="badge badge-waiting">Outside the constituency</span>
          </span>
        )}
      </td>
      <td className="nowrap">
        {message.case ? (
          <Link href={`/cases/${message.case.id}`} className="mono">
            {message.case.reference}
          </Link>
        ) : (
          <span className="muted">None yet</span>
        )}
      </td>
      <SentAndAfter message={message} />
    </tr>
  );
}

/** Many near-identical messages (a campaign) as one item: how many, and the newest's subject and first line. */
function CampaignRow({ message, campaign }: { message: MessageSummary; campaign: NonNullable<MessageSummary['campaign']> }) {
  return (
    <tr>
      <td>
        <span className="badge badge-neutral">Campaign</span>
        <span className="message-address">{campaign.count} messages with the same text</span>
      </td>
      <td className="nowrap">
        <span className="muted">{campaign.count} senders</span>
      </td>
      <td className="wide">
        <Link href={`/campaigns/${campaign.id}`}>{message.withheld ? 'Campaign mail' : subjectOf(message)}</Link>
        {message.preview && <span className="message-preview">{message.preview}</span>}
      </td>
      <td className="nowrap">
        <span className="muted">None</span>
      </td>
      <SentAndAfter message={message} />
    </tr>
  );
}

/** The columns every row has, withheld or not. */
function SentAndAfter({ message }: { message: MessageSummary }) {
  return (
    <>
      <td className="nowrap">
        <DateText iso={message.occurredAt} withTime />
      </td>
      <td>{message.attachmentCount > 0 ? message.attachmentCount : <span className="muted">None</span>}</td>
      <td className="nowrap">{message.assignee?.name ?? <span className="muted">Unassigned</span>}</td>
    </>
  );
}
