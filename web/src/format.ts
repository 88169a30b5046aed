/** Dates and numbers the way a UK office reads them, in UK time whatever the browser's zone. */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });

const number = new Intl.NumberFormat('en-GB');

function parse(iso: string): Date | null {
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? null : value;
}

export function formatDateTime(iso: string | null): string {
  if (iso === null) return '—';
  const value = parse(iso);
  return value ? dateTime.format(value) : iso;
}

export function formatDate(iso: string): string {
  const value = parse(iso);
  return value ? date.format(value) : iso;
}

export function formatNumber(value: number): string {
  return number.format(value);
}
