import type { ComponentProps, ReactNode } from 'react';
import { Field } from './Field.js';

type Props = Omit<ComponentProps<'textarea'>, 'id'> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
};

export function TextAreaField({ label, hint, error, rows = 4, ...textarea }: Props) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <textarea className="input textarea" rows={rows} {...control} {...textarea} />}
    </Field>
  );
}
