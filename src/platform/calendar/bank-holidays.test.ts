import { describe, expect, it } from 'vitest';
import { type Nation, nations } from '../../db/enums.js';
import { type BankHolidays, HolidaysFileError, holidayCalendar, mergeHolidays, parseBankHolidays, shippedHolidays } from './bank-holidays.js';
import { addDays } from './today.js';

/**
 * The shipped file checked against the law's standing rules, worked out here independently of the
 * data (Easter by the computus, the first and last Mondays, the substitute days), plus the list of
 * one-off changes the government made: a typo in a date, a title or a missing substitute fails.
 */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/** Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(y: number): string {
  const a = y % 19;
  const [b, c] = [Math.floor(y / 100), y % 100];
  const [d, e] = [Math.floor(b / 4), b % 4];
  const g = Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const l = (32 + 2 * e + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  return ymd(y, Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
}

function monday(y: number, month: number, which: 'first' | 'last'): string {
  let day = which === 'first' ? ymd(y, month, 1) : addDays(ymd(y, month + 1, 1), -1);
  while (weekday(day) !== 1) day = addDays(day, which === 'first' ? 1 : -1);
  return day;
}

type Day = [date: string, title: string, notes?: string];
const sub = 'Substitute day';

/** A holiday on a fixed date, or the first weekday after a weekend when the date is not taken by another substitute. */
function fixedDays(holidays: [date: string, title: string][]): Day[] {
  const taken = new Set<string>();
  return holidays.map(([date, title]) => {
    if (!isWeekend(date)) {
      taken.add(date);
      return [date, title] as Day;
    }
    let day = date;
    while (isWeekend(day) || taken.has(day) || holidays.some(([d]) => d === day)) day = addDays(day, 1);
    taken.add(day);
    return [day, title, sub] as Day;
  });
}

/** The one-off changes: days added for a national event, and the standing days moved to make room for them. */
const oneOffs: Record<string, { add: Day[]; move?: { from: string; to: string; title: string } }> = {
  '2020': { add: [], move: { from: 'Early May bank holiday', to: '2020-05-08', title: 'Early May bank holiday (VE day)' } },
  '2022': {
    add: [
      ['2022-06-03', 'Platinum Jubilee bank holiday'],
      ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ],
    move: { from: 'Spring bank holiday', to: '2022-06-02', title: 'Spring bank holiday' },
  },
  '2023': { add: [['2023-05-08', 'Bank holiday for the coronation of King Charles III']] },
};

function expectedYear(nation: Nation, y: number): Day[] {
  const easter = easterSunday(y);
  const newYear: [string, string][] = [[ymd(y, 1, 1), 'New Year’s Day']];
  if (nation === 'scotland') newYear.push([ymd(y, 1, 2), '2nd January']);
  let days: Day[] = [
    ...fixedDays(newYear),
    [addDays(easter, -2), 'Good Friday'],
    [monday(y, 5, 'first'), 'Early May bank holiday'],
    [monday(y, 5, 'last'), 'Spring bank holiday'],
    [monday(y, 8, nation === 'scotland' ? 'first' : 'last'), 'Summer bank holiday'],
    ...fixedDays([
      [ymd(y, 12, 25), 'Christmas Day'],
      [ymd(y, 12, 26), 'Boxing Day'],
    ]),
  ];
  if (nation !== 'scotland') days.push([addDays(easter, 1), 'Easter Monday']);
  if (nation === 'scotland') days.push(...fixedDays([[ymd(y, 11, 30), 'St Andrew’s Day']]));
  if (nation === 'northern-ireland') days.push(...fixedDays([[ymd(y, 3, 17), 'St Patrick’s Day']]), ...fixedDays([[ymd(y, 7, 12), 'Battle of the Boyne (Orangemen’s Day)']]));
  const change = oneOffs[String(y)];
  if (change?.move) {
    const { from, to, title } = change.move;
    days = days.map((d) => (d[1] === from ? [to, title] : d));
  }
  days.push(...(change?.add ?? []));
  return days.sort((a, b) => a[0].localeCompare(b[0]));
}

const shippedYear = (nation: Nation, y: number): Day[] =>
  (shippedHolidays[nation]?.events ?? []).filter((e) => e.date.startsWith(`${y}-`)).map((e) => (e.notes ? [e.date, e.title, e.notes] : [e.date, e.title]));

