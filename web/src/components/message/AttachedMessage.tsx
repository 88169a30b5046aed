import { formatAddress } from '../../format.js';
import { api } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { fileSize } from '../../words.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { senderName } from './MessageRow.js';

/** An e-mail that came attached to this one (a forward), read here: who wrote it, when, what it says, and what it carried. */
export function AttachedMessage({ messageId, attachmentId }: { messageId: string; attachmentId: string }) {
  const loaded = useApiData(`attached:${messageId}:${attachmentId}`, (signal) => api.attachedMessage(messageId, attachmentId, signal));
  if (loaded.state === 'failed') return <ErrorAlert error={loaded.error} title="The attached e-mail could not be shown." />;
  const message = loaded.data;
  if (!message) return <p className="muted">Loading the attached e-mail…</p>;
  return (
    <article className="attached-message" aria-label={`Attached e-mail: ${message.subject.trim() || '(no subject)'}`}>
      <dl className="summary-list">
        <dt>From</dt>
        <dd>
          {senderName(message.from)}
          {message.from.name && message.from.address && <span className="message-address">{formatAddress(message.from.address)}</span>}
        </dd>
        {message.to.length > 0 && (
          <>
            <dt>To</dt>
            <dd>{message.to.join(', ')}</dd>
          </>
        )}
        <dt>Subject</dt>
        <dd>{message.subject.trim() || <span className="muted">(no subject)</span>}</dd>
        <dt>Sent</dt>
        <dd>{message.date ? <DateText iso={message.date} withTime /> : <span className="muted">Not known: its program gave no date</span>}</dd>
      </dl>
      <div className="message-text">{message.text.trim() || <span className="muted">The attached e-mail has no text.</span>}</div>
      {message.files.length > 0 && (
        <>
          <p className="field-hint">Files it carried (download the e-mail to open them):</p>
          <ul className="plain-list spaced">
            {message.files.map((file, index) => (
              <li key={index}>
                {file.filename} <span className="muted">({fileSize(file.sizeBytes)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
