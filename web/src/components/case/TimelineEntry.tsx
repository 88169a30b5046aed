import { api, type CaseEvent } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { caseStatusLabel, channelLabel, outcomeLabel } from '../../words.js';
import { DateText, DueDate } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';

interface Props {
  caseId: string;
  event: CaseEvent;
  canWrite: boolean;
  onChanged: CaseChanged;
}

/** A string the server put in an event's detail, if it is one (detail is free-form by kind). */
function detailText(event: CaseEvent, key: string): string | null {
  const value = event.detail[key];
  return typeof value === 'string' ? value : null;
}

/** Agency contacts say 'incoming', messages 'in'. */
const incoming = (event: CaseEvent) => ['incoming', 'in'].includes(detailText(event, 'direction') ?? '');

/** What kind of entry it is, in a few words. */
function heading(event: CaseEvent): string {
  switch (event.kind) {
    case 'opened':
      return 'Case opened';
    case 'note':
      return 'Note';
    case 'task':
      return event.task?.doneAt ? 'Task (done)' : 'Task';
    case 'agency_contact': {
      const direction = detailText(event, 'direction');
      const who = event.organisation?.name ?? 'the agency';
      return direction === 'incoming' ? `Contact from ${who}` : `Contact with ${who}`;
    }
    case 'status_change': {
      const from = detailText(event, 'from');
      const to = detailText(event, 'to');
      if (to === 'closed') {
        const outcome = detailText(event, 'outcome');
        const tasks = event.detail.tasksClosed;
        const closedTasks = typeof tasks === 'number' ? `, with ${tasks === 1 ? 'its open task' : `its ${tasks} open tasks`}` : '';
        return `Closed${outcome ? `: ${outcomeLabel(outcome).toLowerCase()}` : ''}${closedTasks}`;
      }
      if (from === 'closed') return `Reopened as ${caseStatusLabel(to ?? '').toLowerCase()}`;
      return `Status changed${from ? ` from ${caseStatusLabel(from).toLowerCase()}` : ''} to ${caseStatusLabel(to ?? '').toLowerCase()}`;
    }
    case 'message':
      return channelLabel(detailText(event, 'channel') ?? 'message');
  }
}

export function TimelineEntry({ caseId, event, canWrite, onChanged }: Props) {
  const submit = useSubmit();
  const task = event.task;

  async function done() {
    const ok = await submit.run(() => api.completeTask(caseId, event.id));
    if (ok) onChanged(`Task marked done: ${event.text ?? ''}`);
  }

  return (
    <li className={`timeline-entry timeline-${event.kind}`}>
      <div className="timeline-head">
        <h3>{heading(event)}</h3>
        <p className="timeline-meta">
          <DateText iso={event.at} withTime />
          {event.by && <> · {event.by}</>}
          {(event.kind === 'agency_contact' || event.kind === 'message') && (
            <span className="badge badge-neutral badge-after">{incoming(event) ? 'Incoming' : 'Outgoing'}</span>
          )}
        </p>
      </div>
      {event.text && <p className="timeline-text">{event.text}</p>}
      {event.kind === 'message' && detailText(event, 'messageId') && (
        <p className="timeline-more">
          <Link href={`/messages/${detailText(event, 'messageId')}`}>Open the message</Link>
        </p>
      )}
      {event.organisation && event.kind === 'agency_contact' && (
        <p className="timeline-more">
          Agency: <Link href={`/organisations/${event.organisation.id}`}>{event.organisation.name}</Link>
        </p>
      )}
      {task && (
        <div className="timeline-more">
          <p>
            For {task.assignee?.name ?? 'nobody'} · Due <DueDate dueOn={task.dueOn} overdue={task.overdue} />
            {task.remindAt && (
              <>
                {' '}
                · Reminder <DateText iso={task.remindAt} withTime />
                {task.remindedAt && <span className="badge badge-waiting badge-after">Reminded</span>}
              </>
            )}
          </p>
          {task.doneAt ? (
            <p>
              <span className="badge badge-done">Done</span> <DateText iso={task.doneAt} withTime />
            </p>
          ) : (
            canWrite && (
              <>
                {submit.error !== null && <ErrorAlert error={submit.error} title="The task was not marked done." />}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  // Says which task: there may be several on the timeline.
                  aria-label={`Mark done: ${event.text ?? 'task'}`}
                  aria-disabled={submit.busy || undefined}
                  onClick={() => void done()}
                >
                  Mark done
                </button>
              </>
            )
          )}
        </div>
      )}
    </li>
  );
}
