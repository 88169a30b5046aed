import type { ComponentProps, ReactNode } from 'react';
import { Field } from './Field.js';

type Props = Omit<ComponentProps<'input'>, 'id'> & {
  label: string;
  hint?: ReactNode;
  /** A problem with this field, shown under the label and tied to the input for screen readers. */
  error?: string | undefined;
};

export function TextField({ label, hint, error, className, ref, ...input }: Props) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <input ref={ref} className={className ?? 'input'} {...control} {...input} />}
    </Field>
  );
}
