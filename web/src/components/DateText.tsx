import { formatDate, formatDateTime } from '../format.js';

/** A date (or date and time) as the office reads it, with the machine-readable value beside it. */
export function DateText({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  return <time dateTime={iso}>{withTime ? formatDateTime(iso) : formatDate(iso)}</time>;
}

/** A due date, marked when it has passed; "None" when there is none. */
export function DueDate({ dueOn, overdue }: { dueOn: string | null; overdue: boolean }) {
  if (dueOn === null) return <span className="muted">None</span>;
  return (
    <span className="nowrap">
      <DateText iso={dueOn} />
      {overdue && <span className="badge badge-problem badge-after">Overdue</span>}
    </span>
  );
}
