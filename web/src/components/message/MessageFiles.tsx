import { api, type MessageDetail } from '../../api.js';
import { fileSize } from '../../words.js';
import { Section } from '../Section.js';

/** The files that came with the message, to download, and those Postbag would not keep, with why. */
export function MessageFiles({ message }: { message: MessageDetail }) {
  if (message.attachments.length === 0 && message.withheldFiles.length === 0) return null;
  return (
    <Section title="Attachments">
      {message.attachments.length > 0 && (
        <ul className="plain-list spaced">
          {message.attachments.map((file) => (
            <li key={file.id}>
              {/* A real download from the server, not a page of the app. */}
              <a href={api.attachmentHref(message.id, file.id)} download={file.filename}>
                {file.filename}
              </a>{' '}
              <span className="muted">({fileSize(file.sizeBytes)})</span>
            </li>
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
