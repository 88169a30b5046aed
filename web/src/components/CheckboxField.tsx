import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ label, hint, checked, onChange }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label className="choice">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
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
