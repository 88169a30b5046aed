import type { HolidayCalendar } from './bank-holidays.js';
import { addDays } from './today.js';

/**
 * The statutory clock of a rights request (access, rectification, erasure, restriction,
 * objection), as ../shared/uk-rules.md "Statutory clocks" states it. Pure: dates in, dates out,
 * the bank holidays given, so `postbag deadline`, the request register and its reminders all
 * compute the same day.
 */

/** What the office knows of a request's dates, each 'YYYY-MM-DD' (a real date: the caller's schema checks that). */
export interface RequestDates {
  receivedOn: string;
  /** The office asked for proof of identity (or of authority): the clock starts when it arrives. */
  identity?: { askedOn?: string | null; receivedOn?: string | null } | null;
  /** Each time the office asked what the request means, and when the answer came (none yet: the clock is stopped). */
  clarifications?: readonly { askedOn: string; answeredOn?: string | null }[];
  /** Extended for a complex or numerous request: three months from the start instead of one. */
  extended?: boolean;
}

export type RightsClock =
  | { state: 'awaiting_identity'; identityAskedOn: string }
  /** Stopped while a clarification is awaited: `daysLeft` is what remains when the answer comes. */
  | { state: 'awaiting_clarification'; startsOn: string; askedOn: string; daysLeft: number }
  | { state: 'running'; startsOn: string; dueOn: string; pausedDays: number };

export class ClockError extends Error {}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The corresponding date `months` later: the same day of the month, or the month's last day when
 * it has no such day (31 January -> 28 or 29 February). The day of receipt counts, so a request
 * received on 3 September is due on 3 October, not 4.
 */
export function correspondingDate(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, daysIn(y, m))).padStart(2, '0')}`;
}

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The date itself if it is a working day in the nation, else the next one. Refuses a year the holiday data does not cover, rather than guess. */
export function workingDayFrom(date: string, holidays: HolidayCalendar): string {
  let day = date;
  for (;;) {
    const year = day.slice(0, 4);
    if (!holidays.years.has(year)) {
      throw new ClockError(`There are no bank holidays for ${holidays.nation} in ${year}: import that year with \`postbag holidays import FILE\` (https://www.gov.uk/bank-holidays.json).`);
    }
    if (!isWeekend(day) && !holidays.dates.has(day)) return day;
    day = addDays(day, 1);
  }
}

/**
 * The statutory clock: starts on the day the request arrives, or the day proof of identity does;
 * due on the corresponding date a month later (three when extended), moved on to a working day.
 *
 * Stopping the clock (DUAA, Article 12A): the days from the day the office asks for clarification
 * to the day the answer arrives do not count. So a clarification asked on A and answered on R
 * moves the corresponding date on by R - A days: the day of asking is the first day not counted,
 * and the day of the answer counts again, as the day of receipt does. The person keeps exactly the
 * days that were left when the clock stopped. The days are added to the corresponding date before
 * the working-day rule, never to a date already moved off a weekend or holiday, so a pause of two
 * days gives the person two days and not two plus a weekend. A clarification asked while the clock
 * had not started (waiting for identity) stops it only from the day it starts; one asked after the
 * deadline had passed is refused, since no pause can revive a missed deadline.
 */
export function rightsClock(dates: RequestDates, holidays: HolidayCalendar): RightsClock {
  const { receivedOn, identity, clarifications = [], extended = false } = dates;
  if (identity?.receivedOn && identity.receivedOn < receivedOn) {
    throw new ClockError(`Proof of identity received on ${identity.receivedOn} cannot come before the request itself (${receivedOn}).`);
  }
  if (identity?.askedOn && identity.askedOn < receivedOn) {
    throw new ClockError(`Proof of identity asked for on ${identity.askedOn} cannot be asked before the request was received (${receivedOn}).`);
  }
  if (identity?.askedOn && !identity.receivedOn) return { state: 'awaiting_identity', identityAskedOn: identity.askedOn };
  const startsOn = identity?.receivedOn ?? receivedOn;
  const months = extended ? 3 : 1;

  let pausedDays = 0;
  let previous: { askedOn: string; answeredOn?: string | null } | undefined;
  for (const c of [...clarifications].sort((a, b) => a.askedOn.localeCompare(b.askedOn))) {
    if (c.askedOn < receivedOn) throw new ClockError(`A clarification asked for on ${c.askedOn} cannot be asked before the request was received (${receivedOn}).`);
    if (c.answeredOn && c.answeredOn < c.askedOn) throw new ClockError(`A clarification cannot end before it starts: asked for on ${c.askedOn}, answered on ${c.answeredOn}.`);
    if (previous && (!previous.answeredOn || c.askedOn < previous.answeredOn)) {
      throw new ClockError(`The clarification asked for on ${c.askedOn} overlaps the one asked for on ${previous.askedOn}: ask again only once the first is answered.`);
    }
    previous = c;
    const stoppedOn = c.askedOn > startsOn ? c.askedOn : startsOn;
    const dueSoFar = workingDayFrom(addDays(correspondingDate(startsOn, months), pausedDays), holidays);
    if (stoppedOn > dueSoFar) throw new ClockError(`The clarification asked for on ${c.askedOn} came after the deadline, ${dueSoFar}, had passed.`);
    if (!c.answeredOn) {
      return { state: 'awaiting_clarification', startsOn, askedOn: c.askedOn, daysLeft: daysBetween(stoppedOn, addDays(correspondingDate(startsOn, months), pausedDays)) };
    }
    if (c.answeredOn > stoppedOn) pausedDays += daysBetween(stoppedOn, c.answeredOn);
  }
  return { state: 'running', startsOn, dueOn: workingDayFrom(addDays(correspondingDate(startsOn, months), pausedDays), holidays), pausedDays };
}

/**
 * The office's own target, `days` after the clock starts (28 by default; the day of receipt
 * counts as for the statutory date, so 28 days from 3 September is 1 October), with the same
 * paused days and working-day rule, and never later than the statutory date.
 */
export function officeTarget(clock: Extract<RightsClock, { state: 'running' }>, days: number, holidays: HolidayCalendar): string {
  const target = workingDayFrom(addDays(clock.startsOn, days + clock.pausedDays), holidays);
  return target < clock.dueOn ? target : clock.dueOn;
}

/** Days left until a due date, counting from today (UK date, see today.ts): 0 on the day itself, negative once it has passed. */
export const daysLeft = (dueOn: string, today: string): number => daysBetween(today, dueOn);
