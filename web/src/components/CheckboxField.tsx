import { useId, type ReactNode } from 'react';
import { FieldError } from './Field.js';

interface Props {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}

export function CheckboxField({ label, hint, checked, onChange, error }: Props) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      {error && <FieldError id={`${id}-error`} field={label} message={error} />}
      <label className="choice">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined} />
        <span>{label}</span>
      </label>
      {hint && (
        <p className="field-hint choice-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
