import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
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
  /** The text had bytes its declared character set could not read (shown with a warning). */
  charsetProblem: boolean;
  /** SHA-256 of the message with line endings made uniform: the same e-mail from IMAP or an mbox matches. */
  contentHash: string;
}

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
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    return { ok: false, reason: `The message cannot be read: ${(error as Error).message}.` };
  }
  const from = firstAddress(parsed.from);
  if (!parsed.headers.has('from') && !parsed.headers.has('date') && !parsed.messageId) {
    return { ok: false, reason: 'This is not an e-mail: it has no From, Date or Message-ID header.' };
  }
  const truncated = truncation(raw, parsed.headers.get('content-type'));
  if (truncated) return { ok: false, reason: truncated };
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  return {
    ok: true,
    email: {
      internetMessageId: bareId(parsed.messageId),
      inReplyTo: bareId(parsed.inReplyTo),
      references: (Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []).flatMap((r) => bareId(r) ?? []),
      from,
      to: addresses(parsed.to),
      subject: parsed.subject ?? '',
      text,
      html,
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
      attachments: parsed.attachments.map((a, i) => ({ filename: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: a.content })),
      charsetProblem: text.includes('\uFFFD') || (html?.includes('\uFFFD') ?? false),
      contentHash: createHash('sha256').update(raw.toString('latin1').replace(/\r\n/g, '\n').trimEnd(), 'latin1').digest('hex'),
    },
  };
}

/** A multipart message whose closing boundary never came was cut short (a broken download, a full disk). */
function truncation(raw: Buffer, contentType: unknown): string | undefined {
  const boundary = (contentType as { value?: string; params?: { boundary?: string } } | undefined)?.params?.boundary;
  if (!boundary || !(contentType as { value: string }).value.startsWith('multipart/')) return undefined;
  return raw.includes(`--${boundary}--`) ? undefined : 'The message is truncated: its last part never ends (the closing MIME boundary is missing). Export it again from the mail program.';
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