describe('the shipped bank holidays', () => {
  it('finds Easter by the computus', () => {
    expect([2020, 2024, 2025, 2027, 2030].map(easterSunday)).toEqual(['2020-04-12', '2024-03-31', '2025-04-20', '2027-03-28', '2030-04-21']);
  });

  for (const nation of nations) {
    it(`are, for ${nation}, 2020 to 2030, every day the standing rules and the one-off changes give, and no other`, () => {
      for (let y = 2020; y <= 2030; y++) expect(shippedYear(nation, y), `${nation} ${y}`).toEqual(expectedYear(nation, y));
    });
  }

  it('hold the days the government declared that no rule gives, and the substitutes', () => {
    const has = (nation: Nation, date: string) => holidayCalendar(shippedHolidays, nation).dates.has(date);
    for (const nation of nations) {
      for (const date of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2021-12-27', '2021-12-28', '2022-12-27', '2022-01-03', '2023-01-02']) {
        expect(has(nation, date), `${nation} ${date}`).toBe(true);
      }
      expect(has(nation, '2020-05-04'), `${nation}: the early May holiday of 2020 moved to VE day`).toBe(false);
      expect(has(nation, '2022-05-30'), `${nation}: the spring holiday of 2022 moved to 2 June`).toBe(false);
    }
    expect(has('scotland', '2022-01-04')).toBe(true); // 2 January 2022 was a Sunday
    expect(has('england-and-wales', '2022-01-04')).toBe(false);
    expect(has('scotland', '2024-12-02')).toBe(true); // St Andrew's Day on a Saturday
    expect(has('scotland', '2025-12-01')).toBe(true); // and on a Sunday
    expect(has('northern-ireland', '2025-07-14')).toBe(true); // the Boyne on a Saturday
    expect(has('northern-ireland', '2026-07-13')).toBe(true); // and on a Sunday
    expect(has('northern-ireland', '2024-03-18')).toBe(true); // St Patrick's Day on a Sunday
    expect(has('england-and-wales', '2024-03-18')).toBe(false);
  });
});

describe('a bank holidays file', () => {
  const file = (events: unknown[], division = 'scotland') => JSON.stringify({ [division]: { division, events } });

  it('reads the government’s format, and lays an imported year over the shipped days of that nation and year only', () => {
    const imported = parseBankHolidays(file([{ title: 'Extra day', date: '2026-06-15', notes: '', bunting: true, extra: 'ignored' }]));
    const merged = mergeHolidays(shippedHolidays, imported);
    const scotland = holidayCalendar(merged, 'scotland');
    expect(scotland.dates.has('2026-06-15')).toBe(true);
    expect(scotland.dates.has('2026-01-01')).toBe(false); // 2026 is now the file's
    expect(scotland.dates.has('2025-01-01')).toBe(true);
    expect(holidayCalendar(merged, 'england-and-wales').dates).toEqual(holidayCalendar(shippedHolidays, 'england-and-wales').dates);
  });

  const problems = (text: string) => {
    try {
      parseBankHolidays(text);
    } catch (error) {
      if (error instanceof HolidaysFileError) return error.problems;
      throw error;
    }
    throw new Error('the file was accepted');
  };

  it('of the wrong shape is refused, naming each place it is wrong', () => {
    expect(problems('{"england-and-wales": ')).toEqual([expect.stringMatching(/^it is not JSON/)]);
    expect(problems('[]')).toEqual(['the file must be an object of nations (england-and-wales, scotland, northern-ireland), each with its events']);
    expect(problems('{}')).toEqual(['the file must name at least one of england-and-wales, scotland, northern-ireland']);
    expect(problems(JSON.stringify({ wales: { division: 'wales', events: [] } }))).toEqual([
      'the file has unknown field(s) "wales"; check the spelling',
      'the file must name at least one of england-and-wales, scotland, northern-ireland',
    ]);
    expect(problems(JSON.stringify({ scotland: { division: 'england-and-wales', events: [] } }))).toEqual(['scotland.division must be "scotland", the name it is listed under']);
    expect(problems(file([{ title: 'Boxing Day', date: '2026-02-30', notes: '', bunting: true }]))).toEqual(['scotland.events.0.date is not a real date: February 2026 has 28 days']);
    expect(problems(file([{ title: 'Boxing Day', date: '26/12/2026', notes: '', bunting: true }]))).toEqual(['scotland.events.0.date must be a date written YYYY-MM-DD, e.g. 2026-12-31']);
    expect(problems(file([{ date: '2026-12-28', notes: '', bunting: 'yes' }]))).toEqual(['scotland.events.0.title is required', 'scotland.events.0.bunting must be true or false']);
    const twice = { title: 'Boxing Day', date: '2026-12-28', notes: 'Substitute day', bunting: true };
    expect(problems(file([twice, twice]))).toEqual(['scotland.events.1.date is listed twice (2026-12-28)']);
  });

  it('round-trips the shipped data, which is itself in the format', () => {
    const text = JSON.stringify(shippedHolidays);
    expect(parseBankHolidays(text) satisfies BankHolidays).toEqual(shippedHolidays);
  });
});
