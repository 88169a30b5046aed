import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { toNormalised as normalisedPostcode } from 'postcode';

/** Normalisers for the data people give us. Each returns null when the input is not valid. */

/** "b633aa" -> "B63 3AA". Checks the format only, not that Royal Mail delivers to it. */
export function normalisePostcode(input: string): string | null {
  return normalisedPostcode(input.trim());
}

/** A UK number in any usual spelling ("07911 123456", "+44 7911 123456"), or an international one with its +code, in E.164. */
export function normalisePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'GB');
  return parsed?.isValid() ? parsed.number : null;
}

// Two prefix letters: neither D, F, I, Q, U or V; the second not O; and not one of the prefixes
// never issued (BG, GB, KN, NK, NT, TN, ZZ). Six digits, then a suffix A-D.
const NI_NUMBER = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;

/** "ab 12 34 56 c" -> "AB123456C". */
export function normaliseNiNumber(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  return NI_NUMBER.test(compact) ? compact : null;
}

/** Under 18 on `today` for a date of birth as YYYY-MM-DD (UTC calendar dates). */
export function isUnder18(dateOfBirth: string, today: Date = new Date()): boolean {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const eighteenth = Date.UTC(year + 18, month - 1, day); // 29 February + 18 years rolls to 1 March, as UK law counts it
  return today.getTime() < eighteenth;
}

/** Handles compare without case and without a leading '@' ("@Name" and "name" are one handle). */
export function normaliseHandle(input: string): string {
  return input.trim().replace(/^@/, '').toLowerCase();
}
