import type { Kysely } from 'kysely';
import type { Nation } from '../../db/enums.js';
import type { DB } from '../../db/schema.js';
import { type BankHolidays, type HolidayCalendar, holidayCalendar, mergeHolidays, shippedHolidays } from './bank-holidays.js';

/**
 * The imported bank holidays (table bank_holidays, migration 0038), shared by every office. An
 * import replaces, nation by nation, each year the file lists: the days stored for that year
 * before, and (when read) the shipped days of that year.
 */

export interface ImportedYears {
  nation: Nation;
  years: string[];
  days: number;
}

/** Stores a file's holidays in one transaction; answers which years of which nation it replaced. */
export async function importHolidays(db: Kysely<DB>, file: BankHolidays): Promise<ImportedYears[]> {
  const divisions = Object.values(file).filter((d) => d !== undefined);
  await db.transaction().execute(async (tx) => {
    for (const { division, events } of divisions) {
      const years = [...new Set(events.map((e) => e.date.slice(0, 4)))];
      for (const year of years) {
        await tx.deleteFrom('bank_holidays').where('division', '=', division).where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
      }
      if (events.length) {
        await tx
          .insertInto('bank_holidays')
          .values(events.map((e) => ({ division, date: e.date, title: e.title, notes: e.notes, bunting: e.bunting })))
          .execute();
      }
    }
  });
  return divisions.map(({ division, events }) => ({ nation: division, years: [...new Set(events.map((e) => e.date.slice(0, 4)))].sort(), days: events.length }));
}

/** Every bank holiday Postbag knows: the shipped data with the imported years laid over it. */
export async function knownHolidays(db: Kysely<DB>): Promise<BankHolidays> {
  const rows = await db.selectFrom('bank_holidays').select(['division', 'date', 'title', 'notes', 'bunting']).orderBy('division').orderBy('date').execute();
  const imported: BankHolidays = {};
  for (const { division, ...event } of rows) (imported[division] ??= { division, events: [] }).events.push(event);
  return mergeHolidays(shippedHolidays, imported);
}

/** A nation's calendar for the statutory clock, from the database. */
export async function holidaysOf(db: Kysely<DB>, nation: Nation): Promise<HolidayCalendar> {
  return holidayCalendar(await knownHolidays(db), nation);
}
