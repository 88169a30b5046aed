import { formatNumber } from '../format.js';
import { Link } from './Link.js';

interface Props {
  /** What is being counted, plural: "cases". */
  noun: string;
  page: number;
  pageSize: number;
  total: number;
  /** The server counted only so far: there are at least `total`, maybe more pages. */
  totalIsLowerBound?: boolean;
  /** The address of another page. */
  hrefFor: (page: number) => string;
}

export function Pagination({ noun, page, pageSize, total, totalIsLowerBound = false, hrefFor }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);

  return (
    <nav className="pagination" aria-label={`Pages of ${noun}`}>
      <p className="pagination-summary">
        {total === 0
          ? `No ${noun}`
          : `Showing ${formatNumber(first)}–${formatNumber(last)} of ${totalIsLowerBound ? 'more than ' : ''}${formatNumber(total)} ${noun}`}
        {pages > 1 && ` (page ${formatNumber(page)} of ${totalIsLowerBound ? 'more than ' : ''}${formatNumber(pages)})`}
      </p>
      {pages > 1 && (
        <ul className="pagination-links">
          <li>
            {page > 1 ? (
              <Link className="button button-secondary" href={hrefFor(page - 1)} rel="prev">
                <span aria-hidden="true">← </span>Previous<span className="visually-hidden"> page</span>
              </Link>
            ) : (
              <span className="button button-secondary" aria-disabled="true">
                <span aria-hidden="true">← </span>Previous<span className="visually-hidden"> page</span>
              </span>
            )}
          </li>
          <li>
            {page < pages || totalIsLowerBound ? (
              <Link className="button button-secondary" href={hrefFor(page + 1)} rel="next">
                Next<span className="visually-hidden"> page</span>
                <span aria-hidden="true"> →</span>
              </Link>
            ) : (
              <span className="button button-secondary" aria-disabled="true">
                Next<span className="visually-hidden"> page</span>
                <span aria-hidden="true"> →</span>
              </span>
            )}
          </li>
        </ul>
      )}
    </nav>
  );
}
