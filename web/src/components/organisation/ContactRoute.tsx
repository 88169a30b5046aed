import type { DirectoryEntry } from '../../api.js';
import { formatPhone } from '../../format.js';

/** Marks a route copied from the starter directory that no one in the office has checked yet. */
export function CheckBeforeUse({ entry }: { entry: Pick<DirectoryEntry, 'checkBeforeUse'> }) {
  return entry.checkBeforeUse ? <span className="badge badge-waiting">Check before use</span> : null;
}

/** How casework reaches the body: the route's words, then each part a caseworker can use as it is. */
export function ContactRoute({ entry }: { entry: DirectoryEntry }) {
  const { contactRoute, contactEmail, contactPhone, contactAddress, contactWeb } = entry;
  if (!contactRoute && !contactEmail && !contactPhone && !contactAddress && !contactWeb) return <span className="muted">No route recorded</span>;
  return (
    <div className="contact-route">
      {contactRoute && <p>{contactRoute}</p>}
      {contactEmail && (
        <p>
          E-mail: <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
        </p>
      )}
      {contactPhone && <p>Phone: {formatPhone(contactPhone)}</p>}
      {contactAddress && <p className="preserve-lines">{contactAddress}</p>}
      {contactWeb && (
        <p>
          Web:{' '}
          <a href={contactWeb} target="_blank" rel="noreferrer noopener">
            {contactWeb.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        </p>
      )}
    </div>
  );
}
