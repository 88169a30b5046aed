import { describe, expect, it } from 'vitest';
import type { Nation } from '../../db/enums.js';
import { holidayCalendar, shippedHolidays } from './bank-holidays.js';
import { ClockError, correspondingDate, daysLeft, officeTarget, type RequestDates, rightsClock } from './statutory.js';

const calendar = (nation: Nation = 'england-and-wales') => holidayCalendar(shippedHolidays, nation);
const clock = (dates: RequestDates, nation?: Nation) => rightsClock(dates, calendar(nation));
const due = (dates: RequestDates, nation?: Nation) => {
  const c = clock(dates, nation);
  if (c.state !== 'running') throw new Error(`the clock is ${c.state}`);
  return c.dueOn;
};

describe('the corresponding date', () => {
  it('is the same day of the month, or the last day of a shorter month', () => {
    expect(correspondingDate('2025-09-03', 1)).toBe('2025-10-03');
    expect(correspondingDate('2025-01-31', 1)).toBe('2025-02-28');
    expect(correspondingDate('2024-01-31', 1)).toBe('2024-02-29');
    expect(correspondingDate('2025-11-30', 3)).toBe('2026-02-28');
    expect(correspondingDate('2025-12-15', 1)).toBe('2026-01-15');
  });
});

describe("a rights request's statutory clock", () => {
  it('stops while a clarification is awaited: the days from the asking to the answer are added to the corresponding date', () => {
    // Received on a Wednesday, due Friday 3 October; asked on the 10th, answered on the 15th: five days.
    expect(due({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-10', answeredOn: '2025-09-15' }] })).toBe('2025-10-08');
    // Answered on the day it was asked: nothing stopped.
    expect(due({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-10', answeredOn: '2025-09-10' }] })).toBe('2025-10-03');
    // Two in turn: two days and one.
    const twice = [
      { askedOn: '2025-09-20', answeredOn: '2025-09-21' },
      { askedOn: '2025-09-04', answeredOn: '2025-09-06' },
    ];
    expect(clock({ receivedOn: '2025-09-03', clarifications: twice })).toEqual({ state: 'running', startsOn: '2025-09-03', dueOn: '2025-10-06', pausedDays: 3 });
    // Asked on the last day, answered three days later.
    expect(due({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-10-03', answeredOn: '2025-10-06' }] })).toBe('2025-10-06');
    // With the extension, the same days move the three months.
    expect(due({ receivedOn: '2025-09-03', extended: true, clarifications: [{ askedOn: '2025-09-10', answeredOn: '2025-09-15' }] })).toBe('2025-12-08');
  });

  it('adds the paused days before the working-day rule, so a pause gives days of the month and not an extra weekend', () => {
    // 5 September 2025 + 1 month is Sunday 5 October: due Monday the 6th.
    expect(due({ receivedOn: '2025-09-05' })).toBe('2025-10-06');
    // A day stopped makes the month end on Monday the 6th itself; two, on Tuesday.
    expect(due({ receivedOn: '2025-09-05', clarifications: [{ askedOn: '2025-09-08', answeredOn: '2025-09-09' }] })).toBe('2025-10-06');
    expect(due({ receivedOn: '2025-09-05', clarifications: [{ askedOn: '2025-09-08', answeredOn: '2025-09-10' }] })).toBe('2025-10-07');
  });

  it('starts when identity arrives; a clarification asked before then stops it only from the start', () => {
    expect(clock({ receivedOn: '2025-09-03', identity: { askedOn: '2025-09-04' } })).toEqual({ state: 'awaiting_identity', identityAskedOn: '2025-09-04' });
    expect(due({ receivedOn: '2025-09-03', identity: { askedOn: '2025-09-04', receivedOn: '2025-09-10' } })).toBe('2025-10-10');
    // Stopped from the 10th to the 12th: Sunday 12 October, so Monday the 13th.
    expect(due({ receivedOn: '2025-09-03', identity: { receivedOn: '2025-09-10' }, clarifications: [{ askedOn: '2025-09-05', answeredOn: '2025-09-12' }] })).toBe('2025-10-13');
    // Answered before identity came: nothing stopped.
    expect(due({ receivedOn: '2025-09-03', identity: { receivedOn: '2025-09-10' }, clarifications: [{ askedOn: '2025-09-04', answeredOn: '2025-09-08' }] })).toBe('2025-10-10');
  });

  it('while a clarification is awaited, says how many days will be left when the answer comes', () => {
    expect(clock({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-10' }] })).toEqual({
      state: 'awaiting_clarification',
      startsOn: '2025-09-03',
      askedOn: '2025-09-10',
      daysLeft: 23,
    });
  });

  it("moves off each nation's own bank holidays", () => {
    // Received on a leap day: Good Friday 29 March 2024, then Easter Monday outside Scotland.
    expect(due({ receivedOn: '2024-02-29' })).toBe('2024-04-02');
    expect(due({ receivedOn: '2024-02-29' }, 'scotland')).toBe('2024-04-01');
    expect(due({ receivedOn: '2025-12-01' }, 'scotland')).toBe('2026-01-05');
    expect(due({ receivedOn: '2025-06-12' }, 'northern-ireland')).toBe('2025-07-15');
    expect(due({ receivedOn: '2025-06-12' })).toBe('2025-07-14');
  });

  it('refuses dates out of order, each with its reason', () => {
    const refused = (dates: RequestDates) => () => clock(dates);
    expect(refused({ receivedOn: '2025-09-03', identity: { receivedOn: '2025-09-02' } })).toThrow(
      new ClockError('Proof of identity received on 2025-09-02 cannot come before the request itself (2025-09-03).'),
    );
    expect(refused({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-10', answeredOn: '2025-09-09' }] })).toThrow(
      'A clarification cannot end before it starts: asked for on 2025-09-10, answered on 2025-09-09.',
    );
    expect(refused({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-01', answeredOn: '2025-09-09' }] })).toThrow(
      'A clarification asked for on 2025-09-01 cannot be asked before the request was received (2025-09-03).',
    );
    expect(
      refused({
        receivedOn: '2025-09-03',
        clarifications: [
          { askedOn: '2025-09-04', answeredOn: '2025-09-10' },
          { askedOn: '2025-09-08', answeredOn: '2025-09-12' },
        ],
      }),
    ).toThrow('The clarification asked for on 2025-09-08 overlaps the one asked for on 2025-09-04: ask again only once the first is answered.');
    expect(refused({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-10-06', answeredOn: '2025-10-07' }] })).toThrow(
      'The clarification asked for on 2025-10-06 came after the deadline, 2025-10-03, had passed.',
    );
    expect(refused({ receivedOn: '2030-12-20' })).toThrow(/There are no bank holidays for england-and-wales in 2031/);
  });
});

describe("the office's target and the days left", () => {
  const running = (dates: RequestDates) => {
    const c = clock(dates);
    if (c.state !== 'running') throw new Error(`the clock is ${c.state}`);
    return c;
  };

  it('is four weeks from the start by default, moved by the same pauses and holidays, and never after the statutory date', () => {
    expect(officeTarget(running({ receivedOn: '2025-09-03' }), 28, calendar())).toBe('2025-10-01');
    expect(officeTarget(running({ receivedOn: '2025-09-03', clarifications: [{ askedOn: '2025-09-10', answeredOn: '2025-09-15' }] }), 28, calendar())).toBe('2025-10-06');
    expect(officeTarget(running({ receivedOn: '2025-09-03' }), 20, calendar())).toBe('2025-09-23');
    expect(officeTarget(running({ receivedOn: '2025-09-03' }), 31, calendar())).toBe('2025-10-03');
    // 28 days from 27 November is Christmas Day: the next working day is Monday the 29th.
    expect(officeTarget(running({ receivedOn: '2025-11-27' }), 28, calendar())).toBe('2025-12-29');
  });

  it('counts the days left from today: none on the day, negative once passed', () => {
    expect(daysLeft('2025-10-03', '2025-10-01')).toBe(2);
    expect(daysLeft('2025-10-03', '2025-10-03')).toBe(0);
    expect(daysLeft('2025-10-03', '2025-10-05')).toBe(-2);
    expect(daysLeft('2026-01-02', '2025-12-31')).toBe(2);
  });
});
