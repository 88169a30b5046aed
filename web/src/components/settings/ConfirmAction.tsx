import { useEffect, useRef, useState } from 'react';

interface Props {
  /** The button that asks, e.g. "Remove". */
  label: string;
  /** Names the thing it acts on, for screen readers: "Remove imap.example.org". */
  accessibleLabel: string;
  /** What will happen, asked as a question. */
  question: string;
  /** The button that does it, e.g. "Remove the mailbox". */
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
}

/** An action that cannot be undone: the first press asks, in place, and only the second does it. */
export function ConfirmAction({ label, accessibleLabel, question, confirm, busy, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The button pressed is gone: focus moves to the one that answers the question.
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className="button button-secondary button-small" aria-label={accessibleLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div role="group" aria-label={accessibleLabel} className="confirm-action">
      <p>{question}</p>
      <div className="button-row">
        <button ref={confirmButton} type="button" className="button button-danger button-small" aria-disabled={busy || undefined} onClick={() => !busy && onConfirm()}>
          {busy ? 'Working…' : confirm}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => setAsking(false)}>
          Keep it
        </button>
      </div>
    </div>
  );
}
