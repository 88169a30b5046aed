import type { ComponentProps, ReactNode } from 'react';
import { Field } from './Field.js';

export interface Option {
  value: string;
  label: string;
}

type Props = Omit<ComponentProps<'select'>, 'id' | 'children'> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly Option[];
  /** A first option with the value '', e.g. "Choose an outcome" or "Anyone". */
  placeholder?: string;
};

export function SelectField({ label, hint, error, options, placeholder, ...select }: Props) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <select className="select" {...control} {...select}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
