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
  const lines = linesOf(text);
  const starts: { line: number; framed: boolean }[] = [];
  const notes: MboxNote[] = [];
  let framedTo: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.text.startsWith('From ')) continue;
    const headed = HEADER_LINE.test(lines[i + 1]?.text ?? '');
    const dated = MBOX_DATE_LINE.test(line.text);
    if (i === 0 || i === framedTo || (headed && dated) || ((headed || dated) && lines[i - 1]!.text === '')) {
      framedTo = contentLengthEnd(lines, i, text.length);
      starts.push({ line: i, framed: framedTo !== undefined });
      for (; framedTo !== undefined && i + 1 < framedTo; i++) {
        const inside = lines[i + 1]!.text;
        if (inside.startsWith('From ') && (HEADER_LINE.test(lines[i + 2]?.text ?? '') || MBOX_DATE_LINE.test(inside))) {
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
    const end = starts[n + 1]?.line ?? lines.length;
    // The blank line before the next "From " line belongs to the archive, not to the message.
    const last = end < lines.length && end - 1 > line && lines[end - 1]!.text === '' ? end - 1 : end;
    const message = text.slice(lines[line + 1]?.start ?? text.length, last < lines.length ? lines[last]!.start : text.length).replace(/\r\n/g, '\n');
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

interface Line {
  start: number;
  /** Without its line ending. */
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ start, text: text.slice(start, newline === -1 ? end : newline).replace(/\r$/, '') });
    start = end;
  }
  return lines;
}

/**
 * The line where the message starting at line `from` ends by its Content-Length header: where
 * the next "From " line or the end of the archive is, after optional blank lines. Undefined when
 * there is no such header or it points anywhere else (it was wrong, so it is not used).
 */
function contentLengthEnd(lines: readonly Line[], from: number, textLength: number): number | undefined {
  let i = from + 1;
  let length: number | undefined;
  for (; i < lines.length && lines[i]!.text !== ''; i++) {
    const header = /^content-length[ \t]*:[ \t]*(\d+)[ \t]*$/i.exec(lines[i]!.text);
    if (header) length = Number(header[1]);
  }
  if (length === undefined || i >= lines.length) return undefined;
  const bodyEnd = (lines[i + 1]?.start ?? textLength) + length;
  if (bodyEnd >= textLength) return bodyEnd === textLength ? lines.length : undefined;
  let next = i + 1;
  while (next < lines.length && lines[next]!.start < bodyEnd) next++;
  if (lines[next]?.start !== bodyEnd) return undefined;
  while (next < lines.length && lines[next]!.text === '') next++;
  return next === lines.length || lines[next]!.text.startsWith('From ') ? next : undefined;
}
