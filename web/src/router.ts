import { useSyncExternalStore } from 'react';

/**
 * Client-side routing with history.pushState: the server answers every non-API path with
 * index.html, and the app decides what to show from location.pathname and location.search.
 */

const NAVIGATE_EVENT = 'postbag:navigate';

export interface Location {
  pathname: string;
  search: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

// useSyncExternalStore compares snapshots with Object.is, so return one string, not a new object.
const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const q = href.indexOf('?');
  return q === -1 ? { pathname: href, search: '' } : { pathname: href.slice(0, q), search: href.slice(q) };
}

/**
 * `state` travels with the history entry but not in the address: for what must stay out of URLs
 * (and so out of server logs and shared links), such as a search typed in the header.
 */
export function navigate(to: string, options: { replace?: boolean; state?: unknown } = {}): void {
  if (to === snapshot() && options.state === undefined) return;
  const state = options.state ?? null;
  if (options.replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** A whole-number query parameter of at least 1, e.g. `?page=3`; `fallback` when absent or nonsense. */
export function intParam(search: string, name: string, fallback: number): number {
  const raw = new URLSearchParams(search).get(name);
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const value = Number(raw);
  return value >= 1 ? value : fallback;
}

export function withParams(pathname: string, params: Record<string, string | number | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${pathname}?${text}` : pathname;
}

/** The state `navigate` stored with the current history entry, if it is an object. */
export function historyState(): Record<string, unknown> {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
}
