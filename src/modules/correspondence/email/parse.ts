import { createHash } from 'node:crypto';
import { type AddressObject, type Attachment, simpleParser } from 'mailparser';
import { sha256 } from '../attachments.js';
import { decodeUtf7Text, readableHeaders } from './headers.js';
import { tnefFiles } from './tnef.js';
import type { MessageFlag } from '../flags.js';
import { normaliseRaw } from './raw.js';

/** One e-mail as Postbag keeps it: texts, threading headers, and its attachments as received. */
export interface ParsedEmail {
  internetMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string | null; name: string | null };
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  date: Date | null;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** The text or a header had bytes its declared character set could not read, or whose set had to be guessed (shown with a warning). */
  charsetProblem: boolean;
  /** What was odd but not fatal, for `messages.detail.flags` (see MessageFlag). */
  flags: MessageFlag[];
  /** SHA-256 of the message with line endings made uniform: the same e-mail from IMAP or an mbox matches. */
  contentHash: string;
}

/** A date this far ahead of the clock is not a time zone slip. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

export type ParseResult = { ok: true; email: ParsedEmail } | { ok: false; reason: string };

/** Beyond this a message is refused whole: at 100 MB it is not correspondence. */
export const MAX_RAW_BYTES = 100 * 1024 * 1024;

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

/** Reads an RFC 5322 message; never throws for bad mail, it says what is wrong instead. */
export async function parseEmail(raw: Buffer): Promise<ParseResult> {
  raw = normaliseRaw(raw);
  if (raw.length === 0) return { ok: false, reason: 'The message is empty.' };
  if (raw.length > MAX_RAW_BYTES) return { ok: false, reason: `The message is ${megabytes(raw.length)} MB; messages over ${megabytes(MAX_RAW_BYTES)} MB are not accepted.` };
  const head = raw.subarray(0, 1000).toString('latin1');
  if (!HEADER_LINE.test(head)) return { ok: false, reason: 'This is not an e-mail: it does not begin with header lines such as "From:" or "Subject:".' };
  const headers = readableHeaders(raw);
  let parsed;
  try {
    parsed = await simpleParser(headers.raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    return { ok: false, reason: `The message cannot be read: ${(error as Error).message}.` };
  }
  const from = firstAddress(parsed.from);
  if (!parsed.headers.has('from') && !parsed.headers.has('date') && !parsed.messageId) {
    return { ok: false, reason: 'This is not an e-mail: it has no From, Date or Message-ID header.' };
  }
  const cut = cutShort(raw, parsed.headers.get('content-type'));
  const text = decodeUtf7Text(raw, parsed.text ?? '');
  const files = readFiles(cut === 'last_part_cut' ? parsed.attachments.slice(0, -1) : parsed.attachments);
  const html = typeof parsed.html === 'string' ? fileInlineImages(decodeUtf7Text(raw, parsed.html), files) : null;
  const subject = parsed.subject ?? '';
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  const headerCharset = headers.guessed || `${subject}${from.name ?? ''}`.includes('\uFFFD');
  const flags: MessageFlag[] = [
    ...(cut ? (['truncated_multipart'] as const) : []),
    ...(date ? [] : (['no_date'] as const)),
    ...(date && (date.getTime() < 0 || date.getTime() > Date.now() + FUTURE_SLACK_MS) ? (['date_suspect'] as const) : []),
    ...(headerCharset ? (['header_charset'] as const) : []),
  ];
  return {
    ok: true,
    email: {
      internetMessageId: bareId(parsed.messageId),
      inReplyTo: bareId(parsed.inReplyTo),
      references: (Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []).flatMap((r) => bareId(r) ?? []),
      from,
      to: addresses(parsed.to),
      subject,
      text,
      html,
      date,
      attachments: files.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
      charsetProblem: headerCharset || text.includes('\uFFFD') || (html?.includes('\uFFFD') ?? false),
      flags,
      contentHash: createHash('sha256').update(raw.toString('latin1').replace(/\r\n/g, '\n').trimEnd(), 'latin1').digest('hex'),
    },
  };
}

interface ReadFile {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | undefined;
}

/** The message's files, those inside a winmail.dat (Outlook's TNEF) taken out of it. */
function readFiles(attachments: readonly Attachment[]): ReadFile[] {
  return attachments.flatMap((a, i) => {
    const file = { filename: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: a.content, contentId: a.cid };
    const inside = a.contentType === 'application/ms-tnef' || /^winmail\.dat$/i.test(file.filename) ? tnefFiles(a.content) : undefined;
    // One with no files in it (only Outlook's formatting) stays as it came, to be withheld and named.
    return inside?.length ? inside.map((f) => ({ ...f, contentType: 'application/octet-stream', contentId: undefined })) : [file];
  });
}

/**
 * HTML that shows a file of the message (`<img src="cid:...">`) names it by the SHA-256 of its
 * bytes instead, which the attachment's row keeps (the same sha256()): the reader finds the image among the files
 * kept, and one withheld stays unshown.
 */
function fileInlineImages(html: string, files: readonly ReadFile[]): string {
  const byId = new Map(files.flatMap((f) => (f.contentId ? [[f.contentId, sha256(f.content)] as const] : [])));
  if (byId.size === 0) return html;
  return html.replace(/\bcid:([^'"\s>]{1,256})/gi, (match, id: string) => {
    const hash = byId.get(id) ?? byId.get(safeDecode(id));
    return hash ? `cid:${hash}` : match;
  });
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/**
 * A multipart message whose closing boundary never came: it was cut short (a broken download, a
 * full disk) or written by a careless program. What came is kept; a last part encoded in base64
 * that stops mid-group was cut inside a file, which is then left out ('last_part_cut').
 */
function cutShort(raw: Buffer, contentType: unknown): 'truncated' | 'last_part_cut' | undefined {
  const boundary = (contentType as { value?: string; params?: { boundary?: string } } | undefined)?.params?.boundary;
  if (!boundary || !(contentType as { value: string }).value.startsWith('multipart/')) return undefined;
  if (raw.includes(`--${boundary}--`)) return undefined;
  const source = raw.toString('latin1');
  const boundaries = [...source.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  const lastDelimiter = Math.max(...boundaries.map((b) => source.lastIndexOf(`\n--${b}`)));
  const lastPart = source.slice(lastDelimiter).replace(/^\n[^\n]*\n/, '');
  const [partHeaders = '', ...body] = lastPart.split(/\r?\n\r?\n/);
  const isFile = /^content-disposition:\s*attachment|name=/im.test(partHeaders);
  const base64 = /^content-transfer-encoding:\s*base64/im.test(partHeaders);
  return isFile && base64 && body.join('').replace(/[^A-Za-z0-9+/=]/g, '').length % 4 !== 0 ? 'last_part_cut' : 'truncated';
}

function bareId(id: string | undefined): string | null {
  const bare = id?.trim().replace(/^<|>$/g, '');
  return bare ? bare : null;
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): { address: string | null; name: string | null } {
  const first = (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value)[0];
  return { address: first?.address?.toLowerCase() || null, name: first?.name || null };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value).flatMap((a) => (a.address ? [a.address.toLowerCase()] : []));
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
