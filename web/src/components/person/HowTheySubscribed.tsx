import { subscriptionsApi } from '../../subscriptionsApi.js';
import { useApiData } from '../../useApiData.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';

/** The person's confirmed sign-ups on the public page: what they asked for, when, and the words they were shown. */
export function HowTheySubscribed({ personId }: { personId: string }) {
  const loaded = useApiData(`signups:${personId}`, (signal) => subscriptionsApi.personSignups(personId, signal));
  if (loaded.state === 'failed') return <ErrorAlert error={loaded.error} title="How they subscribed could not be loaded." />;
  if (!loaded.data) return <p className="muted">Loading…</p>;
  const { signups } = loaded.data;
  if (signups.length === 0) return <p className="muted">They have not signed up on the office’s public page.</p>;
  return (
    <ul className="stack">
      {signups.map((s) => (
        <li key={s.id}>
          <p>
            Signed up on the public page on <DateText iso={s.requestedAt} withTime /> and confirmed with the link in the e-mail on{' '}
            <DateText iso={s.confirmedAt} withTime /> (double opt-in), for: {s.topics.map((t) => t.name).join(', ') || 'topics no longer on the list'}.
          </p>
          <p>
            They were shown: <q>{s.wording}</q>
            {s.noticeVersion !== null && <> (privacy notice version {s.noticeVersion})</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
