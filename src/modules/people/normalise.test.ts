import { describe, expect, it } from 'vitest';
import { isUnder18, normaliseHandle, normaliseNiNumber, normalisePhone, normalisePostcode } from './normalise.js';

describe('normalisers', () => {
  it('postcodes', () => {
    expect(normalisePostcode('b633aa')).toBe('B63 3AA');
    expect(normalisePostcode(' sw1a 1aa ')).toBe('SW1A 1AA');
    expect(normalisePostcode('B63')).toBeNull();
    expect(normalisePostcode('not a postcode')).toBeNull();
  });

  it('phone numbers, to E.164', () => {
    expect(normalisePhone('07911 123456')).toBe('+447911123456');
    expect(normalisePhone('0121 496 0000')).toBe('+441214960000');
    expect(normalisePhone('+44 (0)20 7946 0000')).toBe('+442079460000');
    expect(normalisePhone('12345')).toBeNull();
  });

  it('National Insurance numbers', () => {
    expect(normaliseNiNumber('ab 12 34 56 c')).toBe('AB123456C');
    expect(normaliseNiNumber('CE000000D')).toBe('CE000000D');
    for (const bad of ['DA123456A', 'FA123456A', 'IA123456A', 'QA123456A', 'UA123456A', 'VA123456A', 'AD123456A', 'AO123456A', 'AV123456A']) {
      expect(normaliseNiNumber(bad), bad).toBeNull();
    }
    for (const prefix of ['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']) expect(normaliseNiNumber(`${prefix}123456A`), prefix).toBeNull();
    expect(normaliseNiNumber('AB123456E')).toBeNull();
    expect(normaliseNiNumber('AB12345C')).toBeNull();
    expect(normaliseNiNumber('OA123456A')).toBe('OA123456A'); // O is barred only as the second letter
  });

  it('under 18, to the day', () => {
    const today = new Date(Date.UTC(2026, 5, 1, 12));
    expect(isUnder18('2008-06-02', today)).toBe(true);
    expect(isUnder18('2008-06-01', today)).toBe(false);
    expect(isUnder18('1980-02-29', today)).toBe(false);
  });

  it('social handles', () => {
    expect(normaliseHandle(' @JaneDoe ')).toBe('janedoe');
  });
});
