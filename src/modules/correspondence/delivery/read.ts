import { createHash } from 'node:crypto';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { DeliveryAction } from '../../../db/schema.js';
import { normaliseRaw } from '../email/raw.js';

/**
 * Delivery reports in incoming mail: RFC 3464 delivery status notifications, RFC 5965 (ARF) spam
 * complaints, and the plain-text bounces older servers still send (qmail, Exim, Postfix, Sendmail,
 * Exchange). mailparser finds the parts; the fields of a delivery status (header-shaped blocks) and
 * the plain-text wording are read here, since no well-kept library reads them (the npm ones, such
 * as baunsu, are small and unmaintained).
 */

export interface ReportedRecipient {
  /** One of the addresses it was sent to, as given. */
  address: string;
  action: DeliveryAction;
  /** RFC 3463 enhanced status code, e.g. 5.1.1. */
  status: string | null;
  /** Will not go away by trying again: the address is marked undeliverable. */
  permanent: boolean;
  /** The receiving server's own words, when it gave them. */
  diagnostic: string | null;
  at: Date;
}

export interface DeliveryReport {
  kind: 'bounce' | 'complaint';
  /** The Message-IDs (bare) of the message it reports on, found in the returned message or its headers. */
  messageIds: string[];
  /** SHA-256 of the report as it came (line endings made uniform): the same report is recorded once. */
  reportHash: string;
  /** What it says of each of these addresses (those the matched e-mail went to); the others it names are not ours. */
  recipientsFor(addresses: readonly string[]): ReportedRecipient[];
}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_PARTS = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);
const DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|mdaemon)@/i;
const DAEMON_NAME = /mail delivery (system|subsystem)|microsoft outlook|mail administrator/i;
/** The wording of the common non-standard bounces, each server's opening line or heading. */
const BOUNCE_WORDING =
  /this is the qmail-send program|created automatically by mail delivery software|this is the mail system at host|the original message was received at|delivery has failed to these recipients|your message (to .{1,200} )?(couldn't|could not|wasn't|was not) (be )?delivered|could not be delivered to one or more|message delivery failed|undeliverable mail|delivery to the following recipients? (failed|has been delayed)|delivery status notification/i;
/** Where the returned copy of the message starts in a plain-text bounce. */
const COPY_STARTS =
  /^[ \t]*-*[ \t]*(below this line is a copy of the message|this is a copy of the message|original message follows|original message headers|-*[ \t]*original message|the original message was|undelivered message (headers )?follows|returned mail follows|message headers follow)/im;
const TRANSIENT_WORDING = /\bdelayed\b|not yet been delivered|will (continue|keep) (trying|to try)|will be retried|still trying|temporar(y|ily) (failure|error|problem|unavailable)|try again later/i;
const PERMANENT_WORDING =
  /permanent (error|failure|fatal)|permanently|i've given up|(user|mailbox|recipient|address|account)( name)? (is )?(unknown|not found|does not exist|doesn't exist|unavailable|invalid)|no such (user|mailbox|recipient|address)|no mailbox here|recipient not found|not found by smtp address lookup/i;
const ENHANCED_STATUS = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])/;
const SMTP_REPLY = /(?<![\d.])([45])[0-9]{2}(?=[ -])/;
const MESSAGE_ID_FIELD = /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+@[^\s<>]+?)>?[ \t]*$/gim;

/** The report in this raw message, or null when it is not one (ordinary mail). Never throws for bad mail. */
export async function readDeliveryReport(raw: Buffer): Promise<DeliveryReport | null> {
  raw = normaliseRaw(raw);
  const head = raw.subarray(0, 8192).toString('latin1');
  // Most mail is not a report: a look at the headers first spares it a second parse.
  if (!/multipart\/report/i.test(head) && !DAEMON.test(fromOf(head)) && !DAEMON_NAME.test(fromOf(head)) && !/^return-path:[ \t]*<>/im.test(head)) return null;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  } catch {
    return null;
  }
  const reportHash = createHash('sha256').update(raw.toString('latin1').replace(/\r\n/g, '\n').trimEnd(), 'latin1').digest('hex');
  const reportedAt = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : new Date();
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType = contentType?.value?.toLowerCase() === 'multipart/report' ? contentType.params?.['report-type']?.toLowerCase() : undefined;
  const returned = mail.attachments.filter((a) => RETURNED_PARTS.has(a.contentType.toLowerCase()));
  const text = mail.text ?? '';
  const copyAt = text.search(COPY_STARTS);
  const notice = copyAt >= 0 ? text.slice(0, copyAt) : text;
  const messageIds = idsIn([...returned.map((a) => a.content.toString('latin1')), copyAt >= 0 ? text.slice(copyAt) : text]);

  if (reportType === 'feedback-report') {
    const feedback = mail.attachments.find((a) => a.contentType.toLowerCase() === 'message/feedback-report');
    const fields = feedback ? fieldGroups(feedback.content.toString('utf8'))[0] ?? new Map<string, string>() : new Map<string, string>();
    const type = (fields.get('feedback-type') ?? 'abuse').toLowerCase();
    const complained = ['abuse', 'fraud', 'virus', 'other'].includes(type);
    const named = (fields.get('original-rcpt-to') ?? '').split(/[,\s]+/).map(bareAddress).filter(Boolean);
    const at = dateOr(fields.get('arrival-date') ?? fields.get('received-date'), reportedAt);
    return {
      kind: 'complaint',
      messageIds,
      reportHash,
      // Yahoo and others redact the recipient: then it is the one the reported e-mail went to.
      recipientsFor: (addresses) =>
        complained ? ours(addresses, named.length ? named : addresses).map((address) => ({ address, action: 'complaint', status: null, permanent: true, diagnostic: null, at })) : [],
    };
  }
  const statusParts = mail.attachments.filter((a) => STATUS_PARTS.has(a.contentType.toLowerCase()));
  if (reportType === 'delivery-status' && statusParts.length) {
    const blocks = statusParts.flatMap((a) => fieldGroups(a.content.toString('utf8')).slice(1));
    return { kind: 'bounce', messageIds, reportHash, recipientsFor: (addresses) => blocks.flatMap((block) => recipientOfBlock(block, addresses, reportedAt)) };
  }
  if (!BOUNCE_WORDING.test(text) || !isFromDaemon(mail, head)) return null;
  return { kind: 'bounce', messageIds, reportHash, recipientsFor: (addresses) => plainRecipients(notice, addresses, reportedAt) };
}

