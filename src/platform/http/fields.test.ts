import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { calendarDate, dateTime, lineOfText, NUL_MESSAGE, textBlock } from './fields.js';

/** The one message a value gets, or its parsed value when it is accepted. */
function outcome(schema: z.ZodType, value: unknown): { ok: unknown } | { problem: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: parsed.data };
  expect(parsed.error.issues).toHaveLength(1);
  return { problem: parsed.error.issues[0]!.message };
}

describe('lineOfText', () => {
  const name = lineOfText({ max: 10 });

  it.each([
    ['  Jane  ', 'Jane'],
    ['Zoë', 'Zoë'],
    ['محمد', 'محمد'],
    // Joiners inside visible text are part of it (emoji, Persian), and are kept.
    ['👩‍👩‍👧', '👩‍👩‍👧'],
    ['ab\tc', 'ab\tc'],
  ])('accepts %j as %j', (value, stored) => {
    expect(outcome(name, value)).toEqual({ ok: stored });
  });

  it.each([
    ['a U+0000', 'Ja\u0000ne', NUL_MESSAGE],
    ['a line feed', 'Jane\nDoe', 'must be on one line: remove the line break'],
    ['a carriage return', 'Jane\rDoe', 'must be on one line: remove the line break'],
    ['a line separator', 'Jane\u2028Doe', 'must be on one line: remove the line break'],
    ['an empty string', '', 'must not be empty'],
    ['only spaces', '   ', 'must not be empty'],
    ['nothing at all', undefined, 'must not be empty'],
    ['a number', 42, 'must be text'],
    ['only zero-width spaces', '\u200B\u200B', 'must contain visible text, not only spaces or invisible characters'],
    ['only direction controls', '\u202E\u2066\u2069', 'must contain visible text, not only spaces or invisible characters'],
    ['a byte order mark and a soft hyphen', '\uFEFF\u00AD', 'must contain visible text, not only spaces or invisible characters'],
    ['a Hangul filler', '\u3164', 'must contain visible text, not only spaces or invisible characters'],
    ['eleven characters', 'Abcdefghijk', 'must be at most 10 characters'],
  ])('refuses %s', (_what, value, message) => {
    expect(outcome(name, value)).toEqual({ problem: message });
  });

  it('accepts an empty value only when the field may be blank, and still refuses one of only invisible characters', () => {
    const optional = lineOfText({ max: 10, blank: true });
    expect(outcome(optional, '  ')).toEqual({ ok: '' });
    expect(outcome(optional, '\u200B')).toEqual({ problem: 'must contain visible text, not only spaces or invisible characters' });
  });

  it('says what a form says when given its wording', () => {
    const firstName = lineOfText({ max: 5, messages: { empty: 'Enter your first name', tooLong: 'First name must be 5 characters or fewer' } });
    expect(outcome(firstName, '')).toEqual({ problem: 'Enter your first name' });
    expect(outcome(firstName, 'Abcdefg')).toEqual({ problem: 'First name must be 5 characters or fewer' });
  });
});

describe('textBlock', () => {
  const note = textBlock({ max: 1000 });

  it('keeps lines, and trims the ends', () => {
    expect(outcome(note, ' Called back.\r\nWill write.\n')).toEqual({ ok: 'Called back.\r\nWill write.' });
  });

  it.each([
    ['a U+0000', 'Called\u0000 back', NUL_MESSAGE],
    ['only invisible characters', '\u200B\n\u202E', 'must contain visible text, not only spaces or invisible characters'],
    ['nothing', '', 'must not be empty'],
    ['too much', 'x'.repeat(1001), 'must be at most 1,000 characters'],
  ])('refuses %s', (_what, value, message) => {
    expect(outcome(note, value)).toEqual({ problem: message });
  });
});

describe('calendarDate', () => {
  it.each(['1900-01-01', '2024-02-29', '2100-12-31'])('accepts %s', (value) => {
    expect(outcome(calendarDate(), value)).toEqual({ ok: value });
  });

  it.each([
    ['0000-01-01', 'must be a date from 1900 to 2100'],
    ['99999-01-01', 'must be a date from 1900 to 2100'],
    ['1899-12-31', 'must be a date from 1900 to 2100'],
    ['2101-01-01', 'must be a date from 1900 to 2100'],
    ['2025-02-30', 'is not a real date: February 2025 has 28 days'],
    ['2025-02-29', 'is not a real date: February 2025 has 28 days'],
    ['2026-04-31', 'is not a real date: April 2026 has 30 days'],
    ['2026-00-10', 'is not a real date: the month must be from 01 to 12'],
    ['2026-13-01', 'is not a real date: the month must be from 01 to 12'],
    ['31/12/2026', 'must be a date written YYYY-MM-DD, e.g. 2026-12-31'],
    ['2026-12-31T10:00:00Z', 'must be a date written YYYY-MM-DD, e.g. 2026-12-31'],
    ['2026-1-5', 'must be a date written YYYY-MM-DD, e.g. 2026-12-31'],
  ])('refuses %s', (value, message) => {
    expect(outcome(calendarDate(), value)).toEqual({ problem: message });
  });
});

describe('dateTime', () => {
  it('accepts a moment with Z or an offset', () => {
    expect(outcome(dateTime(), '2026-03-01T09:30:00Z')).toEqual({ ok: '2026-03-01T09:30:00Z' });
    expect(outcome(dateTime(), '2026-03-01T09:30:00+01:00')).toEqual({ ok: '2026-03-01T09:30:00+01:00' });
  });

  it.each([
    ['0000-01-01T00:00:00Z', 'must be a date from 1900 to 2100'],
    ['99999-01-01T00:00:00Z', 'must be a date from 1900 to 2100'],
    ['2025-02-30T09:00:00Z', 'is not a real date: February 2025 has 28 days'],
    ['2026-03-01 09:30', 'must be a date and time, e.g. 2026-03-01T09:30:00Z'],
    ['2026-03-01T25:00:00Z', 'must be a date and time, e.g. 2026-03-01T09:30:00Z'],
    ['2026-03-01T09:30:00', 'must be a date and time, e.g. 2026-03-01T09:30:00Z'],
  ])('refuses %s', (value, message) => {
    expect(outcome(dateTime(), value)).toEqual({ problem: message });
  });

  it('refuses the future for a moment in the past, and the past for one to come', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(outcome(dateTime('past'), tomorrow)).toEqual({ problem: 'must not be in the future' });
    expect(outcome(dateTime('past'), yesterday)).toEqual({ ok: yesterday });
    expect(outcome(dateTime('future'), yesterday)).toEqual({ problem: 'must be in the future' });
    expect(outcome(dateTime('future'), tomorrow)).toEqual({ ok: tomorrow });
  });
});
