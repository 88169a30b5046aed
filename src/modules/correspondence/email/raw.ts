/**
 * Puts a raw message the way it is really saved into RFC 5322 shape before it is parsed: a UTF-8
 * byte order mark (Windows editors), blank lines before the headers, and the mbox "From " line a
 * single saved .eml often keeps are dropped; obsolete "Name :" header fields (RFC 5322 section 4.5)
 * lose the space before the colon. Only the header section is touched; the body stays byte for byte.
 */
export function normaliseRaw(raw: Buffer): Buffer {
  let text = raw.toString('latin1');
  const start = text.match(LEADING_NOISE)?.[0].length ?? 0;
  text = text.slice(start);
  const end = headerEnd(text);
  const headers = text.slice(0, end).replace(OBSOLETE_FIELD_NAME, '$1:');
  if (start === 0 && headers.length === end) return raw;
  return Buffer.concat([Buffer.from(headers, 'latin1'), raw.subarray(start + end)]);
}

// UTF-8 BOM (as latin1), blank lines, and an mbox "From " line (not "From:" nor obsolete "From :"), in any mix.
const LEADING_NOISE = /^(?:\xef\xbb\xbf|[ \t]*\r?\n|From (?![ \t]*:)[^\r\n]*\r?\n)+/;
// A field name followed by spaces before its colon, at the start of a line (not a folded continuation).
const OBSOLETE_FIELD_NAME = /^([\x21-\x39\x3b-\x7e]+)[ \t]+:/gm;

/** Where the header section ends: at its blank line, or the whole text if there is none. */
function headerEnd(text: string): number {
  const blank = /\r?\n\r?\n/.exec(text);
  return blank ? blank.index : text.length;
}
