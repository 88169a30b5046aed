import { ApiError } from '../api.js';

interface Props {
  error: unknown;
  /** Shown before the server's message, e.g. "Cases could not be loaded." */
  title?: string;
}

/**
 * A failure, announced to screen readers, with the server's message. Only a fault on our side
 * (5xx) shows the request id to quote to support: a refusal of what was typed is the user's to fix.
 */
export function ErrorAlert({ error, title }: Props) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.';
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : null;
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      <p>{message}</p>
      {requestId && <p className="alert-reference">Reference: {requestId}</p>}
    </div>
  );
}
