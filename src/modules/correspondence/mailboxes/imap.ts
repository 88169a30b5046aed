import { ImapFlow } from 'imapflow';
import { JobError } from '../../../platform/jobs/runner.js';

/** What signing in to a mailbox takes. */
export interface MailboxAccess {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  folder: string;
}

export interface BatchLimits {
  maxMessages: number;
  /** The batch stops growing at this many bytes (it always takes at least one message). */
  maxBytes: number;
  /** A message bigger than this is not fetched: it could not be kept anyway. */
  maxMessageBytes: number;
}

/** One message of a batch, in UID order: its raw source, or why it was left on the server. */
export type FetchedMessage = { uid: number; source: Buffer } | { uid: number; tooLarge: number };

export interface FetchedBatch {
  uidValidity: string;
  messages: FetchedMessage[];
  /** More messages wait after this batch. */
  more: boolean;
}

/** A failed poll, in words fit for the mailbox's page and the jobs page: ids only, never the server's own text. */
export class MailboxPollError extends JobError {
  override name = 'MailboxPollError';
}

export const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * Reads the next batch of messages after `lastUid` (from UID 1 when the folder's UIDVALIDITY is no
 * longer `knownValidity`), read-only: nothing is flagged, moved or deleted on the server.
 */
export async function fetchBatch(
  access: MailboxAccess,
  from: { knownValidity: string | null; lastUid: number },
  limits: BatchLimits,
  signal: AbortSignal,
): Promise<FetchedBatch> {
  const client = new ImapFlow({
    host: access.host,
    port: access.port,
    secure: access.tls,
    // A password must not cross a network in clear: without TLS, insist on STARTTLS unless the server is this machine.
    ...(access.tls || LOOPBACK.test(access.host) ? {} : { doSTARTTLS: true }),
    auth: { user: access.username, pass: access.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // The error also rejects the command under way; without a listener it would end the process.
  client.on('error', () => {});
  const abort = () => client.close();
  signal.addEventListener('abort', abort);
  try {
    await client.connect();
    await client.mailboxOpen(access.folder, { readOnly: true });
    const opened = client.mailbox;
    if (!opened) throw new Error('no folder is open');
    const uidValidity = String(opened.uidValidity);
    const after = uidValidity === from.knownValidity ? from.lastUid : 0;
    if (opened.exists === 0 || Number(opened.uidNext) <= after + 1) return { uidValidity, messages: [], more: false };

    // `n:*` also answers the newest message when n is past it, hence the filter.
    const waiting: { uid: number; size: number }[] = [];
    for await (const m of client.fetch(`${after + 1}:*`, { uid: true, size: true }, { uid: true })) {
      if (m.uid > after) waiting.push({ uid: m.uid, size: m.size ?? 0 });
    }
    waiting.sort((a, b) => a.uid - b.uid);
    const batch = pick(waiting, limits);
    const wanted = batch.filter((m) => m.size <= limits.maxMessageBytes).map((m) => m.uid);
    const sources = new Map<number, Buffer>();
    if (wanted.length > 0) {
      for await (const m of client.fetch(wanted.join(','), { uid: true, source: true }, { uid: true })) {
        if (m.source) sources.set(m.uid, m.source);
      }
    }
    await client.logout();
    // A message expunged between the two fetches has nothing left to store.
    const messages = batch.flatMap((m): FetchedMessage[] => {
      if (m.size > limits.maxMessageBytes) return [{ uid: m.uid, tooLarge: m.size }];
      const source = sources.get(m.uid);
      return source ? [{ uid: m.uid, source }] : [];
    });
    return { uidValidity, messages, more: waiting.length > batch.length };
  } catch (error) {
    client.close();
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function pick(waiting: readonly { uid: number; size: number }[], limits: BatchLimits) {
  const batch: { uid: number; size: number }[] = [];
  let bytes = 0;
  for (const m of waiting) {
    const size = Math.min(m.size, limits.maxMessageBytes);
    if (batch.length === limits.maxMessages || (batch.length > 0 && bytes + size > limits.maxBytes)) break;
    batch.push(m);
    bytes += size;
  }
  return batch;
}

/** Says what went wrong and what to do, naming the mailbox by id only. */
export function describePollFailure(error: unknown, mailboxId: string): MailboxPollError {
  const e = (error ?? {}) as { authenticationFailed?: boolean; serverResponseCode?: string; code?: string };
  const which = `mailbox ${mailboxId}`;
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new MailboxPollError(`The mail server refused the user name or password of ${which}. Remove the mailbox and add it again with the right ones.`);
  }
  if (e.serverResponseCode === 'NONEXISTENT') {
    return new MailboxPollError(`The mail server has no folder of the name given for ${which}. Remove the mailbox and add it again with the folder's exact name.`);
  }
  const code = e.code ?? '';
  if (/CERT|SSL|TLS|VERIFY|SIGNATURE/i.test(code)) {
    return new MailboxPollError(`Could not open a secure connection to the mail server of ${which} (${code}); check its host, port and TLS setting.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new MailboxPollError(`The host name of ${which} could not be found; check it. The poll will be tried again.`);
  }
  return new MailboxPollError(
    `Could not reach the mail server of ${which}, or it closed the connection during the poll${code ? ` (${code})` : ''}. Nothing was lost: the poll will be tried again.`,
  );
}
