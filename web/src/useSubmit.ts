import { useState } from 'react';
import { ApiError } from './api.js';
import { fieldProblems } from './problems.js';

export interface Submission {
  busy: boolean;
  /** The last failure, for an ErrorAlert. */
  error: unknown;
  /** The server's field problems, keyed by field name. */
  problems: Record<string, string>;
  /** Runs `action` unless one is already running; true when it succeeded. */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

/** What every form does with a request: one at a time, and the server's refusal kept to show. */
export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      await action();
      return true;
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError) setProblems(fieldProblems(failure.problems));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function clear() {
    setError(null);
    setProblems({});
  }

  return { busy, error, problems, run, clear };
}
