import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** What older mail programs write raw 8-bit headers in, when the message does not say: Windows' Western European set (Latin-1 and more). */
const FALLBACK_CHARSET = 'windows-1252';

// An RFC 2047 encoded word in UTF-7, which mailparser (libmime) will not decode.
const UTF7_WORD = /=\?(?:utf-7|unicode-1-1-utf-7)(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi;

/**
 * The message with its header block made readable before mailparser sees it, which reads raw
 * header bytes as UTF-8 and refuses UTF-7: a header line that is not UTF-8 is decoded in the
 * charset the message declares (else windows-1252), and UTF-7 encoded words become UTF-8 ones.
 * The body is left as it came. `guessed` says a line's charset had to be guessed.
 */
export function readableHeaders(raw: Buffer): { raw: Buffer; guessed: boolean } {
  const end = headerEnd(raw);
  const lines = splitLines(raw.subarray(0, end));
  const charset = declaredCharset(raw.subarray(0, end).toString('latin1'));
  let guessed = false;
  let changed = false;
  const fixed = lines.map((line) => {
    let text: string;
    if (isUtf8(line)) text = line.toString('utf8');
    else {
      text = iconv.decode(line, charset);
      guessed = true;
    }
    const words = text.replace(UTF7_WORD, (_word, encoding: string, encoded: string) => `=?UTF-8?B?${Buffer.from(iconv.decode(wordBytes(encoding, encoded), 'utf7'), 'utf8').toString('base64')}?=`);
    if (words === text && isUtf8(line)) return line;
    changed = true;
    return Buffer.from(words, 'utf8');
  });
  return { raw: changed ? Buffer.concat([...fixed, raw.subarray(end)]) : raw, guessed };
}

/**
 * mailparser leaves text in UTF-7 undecoded (libmime refuses it: it can smuggle markup past
 * filters, and Postbag sanitises HTML after decoding). When every text part of the message is
 * declared UTF-7, its text is decoded here; a message that mixes character sets is left alone,
 * as decoding a UTF-8 part as UTF-7 would garble every "+" in it.
 */
export function decodeUtf7Text(raw: Buffer, text: string): string {
  const charsets = [...raw.toString('latin1').matchAll(/^content-type:\s*text\/[^\n]*?charset="?([\w.:-]+)/gim)].map((m) => m[1]!.toLowerCase());
  return charsets.length > 0 && charsets.every((c) => /^(?:unicode-1-1-)?utf-7$/.test(c)) ? iconv.decode(Buffer.from(text, 'utf8'), 'utf7') : text;
}

/** Where the header block ends (the first empty line), or the whole message if it has no body. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : raw.length;
}

/** Lines with their line ends, so that joining them gives the bytes back. */
function splitLines(block: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  for (let start = 0; start < block.length; ) {
    const next = block.indexOf(0x0a, start);
    const stop = next < 0 ? block.length : next + 1;
    lines.push(block.subarray(start, stop));
    start = stop;
  }
  return lines;
}

/** The charset the message's own Content-Type names, if iconv-lite knows it and it is a single-byte guess worth trusting. */
function declaredCharset(headers: string): string {
  const named = /^content-type:[^\n]*?charset="?([\w.:-]+)/im.exec(headers)?.[1]?.toLowerCase();
  return named && !/^(?:utf-?8|utf-?7|us-ascii|ascii)$/.test(named) && iconv.encodingExists(named) ? named : FALLBACK_CHARSET;
}

function wordBytes(encoding: string, encoded: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(encoded, 'base64');
  return Buffer.from(encoded.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}
