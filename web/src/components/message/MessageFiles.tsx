import { useState } from 'react';
import { api, type MessageDetail } from '../../api.js';
import { fileSize } from '../../words.js';
import { Section } from '../Section.js';
import { AttachedMessage } from './AttachedMessage.js';

type File = MessageDetail['attachments'][number];

/** A file to download; an attached e-mail can be read here as well. */
function FileItem({ messageId, file }: { messageId: string; file: File }) {
  const [reading, setReading] = useState(false);
  return (
    <li>
      {/* A real download from the server, not a page of the app. */}
      <a href={api.attachmentHref(messageId, file.id)} download={file.filename}>
        {file.filename}
      </a>{' '}
      <span className="muted">({fileSize(file.sizeBytes)})</span>
      {file.contentType === 'message/rfc822' && (
        <>
          {' '}
          <button type="button" className="button button-secondary button-small" aria-expanded={reading} onClick={() => setReading((on) => !on)}>
            {reading ? 'Hide the e-mail' : 'Read the e-mail'}
          </button>
          {reading && <AttachedMessage messageId={messageId} attachmentId={file.id} />}
        </>
      )}
    </li>
  );
}

/** The files that came with the message, to download, and those Postbag would not keep, with why. */
export function MessageFiles({ message }: { message: MessageDetail }) {
  if (message.attachments.length === 0 && message.withheldFiles.length === 0) return null;
  return (
    <Section title="Attachments">
      {message.attachments.length > 0 && (
        <ul className="plain-list spaced">
          {message.attachments.map((file) => (
            <FileItem key={file.id} messageId={message.id} file={file} />
          ))}
        </ul>
      )}
      {message.withheldFiles.length > 0 && (
        <>
          <h3>Not kept</h3>
          <ul className="plain-list spaced" aria-label="Files not kept">
            {message.withheldFiles.map((file, index) => (
              <li key={index}>
                <span className="mono">{file.contentType}</span> <span className="muted">({fileSize(file.sizeBytes)})</span>: {file.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
