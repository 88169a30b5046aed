/** An mbox archive's messages, and each "From " line that looked like the start of one but was not taken as such. */
export interface MboxContents {
  messages: Buffer[];
  notes: MboxNote[];
}

/** `position`: the message (1 = the first) whose text holds `line` (1 = the archive's first line). */
export interface MboxNote {
  position: number;
  line: number;
  note: string;
}

/**
 * Splits an mbox archive into its messages. Writers differ (mboxo, mboxrd, mboxcl2; Thunderbird,
 * Apple Mail, Gmail's export, old Unix mailers), so a line beginning "From " starts a message when
 * two of these hold: a blank line before it, the mbox date ("From x@y Mon Nov 23 09:30:00 2026"),
 * a header line after it. So a writer that forgot the blank line is still read right, and so is a
 * body line such as "From then on..." that a writer did not quote. A Content-Length header, where
 * it lands on the next message or the end, frames the body: a "From " line inside it stays in it.
 * A "From " line not taken that had one of the three is named in `notes`, so that a count lower
 * than expected says why. Lines that begin ">From " (any number of ">") were quoted by the writer
 * and lose one ">" (not in a body framed by Content-Length: mboxcl2 does not quote). Bytes are kept
 * as they are (latin1 maps bytes 1:1), so each message's own charset survives.
 */
export function splitMbox(archive: Buffer): MboxContents {
  const text = archive.toString('latin1');
  if (!text.startsWith('From ')) {
    throw new MboxError('This is not an mbox archive: it must begin with a "From " line. Upload a single e-mail as message/rfc822 instead.');
  }
  const lines = new Lines(text);
  const starts: { line: number; framed: boolean }[] = [];
  const notes: MboxNote[] = [];
  let framedTo: number | undefined;
  for (let i = 0; i < lines.count; i++) {
    if (!lines.startsWith(i, 'From ')) continue;
    const headed = HEADER_LINE.test(lines.text(i + 1));
    const dated = MBOX_DATE_LINE.test(lines.text(i));
    if (i === 0 || i === framedTo || (headed && dated) || ((headed || dated) && lines.blank(i - 1))) {
      framedTo = contentLengthEnd(lines, i);
      starts.push({ line: i, framed: framedTo !== undefined });
      for (; framedTo !== undefined && i + 1 < framedTo; i++) {
        if (lines.startsWith(i + 1, 'From ') && (HEADER_LINE.test(lines.text(i + 2)) || MBOX_DATE_LINE.test(lines.text(i + 1)))) {
          notes.push({
            position: starts.length,
            line: i + 2,
            note: `Line ${i + 2} begins "From " like a new message, but it is inside the body of message ${starts.length} by that message's Content-Length header, so it was read as part of it.`,
          });
        }
      }
    } else if (headed || dated) {
      notes.push({
        position: starts.length,
        line: i + 1,
        note: `Line ${i + 1} begins "From " ${headed ? 'and is followed by a header line' : 'with an mbox date'}, but has no blank line before it${headed ? ' nor an mbox date' : ' nor a header line after it'}, so it was read as part of message ${starts.length}. If it starts another message, add the blank line before it and import again.`,
      });
    }
  }
  const messages = starts.map(({ line, framed }, n) => {
    const end = starts[n + 1]?.line ?? lines.count;
    // The blank line before the next "From " line belongs to the archive, not to the message.
    const last = end < lines.count && end - 1 > line && lines.blank(end - 1) ? end - 1 : end;
    const message = text.slice(lines.start(line + 1), lines.start(last)).replace(/\r\n/g, '\n');
    return Buffer.from(framed ? message : message.replace(/^>(>*From )/gm, '$1'), 'latin1');
  });
  return { messages, notes };
}

export class MboxError extends Error {
  override name = 'MboxError';
}

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
// "From sender date" with an asctime date, and the time zones some writers add (Gmail: "+0000 2026").
const MBOX_DATE_LINE = new RegExp(`^From \\S+ +${DAY} +${MONTH} +\\d{1,2} +\\d{1,2}:\\d{2}(?::\\d{2})? +(?:[A-Z]{3,4} +|[+-]\\d{4} +)?\\d{4}(?: +[+-]\\d{4})?(?: remote from \\S+)? *$`, 'i');

/** The archive's lines by where they start (a 200 MB archive has millions: no string for each). */
class Lines {
  private readonly starts: number[] = [];
  constructor(private readonly whole: string) {
    for (let at = 0; at < whole.length; at = whole.indexOf('\n', at) + 1 || whole.length) this.starts.push(at);
  }

  get count(): number {
    return this.starts.length;
  }

  /** Where line i starts; past the last line, the end of the archive. */
  start(i: number): number {
    return this.starts[i] ?? this.whole.length;
  }

  /** Line i without its line ending ('' past the end). */
  text(i: number): string {
    return this.whole.slice(this.start(i), this.start(i + 1)).replace(/\r?\n$/, '');
  }

  startsWith(i: number, prefix: string): boolean {
    return i < this.count && this.whole.startsWith(prefix, this.start(i));
  }

  blank(i: number): boolean {
    const length = this.start(i + 1) - this.start(i);
    return i < this.count && (length === 1 || (length === 2 && this.whole[this.start(i)] === '\r'));
  }
}

/**
 * The line where the message starting at line `from` ends by its Content-Length header: where
 * the next "From " line or the end of the archive is, after optional blank lines. Undefined when
 * there is no such header or it points anywhere else (it was wrong, so it is not used).
 */
function contentLengthEnd(lines: Lines, from: number): number | undefined {
  let i = from + 1;
  let length: number | undefined;
  for (; i < lines.count && !lines.blank(i); i++) {
    const header = /^content-length[ \t]*:[ \t]*(\d+)[ \t]*$/i.exec(lines.text(i));
    if (header) length = Number(header[1]);
  }
  if (length === undefined || i >= lines.count) return undefined;
  const bodyEnd = lines.start(i + 1) + length;
  const archiveEnd = lines.start(lines.count);
  if (bodyEnd >= archiveEnd) return bodyEnd === archiveEnd ? lines.count : undefined;
  let next = i + 1;
  while (next < lines.count && lines.start(next) < bodyEnd) next++;
  if (lines.start(next) !== bodyEnd) return undefined;
  while (next < lines.count && lines.blank(next)) next++;
  return next === lines.count || lines.startsWith(next, 'From ') ? next : undefined;
}
