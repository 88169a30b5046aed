import type { CaseSummary } from '../api.js';
import { caseStatusTone, withheldWords } from '../words.js';
import { CaseBadges } from './CaseBadges.js';
import { DateText, DueDate } from './DateText.js';
import { Link } from './Link.js';
import { StatusBadge, toneFor } from './StatusBadge.js';

/** The columns CaseRow fills, in order, for tables that do not sort. */
export const caseColumns = ['Reference', 'Summary', 'Lead constituent', 'Topics', 'Status', 'Owner', 'Due', 'Opened', 'Updated'] as const;

/** Ticking the case for a bulk change (the case list, for managers). */
export interface RowSelection {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** One case in a list: the same columns on the case list and on a person's page; a first column to tick it when `selection` is given. */
export function CaseRow({ item, selection }: { item: CaseSummary; selection?: RowSelection }) {
  return (
    <tr>
      {selection && (
        <td className="select-cell">
          <input type="checkbox" aria-label={`Select ${item.reference}`} checked={selection.checked} onChange={(event) => selection.onChange(event.target.checked)} />
        </td>
      )}
      <td className="nowrap stacked">
        <Link href={`/cases/${item.id}`} className="mono">
          {item.reference}
        </Link>
        <span className="badge-stack">
          <CaseBadges sensitive={item.sensitive} specialCategory={item.specialCategory} />
        </span>
      </td>
      <td className="wide">{item.withheld ? <span className="muted">{withheldWords}</span> : item.summary}</td>
      <td>
        <Link href={`/people/${item.lead.id}`}>{item.lead.name}</Link>
      </td>
      <td>{item.topics.length ? item.topics.map((topic) => topic.name).join(', ') : <span className="muted">None</span>}</td>
      <td>
        <StatusBadge status={item.status} tone={toneFor(caseStatusTone, item.status)} />
      </td>
      <td>{item.owner?.name ?? <span className="muted">Unassigned</span>}</td>
      <td className="stacked">
        <DueDate dueOn={item.dueOn} overdue={item.overdue} />
      </td>
      <td className="nowrap">
        <DateText iso={item.openedAt} />
      </td>
      <td className="nowrap">
        <DateText iso={item.updatedAt} />
      </td>
    </tr>
  );
}
