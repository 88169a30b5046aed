import { formatPhone } from '../../format.js';
import type { PersonDetail } from '../../api.js';
import { contactKindLabel, sourceLabel } from '../../words.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';

type ContactPoint = PersonDetail['contactPoints'][number];

function shown(point: ContactPoint): string {
  if (point.kind === 'postal_address') return [...(point.lines ?? []), point.postcode].filter(Boolean).join(', ');
  if (point.kind === 'social_handle' && point.platform) return `${point.value} (${point.platform})`;
  if (point.kind === 'phone') return formatPhone(point.value);
  return point.value;
}

interface Props {
  points: readonly ContactPoint[];
  caption: string;
  /** Offered where the user may change the person: removes one contact point. */
  onRemove?: ((point: ContactPoint) => void) | undefined;
}

/** Each contact point with where it came from and when: the office must be able to say. */
export function ContactPointsTable({ points, caption, onRemove }: Props) {
  if (points.length === 0) return <p className="muted">No contact details are held.</p>;
  return (
    <DataTable caption={caption} busy={false}>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Detail</th>
          <th scope="col">Source</th>
          <th scope="col">Collected</th>
          {onRemove && (
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {points.map((point) => (
          <tr key={point.id}>
            <td className="nowrap">
              {contactKindLabel(point.kind)}
              {point.preferred && <span className="badge badge-active badge-after">Preferred</span>}
            </td>
            <td className="break">
              {shown(point)}
              {point.undeliverable && (
                <span className="message-address send-problem">
                  Bounced: not taking mail since <DateText iso={point.undeliverable.since} />
                  {point.undeliverable.reason && ` (${point.undeliverable.reason}${point.undeliverable.status ? `, ${point.undeliverable.status}` : ''})`}. Campaign mail skips it.
                </span>
              )}
            </td>
            <td className="nowrap">{sourceLabel(point.source)}</td>
            <td className="nowrap">
              <DateText iso={point.collectedAt} />
            </td>
            {onRemove && (
              <td className="nowrap">
                <button type="button" className="button button-link" onClick={() => onRemove(point)}>
                  Remove<span className="visually-hidden"> {shown(point)}</span>
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
