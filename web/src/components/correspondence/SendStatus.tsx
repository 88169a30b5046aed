import { DateText } from '../DateText.js';

interface Sending {
  state: string;
  sentAt: string | null;
  sendProblem: string | null;
  nextTryAt: string | null;
  /** What mail servers reported after it went: a bounce, a delay, a spam complaint. */
  delivery?: readonly { action: string; permanent: boolean; reportedAt: string; summary: string }[];
}

/** Whether an e-mail went, is waiting or failed, and why, in plain words: on the case and on the message. */
export function SendStatus({ email }: { email: Sending }) {
  if (email.state === 'sent' && email.sentAt) {
    return (
      <span>
        <span className="badge badge-done">Sent</span> <DateText iso={email.sentAt} withTime />
        <DeliveryReports reports={email.delivery ?? []} />
      </span>
    );
  }
  if (email.state === 'failed') {
    return (
      <span>
        <span className="badge badge-problem">Not sent</span>{' '}
        <span className="send-problem">Sending failed: {email.sendProblem ?? 'the mail server gave up on it (a manager can see more on the jobs page)'}.</span>
      </span>
    );
  }
  return (
    <span>
      <span className="badge badge-waiting">Waiting</span>{' '}
      {email.sendProblem ? (
        <span className="send-problem">
          The last try failed: {email.sendProblem}.{' '}
          {email.nextTryAt && (
            <>
              Next try <DateText iso={email.nextTryAt} withTime />.
            </>
          )}
        </span>
      ) : (
        <span className="muted">Queued for the office’s mail server.</span>
      )}
    </span>
  );
}

/** Each report as its sentence, with when it came: a failure for good stands out. */
function DeliveryReports({ reports }: { reports: NonNullable<Sending['delivery']> }) {
  if (reports.length === 0) return null;
  return (
    <ul className="delivery-reports">
      {reports.map((r, i) => (
        <li key={i} className={r.permanent ? 'send-problem' : undefined}>
          {r.summary} (reported <DateText iso={r.reportedAt} withTime />)
        </li>
      ))}
    </ul>
  );
}
