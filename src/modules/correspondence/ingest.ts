import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { MessageChannel } from '../../db/schema.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import { caseByReference, recordMessage } from '../casework/service.js';
import { soleHolderOf } from '../people/service.js';
import type { ReceivedFile } from './attachments.js';
import { campaignText } from './campaigns/normalise.js';
import { joinGroups } from './campaigns/repo.js';
import { type DeliveryReport, readDeliveryReport } from './delivery/read.js';
import { recordDeliveryReport } from './delivery/record.js';
import { parseEmail } from './email/parse.js';
import type { MessageFlag } from './flags.js';
import * as repo from './repo.js';
import { type PreparedMessage, prepareMessages } from './sealing.js';
import { storable, withFlags } from './storable.js';
import { shortened } from './views.js';

export type CorrespondenceDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;
/** Storing what arrives needs no job runner: the seeder and the importer call it as well. */
export type IngestDeps = Pick<AppContext, 'db' | 'keystore'>;

export type IngestResult =
  /** `flags`: what was done to store it as it came (storable.ts), in messages.detail.flags too. */
  | { outcome: 'stored'; messageId: string; caseId: string | null; personId: string | null; flags: MessageFlag[] }
  | { outcome: 'duplicate'; messageId: string }
  | { outcome: 'rejected'; reason: string };

/**
 * What became of a raw e-mail: stored as a message, or (a bounce or spam complaint) recorded on
 * the e-mails it reports on, `matched: false` when it names none the office sent. A report is
 * not a message: it never reaches the inbox or a case.
 */
export type EmailIngestResult = IngestResult | { outcome: 'delivery_report'; kind: DeliveryReport['kind']; matched: boolean; messageIds: string[] };

/** Something that arrived: an e-mail, a web form, a note of a call or letter, a social media message. */
export interface IncomingMessage {
  channel: MessageChannel;
  internetMessageId?: string | null;
  /** The Message-IDs this one answers (e-mail headers In-Reply-To and References). */
  inReplyTo?: string | null;
  references?: readonly string[];
  contentHash?: string | null;
  from: { address: string | null; name: string | null };
  to?: readonly string[];
  subject: string | null;
  text: string;
  html?: string | null;
  occurredAt: Date;
  files?: readonly ReceivedFile[];
  /** Known already (a note logged from a person's page); otherwise matched by address. */
  personId?: string | null;
  /**
   * Known already (a note staff log on a case): filed there, as it is not new work. Otherwise
   * threaded by reference or reply, and linked to that case while it waits in the inbox.
   */
  caseId?: string | null;
  outOfConstituency?: boolean;
  detail?: Record<string, unknown>;
}

const REFERENCE_IN_SUBJECT = /\[(PB-\d{6,})\]/;
const HEADING_TEXT = 300;
/** A call, letter or social media message has no subject: the inbox shows its first words instead. */
const SUBJECT_FROM_TEXT = 80;

/**
 * Stores one raw RFC 5322 message once, in the caller's office transaction (a job's). Never
 * throws for bad mail: a message it cannot read is 'rejected' with the reason. Throws only for
 * infrastructure failures (database, key store), which are worth retrying.
 */
export async function ingestEmailIn(tx: OfficeTx, deps: Pick<IngestDeps, 'keystore'>, officeId: string, actor: Actor, raw: Buffer, via: 'import' | 'imap'): Promise<EmailIngestResult> {
  const parsed = await readEmail(raw, via);
  if ('reason' in parsed) return parsed;
  if ('deliveryReport' in parsed) return recordReportIn(tx, deps.keystore, officeId, actor, parsed.deliveryReport);
  return storeIncomingIn(tx, deps, officeId, actor, parsed);
}

/** A delivery report read by `readEmail`, recorded in its own office transaction (an import's). */
export function storeDeliveryReport(deps: IngestDeps, officeId: string, actor: Actor, report: DeliveryReport): Promise<EmailIngestResult> {
  return withOffice(deps.db, officeId, (tx) => recordReportIn(tx, deps.keystore, officeId, actor, report));
}

async function recordReportIn(tx: OfficeTx, keystore: KeyStore, officeId: string, actor: Actor, report: DeliveryReport): Promise<EmailIngestResult> {
  const outcome = await recordDeliveryReport(tx, keystore, officeId, actor, report);
  return { outcome: 'delivery_report', kind: report.kind, matched: outcome.matched, messageIds: outcome.matched ? outcome.messageIds : [] };
}

