import { Link } from './Link.js';

interface Props {
  label: string;
  /** Whether the list is sorted by this column, and which way. */
  sorted: 'asc' | 'desc' | null;
  /** The address of the list sorted by this column (the other way round if it already is). */
  href: string;
}

/**
 * A column heading that sorts the list. A link, not a button: the order is part of the address,
 * so Back returns to the order before. aria-sort tells screen readers the current order.
 */
export function SortableHeader({ label, sorted, href }: Props) {
  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
  const next = sorted === 'asc' ? 'descending' : sorted === 'desc' ? 'ascending' : null;
  return (
    <th scope="col" aria-sort={ariaSort}>
      <Link href={href} className="sort-link">
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}
        </span>
        <span className="visually-hidden">{next ? `, sort ${next}` : ', sort by this column'}</span>
      </Link>
    </th>
  );
}
