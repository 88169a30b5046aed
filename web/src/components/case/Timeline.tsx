import type { Timeline as TimelineData } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import type { ApiData } from '../../useApiData.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Section } from '../Section.js';
import { TimelineEntry } from './TimelineEntry.js';

interface Props {
  caseId: string;
  result: ApiData<TimelineData>;
  canWrite: boolean;
  onChanged: CaseChanged;
}

/** Everything that happened on the case, newest first (the server's order). */
export function Timeline({ caseId, result, canWrite, onChanged }: Props) {
  const events = result.data?.events ?? null;
  return (
    <Section title="Timeline">
      {result.state === 'failed' && <ErrorAlert error={result.error} title="The timeline could not be loaded." />}
      {events === null ? (
        result.state === 'loading' && <p className="muted">Loading the timeline…</p>
      ) : events.length === 0 ? (
        <p>Nothing has happened on this case yet.</p>
      ) : (
        <ol className="timeline" aria-label="Newest first" aria-busy={result.state === 'loading' || undefined}>
          {events.map((event) => (
            <TimelineEntry key={event.id} caseId={caseId} event={event} canWrite={canWrite} onChanged={onChanged} />
          ))}
        </ol>
      )}
    </Section>
  );
}