/** The message as Postbag stores it, a delivery report (which is not stored as a message), or why it cannot be read. */
export async function readEmail(raw: Buffer, via: 'import' | 'imap'): Promise<IncomingMessage | { deliveryReport: DeliveryReport } | { outcome: 'rejected'; reason: string }> {
  const parsed = await parseEmail(raw);
  if (!parsed.ok) return { outcome: 'rejected', reason: parsed.reason };
  const deliveryReport = await readDeliveryReport(raw);
  if (deliveryReport) return { deliveryReport };
  const email = parsed.email;
  return {
    channel: 'email',
    internetMessageId: email.internetMessageId,
    inReplyTo: email.inReplyTo,
    references: email.references,
    contentHash: email.contentHash,
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    occurredAt: email.date ?? new Date(),
    files: email.attachments,
    detail: { via, ...(email.charsetProblem ? { charsetProblem: true } : {}), ...(email.flags.length ? { flags: email.flags } : {}) },
  };
}

/**
 * Stores an incoming message, its files sealed, once. It waits in the inbox for the team to work
 * it: linked to (and on the timeline of) an open case whose reference its subject names or a
 * message on which it answers; an answer to a closed case with the case suggested. Only a note
 * staff log on a case is filed there at once.
 */
export async function storeIncoming(deps: IngestDeps, officeId: string, actor: Actor, incoming: IncomingMessage): Promise<IngestResult> {
  return (await storeIncomingMany(deps, officeId, actor, [incoming]))[0]!;
}

/**
 * Many at once, as an import does: one look for duplicates, one key store round trip, one
 * transaction and one audit entry for the lot, so that an archive goes in at hundreds a second.
 */
export async function storeIncomingMany(deps: IngestDeps, officeId: string, actor: Actor, received: readonly IncomingMessage[]): Promise<IngestResult[]> {
  const incomings = received.map(storable);
  // Most duplicates (a mailbox polled again, an archive imported twice) stop here, before any sealing.
  const known = await withOffice(deps.db, officeId, (tx) => repo.findDuplicates(tx, officeId, incomings.map((i) => i.contentHash)));
  const fresh = incomings.filter((incoming) => !duplicateOf(known, incoming));
  // The key store is another database: seal before the transaction opens.
  const sealed = await prepare(deps.keystore, officeId, fresh);
  const stored = fresh.length ? await withOffice(deps.db, officeId, (tx) => insert(tx, deps.keystore, officeId, actor, fresh, sealed)) : [];
  return incomings.map((incoming) => {
    const duplicate = duplicateOf(known, incoming);
    return duplicate ? { outcome: 'duplicate', messageId: duplicate } : stored[fresh.indexOf(incoming)]!;
  });
}

/** As storeIncoming, in the caller's office transaction. */
export async function storeIncomingIn(tx: OfficeTx, deps: Pick<IngestDeps, 'keystore'>, officeId: string, actor: Actor, received: IncomingMessage): Promise<IngestResult> {
  const incoming = storable(received);
  const duplicate = duplicateOf(await repo.findDuplicates(tx, officeId, [incoming.contentHash]), incoming);
  if (duplicate) return { outcome: 'duplicate', messageId: duplicate };
  return (await insert(tx, deps.keystore, officeId, actor, [incoming], await prepare(deps.keystore, officeId, [incoming])))[0]!;
}

type Stored = Awaited<ReturnType<typeof repo.findDuplicates>>;

function duplicateOf(stored: Stored, incoming: IncomingMessage): string | undefined {
  return incoming.contentHash ? stored.find((row) => row.content_hash === incoming.contentHash)?.id : undefined;
}

function prepare(keystore: KeyStore, officeId: string, incomings: readonly IncomingMessage[]): Promise<PreparedMessage[]> {
  return prepareMessages(
    keystore,
    officeId,
    incomings.map((incoming) => ({ texts: { subject: incoming.subject ?? shortened(incoming.text, SUBJECT_FROM_TEXT), body: incoming.text, html: incoming.html ?? null, counterpartAddress: incoming.from.address, counterpartName: incoming.from.name }, files: incoming.files ?? [] })),
  );
}

/** Never fails on a duplicate (ON CONFLICT DO NOTHING), so the caller's transaction survives one. */
async function insert(tx: OfficeTx, keystore: KeyStore, officeId: string, actor: Actor, incomings: readonly IncomingMessage[], sealed: readonly PreparedMessage[]): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const [i, incoming] of incomings.entries()) results.push(await insertAlone(tx, () => insertOne(tx, keystore, officeId, actor, incoming, sealed[i]!)));
  // Same text, unlinked to a case: a campaign's letter, answered with the group's one reply.
  const campaign = results.flatMap((r, i) => {
    const text = r.outcome === 'stored' && r.caseId === null && !incomings[i]!.caseId ? campaignText(incomings[i]!.text) : null;
    return r.outcome === 'stored' && text ? [{ messageId: r.messageId, signature: keystore.textSignature(officeId, text) }] : [];
  });
  await joinGroups(tx, officeId, campaign);
  const ids = results.flatMap((r) => (r.outcome === 'stored' ? [r.messageId, ...(r.caseId ? [r.caseId] : [])] : []));
  if (ids.length) await recordAudit(tx, officeId, actor, { action: 'message.received', recordType: 'message', recordIds: ids });
  return results;
}

