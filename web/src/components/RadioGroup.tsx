import { useId } from 'react';
import { FieldError } from './Field.js';
import type { Option } from './SelectField.js';

interface Props {
  legend: string;
  name: string;
  options: readonly Option[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/** A short set of choices, all visible at once; the legend names the question. */
export function RadioGroup({ legend, name, options, value, onChange, error }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className={`field fieldset${error ? ' field-invalid' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {error && <FieldError id={errorId} field={legend} message={error} />}
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={`${id}-${name}`} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
