import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

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

/** A phone number as stored (E.164) the way people in the UK write it: `07911 123456`; one abroad, internationally. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  // The Crown Dependencies (Guernsey, Jersey, the Isle of Man) share the UK's numbering, and are dialled the same way.
  return parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational();
}

/** A message's address as people read it: a phone number (a call's, a text's) in the national format, an e-mail address as it is. */
export function formatAddress(address: string): string {
  return /^\+\d{6,15}$/.test(address) ? formatPhone(address) : address;
}
