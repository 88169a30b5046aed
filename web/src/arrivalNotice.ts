import { useEffect, useState } from 'react';
import { historyState, navigate } from './router.js';

/**
 * Goes to a page with a message for it to announce ("Message archived."): the message travels
 * in the history entry, not the address, so that a copied link does not repeat it.
 */
export function navigateWithNotice(to: string, notice: string): void {
  navigate(to, { state: { notice } });
}

/** The message the page was sent with, if any; taken off the history entry so that a reload does not show it again. */
export function useArrivalNotice(): [string, (notice: string) => void] {
  const [notice, setNotice] = useState(() => {
    const value = historyState().notice;
    return typeof value === 'string' ? value : '';
  });
  useEffect(() => {
    const { notice: _shown, ...rest } = historyState();
    if (_shown !== undefined) window.history.replaceState(rest, '');
  }, []);
  return [notice, setNotice];
}
