import { useEffect, useState } from 'react';
import { api, type SearchResult } from './api.js';

export type SearchState =
  | { state: 'idle' }
  | { state: 'searching'; query: string; results: SearchResult[] }
  | { state: 'done'; query: string; results: SearchResult[] }
  | { state: 'failed'; query: string; error: unknown };

const DEBOUNCE_MS = 200;

/**
 * Searches as the user types: waits until typing pauses, and cancels the request before, so an
 * answer to an older query never replaces a newer one. While the next answer is awaited, the
 * last results stay on screen. The query travels in the request body, never in the address.
 */
export function useSearch(text: string, accept: (result: SearchResult) => boolean = () => true): SearchState {
  const query = text.trim();
  const [found, setFound] = useState<SearchState>({ state: 'idle' });

  useEffect(() => {
    if (query === '') {
      setFound({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setFound((previous) => ({ state: 'searching', query, results: 'results' in previous ? previous.results : [] }));
    const timer = window.setTimeout(() => {
      api.search(query, controller.signal).then(
        (answer) => {
          if (!controller.signal.aborted) setFound({ state: 'done', query, results: answer.results });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setFound({ state: 'failed', query, error });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  if (found.state === 'searching' || found.state === 'done') return { ...found, results: found.results.filter(accept) };
  return found;
}
