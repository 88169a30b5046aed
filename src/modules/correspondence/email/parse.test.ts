import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { email as plainEmail } from '../test-fixtures/mail.js';
import * as fixture from '../test-fixtures/real-mail.js';
import { type ParsedEmail, parseEmail } from './parse.js';
import { tnefFiles } from './tnef.js';

async function read(raw: Buffer): Promise<ParsedEmail> {
  const result = await parseEmail(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.email;
}

describe('parseEmail: mail from other programs', () => {
  it('reads raw Latin-1 bytes in the subject and a name by a fallback character set, and says so', async () => {
    const email = await read(fixture.latin1Headers());
    expect(email.subject).toBe('Café licence problème');
    expect(email.from).toEqual({ address: 'renee.mueller@mail.example', name: 'Renée Müller' });
    expect(email.flags).toContain('header_charset');
    expect(email.charsetProblem).toBe(true);
  });

  it('reads headers that are UTF-8 already without a warning', async () => {
    const email = await read(fixture.latin1Headers(Buffer.from('Café licence', 'utf8').toString('latin1')));
    expect(email.subject).toBe('Café licence');
    expect(email.from.name).toBe('Renée Müller');
  });

  it('decodes a UTF-7 subject', async () => {
    const email = await read(fixture.utf7Subject());
    expect(email.subject).toBe('Café closure £500 fine');
    expect(email.flags).toEqual([]);
  });

  it('decodes a body in UTF-7, text and HTML', async () => {
    const email = await read(fixture.utf7Body());
    expect(email.text).toBe('The permit costs £40 at the café counter, 1+1.');
    expect(email.html).toContain('<p>The permit costs £40.</p><script>');
  });

  it('leaves a "+" alone in a message that is not all UTF-7', async () => {
    const text = 'C++ and 1+1 and +AKM-';
    expect((await read(plainEmail({ text }))).text).toBe(text);
    const mixed = Buffer.from(fixture.utf7Body().toString('latin1').replace('Content-Type: text/plain; charset=utf-7', 'Content-Type: text/plain; charset=utf-8'), 'latin1');
    expect((await read(mixed)).text).toBe('The permit costs +AKM-40 at the caf+AOk- counter, 1+-1.');
  });

  it('keeps a multipart whose closing boundary is missing whole, flagged', async () => {
    const email = await read(fixture.unclosedMultipart(false));
    expect(email.text).toContain('Two letters attached.');
    expect(email.attachments.map((a) => [a.filename, a.content.equals(fixture.pdf)])).toEqual([
      ['first.pdf', true],
      ['second.pdf', true],
    ]);
    expect(email.flags).toEqual(['truncated_multipart']);
  });

  it('keeps what is complete of a message cut inside its last file, leaving the broken file out', async () => {
    const email = await read(fixture.unclosedMultipart(true));
    expect(email.text).toContain('Two letters attached.');
    expect(email.attachments.map((a) => a.filename)).toEqual(['first.pdf']);
    expect(email.flags).toEqual(['truncated_multipart']);
  });

  it('says a message has no date, and flags dates before 1970 or far ahead while keeping them', async () => {
    const none = await read(fixture.dated(null, 'No date'));
    expect(none.date).toBeNull();
    expect(none.flags).toEqual(['no_date']);
    const old = await read(fixture.dated('Wed, 31 Dec 1969 23:00:00 +0000', 'Old'));
    expect(old.date?.toISOString()).toBe('1969-12-31T23:00:00.000Z');
    expect(old.flags).toEqual(['date_suspect']);
    const ahead = await read(fixture.dated('Thu, 1 Jan 2099 09:00:00 +0000', 'Ahead'));
    expect(ahead.date?.toISOString()).toBe('2099-01-01T09:00:00.000Z');
    expect(ahead.flags).toEqual(['date_suspect']);
    const tomorrowish = new Date(Date.now() + 60 * 60 * 1000).toUTCString();
    expect((await read(fixture.dated(tomorrowish, 'An hour ahead'))).flags).toEqual([]);
  });

  it('takes the files out of a winmail.dat', async () => {
    const letter = Buffer.from('%PDF-1.4 objection');
    const email = await read(fixture.outlookWinmail([{ title: 'objection.pdf', content: letter }, { title: 'site plan.jpg', content: fixture.jpeg }]));
    expect(email.attachments.map((a) => [a.filename, a.content])).toEqual([
      ['objection.pdf', letter],
      ['site plan.jpg', fixture.jpeg],
    ]);
    // One holding no files (only Outlook's formatting) is left as it came, so the message still names it.
    expect((await read(fixture.outlookWinmail([]))).attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
  });

  it('names an inline image in the HTML by the SHA-256 of its file, leaving unknown ones as they were', async () => {
    const email = await read(fixture.appleInlineImage());
    const hash = createHash('sha256').update(fixture.jpeg).digest('hex');
    expect(email.html).toContain(`src="cid:${hash}"`);
    expect(email.html).toContain('src="cid:missing@apple.example"');
    expect(email.attachments.map((a) => a.filename)).toEqual(['IMG_0042.jpeg']);
  });
});

describe('tnefFiles', () => {
  it('refuses a stream with a wrong checksum or cut short, rather than guess', () => {
    const good = fixture.winmailDat([{ title: 'a.pdf', content: fixture.pdf }]);
    expect(tnefFiles(good)?.map((f) => f.filename)).toEqual(['a.pdf']);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 5]! ^= 0xff;
    expect(tnefFiles(damaged)).toBeUndefined();
    expect(tnefFiles(good.subarray(0, good.length - 3))).toBeUndefined();
    expect(tnefFiles(Buffer.from('not tnef at all'))).toBeUndefined();
  });
});
