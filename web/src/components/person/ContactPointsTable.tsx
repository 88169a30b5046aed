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

/** Each contact point with where it came from and when: the office must be able to say. */
export function ContactPointsTable({ points, caption }: { points: readonly ContactPoint[]; caption: string }) {
  if (points.length === 0) return <p className="muted">No contact details are held.</p>;
  return (
    <DataTable caption={caption} busy={false}>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Detail</th>
          <th scope="col">Source</th>
          <th scope="col">Collected</th>
        </tr>
      </thead>
      <tbody>
        {points.map((point) => (
          <tr key={point.id}>
            <td className="nowrap">
              {contactKindLabel(point.kind)}
              {point.preferred && <span className="badge badge-active badge-after">Preferred</span>}
            </td>
            <td className="break">{shown(point)}</td>
            <td className="nowrap">{sourceLabel(point.source)}</td>
            <td className="nowrap">
              <DateText iso={point.collectedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
