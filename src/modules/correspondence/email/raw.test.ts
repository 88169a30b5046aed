import { describe, expect, it } from 'vitest';
import { normaliseRaw } from './raw.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('normalising a raw message before it is parsed', () => {
  it('drops a BOM, blank lines and an mbox "From " line before the headers, in any mix', () => {
    const raw = latin1('\xef\xbb\xbf\r\n\nFrom alex@mail.example Mon Nov 23 09:30:00 2026\r\nFrom: Alex <alex@mail.example>\r\nSubject: Hi\r\n\r\nBody\r\n');
    expect(normaliseRaw(raw).toString('latin1')).toBe('From: Alex <alex@mail.example>\r\nSubject: Hi\r\n\r\nBody\r\n');
  });

  it('mends obsolete "Name :" fields in the headers only; the body, and an obsolete "From :" first line, are kept', () => {
    const raw = latin1('From : Old <old@example.org>\nSubject\t: Hi\n  folded : continuation\n\nNote : the body stays.\nFrom then on.\n');
    expect(normaliseRaw(raw).toString('latin1')).toBe('From: Old <old@example.org>\nSubject: Hi\n  folded : continuation\n\nNote : the body stays.\nFrom then on.\n');
  });

  it('gives back the same bytes when there is nothing to mend, 8-bit body included', () => {
    const raw = Buffer.concat([latin1('From: a@b.example\r\nSubject: Caf\xe9\r\n\r\n'), Buffer.from([0xff, 0x00, 0x80])]);
    expect(normaliseRaw(raw)).toBe(raw);
  });
});
