import type { Ref } from 'react';
import { TextField } from './TextField.js';

interface Props {
  ref: Ref<HTMLInputElement>;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/** The 6-digit code from an authenticator app, as sign-in and enrolment both ask for it. */
export function TotpCodeField({ ref, value, onChange, error }: Props) {
  return (
    <TextField
      ref={ref}
      label="6-digit code from your authenticator app"
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={7}
      required
      className="input input-code"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
