import { ApiError } from '../api.js';

interface Props {
  error: unknown;
  /** Shown before the server's message, e.g. "Cases could not be loaded." */
  title?: string;
}

/** A failure, announced to screen readers. Shows the server's message and the request id to quote to support. */
export function ErrorAlert({ error, title }: Props) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.';
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      <p>{message}</p>
      {requestId && <p className="alert-reference">Reference: {requestId}</p>}
    </div>
  );
}
