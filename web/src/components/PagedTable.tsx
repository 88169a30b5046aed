import type { ReactNode } from 'react';
import { humanise } from '../capabilities.js';
import type { ApiData } from '../useApiData.js';
import { DataTable } from './DataTable.js';
import { ErrorAlert } from './ErrorAlert.js';
import { Link } from './Link.js';
import { Pagination } from './Pagination.js';

/** `totalIsLowerBound`: the server stopped counting ("more than 1,000"). */
interface Props<T extends { total: number; totalIsLowerBound?: boolean }, Item> {
  /** One page of the list, as useApiData loads it. */
  result: ApiData<T>;
  /** The rows of a loaded page, e.g. `(data) => data.cases`. */
  items: (data: T) => readonly Item[];
  /** What the rows are, plural and in lower case: "cases". */
  noun: string;
  /** Names the table for screen readers; by default the noun, e.g. "Cases". */
  caption?: string;
  page: number;
  pageSize: number;
  /** The address of another page. */
  hrefFor: (page: number) => string;
  /** Shown when there is nothing to list at all. */
  empty: ReactNode;
  /** The header row: `<tr><th scope="col">…</th></tr>`. */
  head: ReactNode;
  /** One `<tr>`, with its key. */
  row: (item: Item) => ReactNode;
}

/**
 * One page of a list as a table, with what every list page shows around it: loading (keeping
 * the last page on screen, marked busy), a failure, an empty list, a page past the end, and
 * the links to the other pages.
 */
export function PagedTable<T extends { total: number; totalIsLowerBound?: boolean }, Item>({ result, items, noun, caption, page, pageSize, hrefFor, empty, head, row }: Props<T, Item>) {
  const data = result.data;
  const rows = data === null ? [] : items(data);
  return (
    <>
      {result.state === 'failed' && <ErrorAlert error={result.error} title={`${humanise(noun)} could not be loaded.`} />}
      <p className="visually-hidden" role="status">
        {result.state === 'loading' ? `Loading ${noun}…` : ''}
      </p>
      {data === null ? (
        result.state === 'loading' && <p className="muted">{`Loading ${noun}…`}</p>
      ) : rows.length === 0 ? (
        page > 1 && data.total > 0 ? (
          <p>
            There is no page {page}. <Link href={hrefFor(1)}>{`Go to the first page of ${noun}`}</Link>.
          </p>
        ) : (
          <p>{empty}</p>
        )
      ) : (
        <>
          <DataTable caption={caption ?? humanise(noun)} busy={result.state === 'loading'}>
            <thead>{head}</thead>
            <tbody>{rows.map(row)}</tbody>
          </DataTable>
          <Pagination noun={noun} page={page} pageSize={pageSize} total={data.total} totalIsLowerBound={data.totalIsLowerBound ?? false} hrefFor={hrefFor} />
        </>
      )}
    </>
  );
}
