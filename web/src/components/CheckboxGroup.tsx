import { useId, type ReactNode } from 'react';
import { FieldError } from './Field.js';
import type { Option } from './SelectField.js';

interface Props {
  legend: string;
  hint?: ReactNode;
  options: readonly Option[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  error?: string | undefined;
  /** Shown while there are no options yet, e.g. "Loading topics…". */
  empty: ReactNode;
}

/** A few of a list chosen with checkboxes; the legend names the question. */
export function CheckboxGroup({ legend, hint, options, chosen, onChange, error, empty }: Props) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, on: boolean) => onChange(on ? [...chosen, value] : chosen.filter((v) => v !== value));
  return (
    <fieldset className={`field fieldset${error ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`} field={legend} message={error} />}
      {options.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="choice-columns">
          {options.map((option) => (
            <label key={option.value} className="choice">
              <input type="checkbox" checked={chosen.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
