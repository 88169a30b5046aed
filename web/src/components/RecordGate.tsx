import type { ReactNode } from 'react';
import { ApiError } from '../api.js';
import { humanise } from '../capabilities.js';
import type { ApiData } from '../useApiData.js';
import { ErrorAlert } from './ErrorAlert.js';
import { Link } from './Link.js';
import { Page } from './Page.js';

interface Props<T> {
  result: ApiData<T>;
  /** What the record is, in lower case: "case". */
  noun: string;
  /** Where to go instead when it cannot be shown. */
  back: { href: string; label: string };
  /** The page, once the record has loaded. */
  children: (data: T) => ReactNode;
}

/**
 * The page for one record, and what it says until it has one: loading, or why not. A record the
 * user may not see answers 404 like one that does not exist (the server does not say which), and
 * its words are shown as they are.
 */
export function RecordGate<T>({ result, noun, back, children }: Props<T>) {
  if (result.data !== null) return children(result.data);
  const title = humanise(noun);
  if (result.state !== 'failed') {
    return (
      <Page title={title}>
        <p className="muted" role="status">
          Loading the {noun}…
        </p>
      </Page>
    );
  }
  const missing = result.error instanceof ApiError && result.error.status === 404;
  return (
    <Page title={missing ? `${title} not found` : title}>
      {missing ? <p>{result.error instanceof ApiError && result.error.message}</p> : <ErrorAlert error={result.error} title={`The ${noun} could not be loaded.`} />}
      <p>
        <Link href={back.href}>{back.label}</Link>
      </p>
    </Page>
  );
}
