import { describe, expect, it } from 'vitest';
import { gmailExport, thunderbird } from '../test-fixtures/clients.js';
import { splitMbox } from './mbox.js';

const text = (lines: readonly string[], eol = '\n') => Buffer.from(lines.join(eol), 'latin1');
const subjects = (messages: readonly Buffer[]) => messages.map((m) => /^Subject: (.*)$/m.exec(m.toString('latin1'))?.[1]);

function message(subject: string, body: readonly string[], extra: readonly string[] = []): string[] {
  return [`From: Alex <alex@mail.example>`, `Subject: ${subject}`, `Message-ID: <${subject.replace(/\W/g, '')}@mail.example>`, ...extra, '', ...body];
}

describe('splitting an mbox archive', () => {
  it('finds every message when the writer left out the blank line before each "From " line', () => {
    const archive = text([
      'From alex@mail.example Mon Nov 23 09:30:00 2026',
      ...message('One', ['First body.']),
      'From alex@mail.example Mon Nov 23 09:31:00 2026',
      ...message('Two', ['Second body.']),
      'From alex@mail.example Tue Nov 24 10:00 2026',
      ...message('Three', ['Third body.']),
    ]);
    const { messages, notes } = splitMbox(archive);
    expect(subjects(messages)).toEqual(['One', 'Two', 'Three']);
    expect(messages[0]!.toString('latin1')).toMatch(/First body\.\n?$/);
    expect(notes).toEqual([]);
  });

  it('reads the separators of Thunderbird, Gmail Takeout and old Unix mailers, CRLF or LF', () => {
    const tb = thunderbird('tb@mail.example', 'From Thunderbird').toString('latin1');
    const gmail = gmailExport('gm@mail.example', 'From Gmail').toString('latin1');
    const archive = Buffer.from(`${tb}\n${gmail}\nFrom MAILER-DAEMON Mon Nov 23 09:35:00 GMT 2026\r\nSubject: From a daemon\r\n\r\nbody\r\n`, 'latin1');
    expect(subjects(splitMbox(archive).messages)).toEqual(['From Thunderbird', 'From Gmail', 'From a daemon']);
  });

  it('keeps a body line that begins "From " but starts no message (no blank line and date, or no header after it)', () => {
    const archive = text([
      'From alex@mail.example Mon Nov 23 09:30:00 2026',
      ...message('Quoting', ['I said to them:', '', 'From then on the heating never worked.', 'It is still cold.']),
      '',
      'From alex@mail.example Mon Nov 23 09:31:00 2026',
      ...message('Next', ['Hello.']),
    ]);
    const { messages, notes } = splitMbox(archive);
    expect(subjects(messages)).toEqual(['Quoting', 'Next']);
    expect(messages[0]!.toString('latin1')).toContain('\nFrom then on the heating never worked.\nIt is still cold.');
    expect(notes).toEqual([]);
  });

  it('frames a body by its Content-Length, so an unquoted forwarded message inside stays in it, and says so', () => {
    const body = ['See below.', '', 'From council@example.gov.uk Mon Nov 16 12:00:00 2026', 'Subject: Your complaint', '', 'We will reply in 20 days.', ''];
    const archive = text(
      [
        'From alex@mail.example Mon Nov 23 09:30:00 2026',
        ...message('Forwarded', [], [`Content-Length: ${Buffer.byteLength(body.join('\r\n'), 'latin1')}`]),
        ...body,
        'From alex@mail.example Mon Nov 23 09:31:00 2026',
        ...message('After', ['Hello, ', '>From me, quoted.']),
      ],
      '\r\n',
    );
    const { messages, notes } = splitMbox(archive);
    expect(subjects(messages)).toEqual(['Forwarded', 'After']);
    // mboxcl2 does not quote, so the framed body is kept as it is; the other is mboxrd and unquoted.
    expect(messages[0]!.toString('latin1')).toContain('See below.\n\nFrom council@example.gov.uk Mon Nov 16 12:00:00 2026\nSubject: Your complaint\n\nWe will reply in 20 days.');
    expect(messages[1]!.toString('latin1')).toContain('\nFrom me, quoted.');
    expect(notes).toEqual([{ position: 1, line: 9, note: expect.stringMatching(/^Line 9 begins "From " like a new message, but it is inside the body of message 1 by that message's Content-Length/) }]);
  });

  it('ignores a Content-Length that does not land on the next message and splits by the lines instead', () => {
    const archive = text([
      'From alex@mail.example Mon Nov 23 09:30:00 2026',
      ...message('Wrong length', ['Body.'], ['Content-Length: 9999']),
      '',
      'From alex@mail.example Mon Nov 23 09:31:00 2026',
      ...message('Second', ['Body.']),
    ]);
    expect(subjects(splitMbox(archive).messages)).toEqual(['Wrong length', 'Second']);
  });

  it('names a "From " line it did not take as a message, so that a lower count says why', () => {
    const archive = text([
      'From alex@mail.example Mon Nov 23 09:30:00 2026',
      ...message('Held together', ['Some text']),
      'From someone somewhere',
      'Subject: this may be another message',
      '',
      'or the body of the first',
    ]);
    const { messages, notes } = splitMbox(archive);
    expect(messages).toHaveLength(1);
    expect(notes).toEqual([
      { position: 1, line: 7, note: 'Line 7 begins "From " and is followed by a header line, but has no blank line before it nor an mbox date, so it was read as part of message 1. If it starts another message, add the blank line before it and import again.' },
    ]);
  });
});