/**
 * One message in a savepoint of its own: if the database refuses it (bad data, a constraint, a
 * limit), it alone is rejected with the reason and the others still go in, so a poll moves on.
 * The reason names the SQLSTATE only: the database's own text may quote the message.
 */
async function insertAlone(tx: OfficeTx, store: () => Promise<IngestResult>): Promise<IngestResult> {
  await sql`savepoint incoming_message`.execute(tx);
  try {
    const result = await store();
    await sql`release savepoint incoming_message`.execute(tx);
    return result;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !REFUSED.test(code)) throw error;
    await sql`rollback to savepoint incoming_message`.execute(tx);
    return { outcome: 'rejected', reason: `The database refused to store this message (SQLSTATE ${code}), so it was left out; the others were stored.` };
  }
}

/** SQLSTATE classes that say "not this data" (22 data exception, 23 constraint, 54 limit), not "not now". */
const REFUSED = /^(22|23|54)[0-9A-Z]{3}$/;

async function insertOne(tx: OfficeTx, keystore: KeyStore, officeId: string, actor: Actor, incoming: IncomingMessage, sealed: PreparedMessage): Promise<IngestResult> {
  const { messageId, texts, attachments, withheld } = sealed;
  const byReference = REFERENCE_IN_SUBJECT.exec(incoming.subject ?? '')?.[1];
  const referenced = byReference ? await caseByReference(tx, officeId, byReference) : undefined;
  // The thread, nearest first: the message it answers, then References newest first.
  const thread = [...(incoming.inReplyTo ? [incoming.inReplyTo] : []), ...[...(incoming.references ?? [])].reverse()];
  const threadCase = incoming.caseId ?? referenced?.id ?? (await repo.caseOfThread(tx, officeId, thread));
  const suggested = referenced?.status === 'closed' ? referenced.id : null;
  const caseId = suggested === threadCase ? null : threadCase;
  const personId = incoming.personId ?? (await soleHolderOf(tx, officeId, { email: incoming.channel === 'email' ? (incoming.from.address ?? undefined) : undefined }));
  // Same Message-ID, other content (a duplicate stopped before): both are kept, the later one flagged.
  const clash = incoming.internetMessageId ? await repo.firstWithMessageId(tx, officeId, incoming.internetMessageId) : undefined;
  const detail = clash ? { ...withFlags(incoming.detail, ['message_id_clash']), sameMessageIdAs: clash.id } : incoming.detail;
  const stored = await repo.insertMessage(tx, {
    office_id: officeId,
    id: messageId,
    direction: 'in',
    channel: incoming.channel,
    // Mail that came in is the team's work until someone deals with it, even on its case.
    state: incoming.caseId ? 'filed' : 'inbox',
    person_id: personId,
    case_id: caseId,
    internet_message_id: incoming.internetMessageId ?? null,
    in_reply_to: incoming.inReplyTo ?? null,
    reference_ids: [...(incoming.references ?? [])],
    content_hash: incoming.contentHash ?? null,
    to_addresses: [...(incoming.to ?? [])],
    ...texts,
    occurred_at: incoming.occurredAt,
    out_of_constituency: incoming.outOfConstituency ?? false,
    attachment_count: attachments.length,
    detail: JSON.stringify({ ...detail, ...(withheld.length ? { withheldFiles: withheld } : {}), ...(suggested ? { suggestedCaseId: suggested } : {}) }),
    created_by: actor.userId,
  });
  if (!stored) return { outcome: 'duplicate', messageId: duplicateOf(await repo.findDuplicates(tx, officeId, [incoming.contentHash]), incoming)! };
  await repo.insertAttachments(tx, attachments);
  if (caseId) await recordMessage(keystore, tx, officeId, null, caseEntry(caseId, messageId, actor.userId, incoming));
  return { outcome: 'stored', messageId, caseId, personId, flags: Array.isArray(detail?.flags) ? (detail.flags as MessageFlag[]) : [] };
}

/** How a message appears on a case's timeline: its subject and the start of its text. */
export function caseEntry(caseId: string, messageId: string, actorUserId: string | null, message: Pick<IncomingMessage, 'subject' | 'text' | 'occurredAt' | 'channel'> & { direction?: 'in' | 'out' }) {
  const subject = message.subject?.trim() ?? '';
  const start = message.text.trim().slice(0, HEADING_TEXT);
  return {
    caseId,
    messageId,
    at: message.occurredAt,
    actorUserId,
    heading: [subject, start].filter(Boolean).join('\n\n') || '(no text)',
    text: `${subject}\n${message.text}`,
    detail: { direction: message.direction ?? 'in', channel: message.channel },
  };
}
