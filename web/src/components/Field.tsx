import { useId, type ReactNode } from 'react';

/** What a control inside a Field needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface Props {
  label: string;
  hint?: ReactNode;
  /** A problem with this field, shown under the label and tied to the control for screen readers. */
  error?: string | undefined;
  children: (control: ControlProps) => ReactNode;
}

/** The label, hint and error every form control has, in the same order everywhere. */
export function Field({ label, hint, error, children }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && <FieldError id={errorId} field={label} message={error} />}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

/** How the server's problems begin: "must not be empty", "is not a person of this office". */
const PREDICATE = /^(must|is|are|has|have|needs?|cannot|can|would|was|should|uses|contains)\b/;

/**
 * Beside the field a problem reads as a sentence in the form's own words: the server's predicate
 * "must not be empty" after the label, "Outcome note must not be empty."; any other message (a
 * form's own "choose the platform it came from") as a sentence of its own.
 */
function asSentence(field: string, message: string): string {
  const text = message.trim().replace(/\.+$/, '');
  const sentence = PREDICATE.test(text) ? `${field.replace(/\s*\(optional\)$/, '')} ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** `field` is the label or legend the problem belongs to. */
export function FieldError({ id, field, message }: { id: string; field: string; message: string }) {
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {asSentence(field, message)}
    </p>
  );
}
