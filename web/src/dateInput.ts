/**
 * Date-time inputs (`<input type="datetime-local">`) give the browser's local time without a
 * zone; the API wants an instant. The browser's zone is the user's, which is what they typed in.
 */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Now, as a datetime-local value (to the minute), e.g. for "when consent was given". */
export function nowForInput(): string {
  const now = new Date();
  now.setSeconds(0, 0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
