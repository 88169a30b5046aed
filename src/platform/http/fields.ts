import { z } from 'zod';

/**
 * The kinds of field every module's schemas are made of: a line of text (names, subjects,
 * titles), a block of text (notes, messages), a calendar date, a date and time. Each refuses
 * what PostgreSQL cannot store (U+0000) or what a person cannot see, with the reason in words a
 * caseworker understands.
 */

export const NUL_MESSAGE = 'must not contain the null character (U+0000): retype the text rather than pasting it';

/** The wording of each problem; a form that speaks to the person filling it in gives its own. */
export interface TextMessages {
  /** Left out, or empty once trimmed. */
  empty: string;
  /** Only characters that show nothing: spaces, zero-width or direction controls, fillers. */
  invisible: string;
  tooLong: string;
  nul: string;
  lineBreak: string;
  /** Not a string at all (a number, a list). */
  notText: string;
}

export interface TextOptions {
  max: number;
  /** An empty value is accepted (an optional form field, a signature not written yet). */
  blank?: boolean;
  messages?: Partial<TextMessages>;
}

const NUL = '\u0000';
/** Every way of ending a line: CR, LF, vertical tab, form feed, NEL, line and paragraph separators. */
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
/**
 * Characters that draw nothing on their own: controls, format characters (zero-width space and
 * joiners, direction controls such as U+202E and U+2066, the byte order mark, soft hyphen),
 * spaces, combining marks, and the Hangul and Braille blanks that render as empty.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;

const hasVisibleText = (value: string) => value.replace(INVISIBLE, '') !== '';

function textField(options: TextOptions, oneLine: boolean) {
  const { max, blank = false } = options;
  const m: TextMessages = {
    empty: 'must not be empty',
    invisible: 'must contain visible text, not only spaces or invisible characters',
    tooLong: `must be at most ${max.toLocaleString('en-GB')} characters`,
    nul: NUL_MESSAGE,
    lineBreak: 'must be on one line: remove the line break',
    notText: 'must be text',
    ...options.messages,
  };
  return z
    .string({ error: (issue) => (issue.input === undefined ? m.empty : m.notText) })
    .trim()
    .superRefine((value, ctx) => {
      const problem = value.includes(NUL)
        ? m.nul
        : oneLine && LINE_BREAK.test(value)
          ? m.lineBreak
          : value === ''
            ? blank
              ? undefined
              : m.empty
            : !hasVisibleText(value)
              ? m.invisible
              : value.length > max
                ? m.tooLong
                : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
    });
}

/** One line of text (a name, a subject, a title): trimmed, no line breaks, something visible. */
export const lineOfText = (options: TextOptions) => textField(options, true);

/** Free text over several lines (a note, a message): trimmed, something visible. */
export const textBlock = (options: TextOptions) => textField(options, false);

// ---- dates ----

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Why a 'YYYY-MM-DD' (any number of year digits) is no date Postbag keeps, or undefined when it is one. */
function calendarProblem(year: number, month: number, day: number): string | undefined {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return `must be a date from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
  if (month < 1 || month > 12) return 'is not a real date: the month must be from 01 to 12';
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `is not a real date: ${MONTHS[month - 1]} ${year} has ${days} days`;
  return undefined;
}

const DATE_PART = /^(\d+)-(\d\d)-(\d\d)(?=$|T)/;

/** Checks the date a value starts with; leaves the format to the schema after it. */
const realDate = (value: string, ctx: z.RefinementCtx) => {
  const parts = DATE_PART.exec(value);
  if (!parts) return;
  const problem = calendarProblem(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
};

const DATE_FORMAT = 'must be a date written YYYY-MM-DD, e.g. 2026-12-31';
const DATE_TIME_FORMAT = 'must be a date and time, e.g. 2026-03-01T09:30:00Z';

/** A day on the calendar, 'YYYY-MM-DD', from 1900 to 2100 (2025-02-30 is refused). */
export const calendarDate = () =>
  z
    .string({ error: DATE_FORMAT })
    .superRefine(realDate)
    .pipe(z.iso.date(DATE_FORMAT));

/**
 * A moment, ISO 8601 with Z or an offset, on a real date from 1900 to 2100. `past` allows a
 * minute's grace for clocks that differ; `future` is strictly after now.
 */
export function dateTime(when?: 'past' | 'future') {
  const moment = z
    .string({ error: DATE_TIME_FORMAT })
    .superRefine(realDate)
    .pipe(z.iso.datetime({ offset: true, abort: true, error: DATE_TIME_FORMAT }));
  if (when === 'past') return moment.refine((v) => Date.parse(v) <= Date.now() + 60_000, 'must not be in the future');
  if (when === 'future') return moment.refine((v) => Date.parse(v) > Date.now(), 'must be in the future');
  return moment;
}
