import { z } from 'zod';
import { type Nation, nations } from '../../db/enums.js';
import '../errors/zod-messages.js';
import { calendarDate } from '../http/fields.js';
import shipped from './bank-holidays.json' with { type: 'json' };

/**
 * The bank holidays of each UK nation, in the government's own format
 * (https://www.gov.uk/bank-holidays.json), so that the file an operator downloads there is the
 * file `postbag holidays import` takes.
 *
 * The shipped data (bank-holidays.json) covers 2020 to 2030. 2020 to 2027 are the days the
 * government declared, one-off days and substitutes included; 2028 to 2030 had not been declared
 * when this was written (December 2026) and are projected by the standing rules (Easter, the
 * first and last Mondays, a substitute Monday or Tuesday for a holiday on a weekend), so a
 * one-off day declared later arrives by import. bank-holidays.test.ts checks every year against
 * those rules and the list of one-off changes.
 */
const holidayEvent = z.object({
  title: z.string().trim().min(1),
  date: calendarDate(),
  notes: z.string(),
  bunting: z.boolean(),
});
export type HolidayEvent = z.infer<typeof holidayEvent>;

const division = z
  .object({ division: z.enum(nations), events: z.array(holidayEvent) })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.events.forEach((e, i) => {
      if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: ['events', i, 'date'], message: `is listed twice (${e.date})` });
      seen.add(e.date);
    });
  });

/** A bank-holidays file: one or more of the three nations, each keyed by its own division name. */
export const bankHolidaysFile = z
  .partialRecord(z.enum(nations), division, { error: (issue) => (issue.code === 'invalid_type' ? `must be an object of nations (${nations.join(', ')}), each with its events` : undefined) })
  .superRefine((file, ctx) => {
    const named = Object.entries(file);
    if (!named.length) ctx.addIssue({ code: 'custom', message: `must name at least one of ${nations.join(', ')}` });
    for (const [key, d] of named) {
      if (d && d.division !== key) ctx.addIssue({ code: 'custom', path: [key, 'division'], message: `must be "${key}", the name it is listed under` });
    }
  });
export type BankHolidays = z.infer<typeof bankHolidaysFile>;

export class HolidaysFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bank holidays file is not in the government's format (https://www.gov.uk/bank-holidays.json): ${problems.join('; ')}. Nothing was changed.`);
  }
}

/** Reads a bank-holidays file's text, or names each place it is wrong. */
export function parseBankHolidays(text: string): BankHolidays {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HolidaysFileError([`it is not JSON (${(error as Error).message})`]);
  }
  const parsed = bankHolidaysFile.safeParse(json);
  if (!parsed.success) throw new HolidaysFileError(parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'the file'} ${i.message}`));
  return parsed.data;
}

export const shippedHolidays: BankHolidays = bankHolidaysFile.parse(shipped);

const yearOf = (date: string) => date.slice(0, 4);

/** The shipped days with imported ones laid over them: an imported year replaces every shipped day of that nation and year. */
export function mergeHolidays(base: BankHolidays, imported: BankHolidays): BankHolidays {
  const merged: BankHolidays = {};
  for (const nation of nations) {
    const ours = base[nation]?.events ?? [];
    const theirs = imported[nation]?.events ?? [];
    if (!ours.length && !theirs.length) continue;
    const replaced = new Set(theirs.map((e) => yearOf(e.date)));
    const events = [...ours.filter((e) => !replaced.has(yearOf(e.date))), ...theirs].sort((a, b) => a.date.localeCompare(b.date));
    merged[nation] = { division: nation, events };
  }
  return merged;
}

/** A nation's bank holidays as the working-day rule reads them: the days, and the years they cover. */
export interface HolidayCalendar {
  nation: Nation;
  dates: ReadonlySet<string>;
  years: ReadonlySet<string>;
}

export function holidayCalendar(holidays: BankHolidays, nation: Nation): HolidayCalendar {
  const events = holidays[nation]?.events ?? [];
  return { nation, dates: new Set(events.map((e) => e.date)), years: new Set(events.map((e) => yearOf(e.date))) };
}
