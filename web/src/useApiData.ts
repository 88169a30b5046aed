import { useEffect, useState } from 'react';

export type ApiData<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'loaded'; data: T }
  | { state: 'failed'; data: T | null; error: unknown };

/**
 * Loads data whenever `key` changes, cancelling the request before it if that is still
 * running. While the next load runs, the previous data stays on screen, marked as loading from
 * the very render in which the key changed (not one render later), so that nothing shows old
 * data as if it were the answer to the new key.
 */
export function useApiData<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiData<T> {
  const [result, setResult] = useState<{ key: string | null; value: ApiData<T> }>({ key: null, value: { state: 'loading', data: null } });

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key, value: { state: 'loaded', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult((previous) => ({ key, value: { state: 'failed', data: previous.value.data, error } }));
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; `key` says when it would fetch something different.
  }, [key]);

  return result.key === key ? result.value : { state: 'loading', data: result.value.data };
}