function fromOf(head: string): string {
  const line = /^from:[ \t]*([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/im.exec(head)?.[1] ?? '';
  return /<([^>]+)>/.exec(line)?.[1] ?? line.trim();
}

function isFromDaemon(mail: ParsedMail, head: string): boolean {
  const from = mail.from?.value[0];
  return DAEMON.test(from?.address ?? '') || DAEMON_NAME.test(from?.name ?? '') || /^return-path:[ \t]*<>/im.test(head);
}

/** Header-shaped fields, unfolded, in groups separated by blank lines (RFC 3464 section 2.1): the message's, then one per recipient. */
function fieldGroups(content: string): Map<string, string>[] {
  return content
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/)
    .map((group) => {
      const fields = new Map<string, string>();
      for (const line of group.split('\n')) {
        const field = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(line);
        if (field && !fields.has(field[1]!.toLowerCase())) fields.set(field[1]!.toLowerCase(), field[2]!.trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** One recipient's fields: Final-Recipient (or Original-Recipient, when a forward failed), Action, Status, Diagnostic-Code. */
function recipientOfBlock(block: Map<string, string>, addresses: readonly string[], reportedAt: Date): ReportedRecipient[] {
  const named = [block.get('original-recipient'), block.get('final-recipient')].map((f) => bareAddress(f?.slice(f.indexOf(';') + 1) ?? ''));
  const address = ours(addresses, named.filter(Boolean))[0];
  const action = /^[a-z]+/i.exec(block.get('action') ?? '')?.[0]?.toLowerCase();
  if (!address || !isAction(action)) return [];
  const diagnosticField = block.get('diagnostic-code');
  const diagnostic = diagnosticField ? diagnosticField.slice(diagnosticField.indexOf(';') + 1).trim() || null : null;
  const status = statusIn(block.get('status') ?? '') ?? statusIn(diagnostic ?? '');
  const permanent = action === 'failed' && (status ? status.startsWith('5') : SMTP_REPLY.exec(diagnostic ?? '')?.[1] === '5');
  return [{ address, action, status, permanent, diagnostic, at: dateOr(block.get('last-attempt-date'), reportedAt) }];
}

/**
 * A plain-text bounce names each failed address in its notice, followed by the server's words.
 * It counts as permanent only when those words are clear: a 5.x.x status or 5xx reply by the
 * address, or wording such as "permanent error" or "no such user"; delay wording makes it a
 * delay; anything else is recorded as a failure that changes nothing else.
 */
function plainRecipients(notice: string, addresses: readonly string[], at: Date): ReportedRecipient[] {
  const lower = notice.toLowerCase();
  return addresses.flatMap((address) => {
    // Each mention of the address with the words after it (Exchange names it twice: the reason, then the code).
    const mentions = [...lower.matchAll(new RegExp(escaped(address.toLowerCase()), 'g'))].map((m) => notice.slice(m.index, m.index + 600).split(/\n[ \t]*\n(?=\S)/).slice(0, 2).join('\n'));
    if (mentions.length === 0) return [];
    const status = mentions.map((near) => statusIn(near) ?? statusIn(/#([245]\.\d{1,3}\.\d{1,3})/.exec(near)?.[1] ?? '')).find(Boolean) ?? null;
    const reply = mentions.map((near) => SMTP_REPLY.exec(near)?.[1]).find(Boolean);
    const delayed = TRANSIENT_WORDING.test(notice) && !status?.startsWith('5') && reply !== '5';
    const permanent = !delayed && (status ? status.startsWith('5') : reply === '5' || PERMANENT_WORDING.test(notice));
    const diagnostic = mentions[0]!.slice(address.length).replace(/^[>:\s]+/, '').replace(/\s+/g, ' ').trim().slice(0, 500) || null;
    return [{ address, action: delayed ? 'delayed' : 'failed', status, permanent, diagnostic, at } satisfies ReportedRecipient];
  });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ACTIONS: readonly string[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];
function isAction(action: string | undefined): action is Exclude<DeliveryAction, 'complaint'> {
  return action !== undefined && ACTIONS.includes(action);
}

function statusIn(text: string): string | null {
  const m = ENHANCED_STATUS.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

function bareAddress(text: string): string {
  return text.trim().replace(/^<|>$/g, '').toLowerCase();
}

/** Those of the e-mail's addresses the report names, matched without regard to case. */
function ours(addresses: readonly string[], named: readonly string[]): string[] {
  const wanted = new Set(named.map((n) => n.toLowerCase()));
  return addresses.filter((a) => wanted.has(a.toLowerCase()));
}

function idsIn(texts: readonly string[]): string[] {
  const ids = texts.flatMap((t) => [...t.matchAll(MESSAGE_ID_FIELD)].map((m) => m[1]!));
  return [...new Set(ids)];
}

function dateOr(text: string | undefined, fallback: Date): Date {
  const date = text ? new Date(text.replace(/\s*\([^)]*\)\s*$/, '')) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
}
