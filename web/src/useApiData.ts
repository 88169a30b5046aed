import { useEffect, useState } from 'react';

export type ApiData<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'loaded'; data: T }
  | { state: 'failed'; data: T | null; error: unknown };

/**
 * Loads data whenever `key` changes, cancelling the request before it if that is still
 * running. While the next load runs, the previous data stays on screen.
 */
export function useApiData<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiData<T> {
  const [result, setResult] = useState<ApiData<T>>({ state: 'loading', data: null });

  useEffect(() => {
    const controller = new AbortController();
    setResult((previous) => ({ state: 'loading', data: previous.data }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ state: 'loaded', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult((previous) => ({ state: 'failed', data: previous.data, error }));
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; `key` says when it would fetch something different.
  }, [key]);

  return result;
}
