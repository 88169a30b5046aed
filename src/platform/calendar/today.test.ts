import { describe, expect, it } from 'vitest';
import { addDays, ukToday, weekStarting } from './today.js';

describe('UK dates', () => {
  it('is the London date, not the server’s: 23:30 UTC on a summer evening is the next day', () => {
    expect(ukToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('moves by calendar days across months, years and the clock change', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('finds the Monday that starts the week, Sunday being its last day', () => {
    expect(weekStarting('2026-12-03')).toBe('2026-11-30');
    expect(weekStarting('2026-11-30')).toBe('2026-11-30');
    expect(weekStarting('2026-12-06')).toBe('2026-11-30');
    expect(weekStarting('2027-01-01')).toBe('2026-12-28');
  });
});
