import type { OfficeTx } from '../../../db/scope.js';
import type { JobContextOf, JobKind, Jobs } from '../../../job-kinds.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { exponentialBackoff } from '../../../platform/jobs/runner.js';
import type { EnqueueResult } from '../../../platform/jobs/service.js';
import { MAX_RAW_BYTES } from '../email/parse.js';
import { type CorrespondenceDeps, ingestEmailIn } from '../ingest.js';
import { type BatchLimits, type FetchedMessage, describePollFailure, fetchBatch } from './imap.js';
import * as repo from './repo.js';

export const POLL_MAILBOX = 'correspondence.poll_mailbox' satisfies JobKind;
export const POLL_EVERY_MS = 60_000;
export const PASSWORD_FIELD = 'mailbox.password';

/**
 * One poll is one batch, stored in one transaction: a full batch queues the next poll at once,
 * so a big mailbox comes in as a run of short transactions rather than one long one.
 */
export const BATCH: BatchLimits = { maxMessages: 25, maxBytes: 25 * 1024 * 1024, maxMessageBytes: MAX_RAW_BYTES };

type PollContext = JobContextOf<typeof POLL_MAILBOX>;

const REJECTED = 'Message UID';

export function registerMailboxJobs(jobs: Jobs, deps: CorrespondenceDeps): void {
  jobs.register(POLL_MAILBOX, (ctx) => pollMailbox(deps, ctx), {
    // A mail server away for a day is waited for: 30 s, 1 min, ... then every 15 min.
    maxAttempts: 100,
    backoff: exponentialBackoff({ baseMs: 30_000, maxMs: 15 * 60_000 }),
  });
}

/** Queues a poll of the mailbox to run now (unless one is queued or running already). */
export async function pollSoon(jobs: Jobs, tx: OfficeTx, officeId: string, mailboxId: string): Promise<EnqueueResult> {
  const first = await enqueuePoll(jobs, tx, officeId, mailboxId, 0, new Date());
  return first.created ? first : enqueuePoll(jobs, tx, officeId, mailboxId, 1, new Date());
}

/**
 * Polls alternate between two dedupe keys (turns 0 and 1): a running poll holds its own key, so
 * it can queue its successor only under the other. At most one poll per mailbox waits per turn.
 */
function enqueuePoll(jobs: Jobs, tx: OfficeTx, officeId: string, mailboxId: string, turn: 0 | 1, runAt: Date) {
  return jobs.enqueue(tx, { kind: POLL_MAILBOX, officeId, payload: { mailboxId, turn }, runAt, dedupeKey: `${mailboxId}/${turn}` });
}

/**
 * Reads the mailbox (a step), fetches the next batch from the server outside any transaction, then
 * stores it through ingestion in one short step that also moves `last_uid` past it. A crash or a
 * dropped connection before that step commits loses nothing: the retry fetches the same UIDs
 * again. A second poll of the same mailbox may fetch alongside; the storing step locks the
 * mailbox and skips what the other has stored meanwhile (ingestion also refuses a duplicate).
 */
async function pollMailbox(deps: CorrespondenceDeps, ctx: PollContext): Promise<void> {
  const { officeId } = ctx;
  if (officeId === null) return;
  const { mailboxId, turn } = ctx.job.payload;
  const mailbox = await ctx.step((tx) => repo.findMailboxToPoll(tx, officeId, mailboxId));
  if (!mailbox) return; // removed: its polls stop here
  const password = await deps.keystore.decryptField(officeId, 'mailbox', mailboxId, PASSWORD_FIELD, mailbox.password_sealed);
  let batch;
  try {
    batch = await fetchBatch({ ...mailbox, password }, { knownValidity: mailbox.uid_validity, lastUid: Number(mailbox.last_uid) }, BATCH, ctx.signal);
  } catch (error) {
    const failure = describePollFailure(error, mailboxId);
    // Put on the mailbox for its manager; the job keeps the failure too, and retries.
    await ctx.step((tx) => repo.recordError(tx, officeId, mailboxId, failure.message));
    throw failure;
  }
  const fetched = batch;
  await ctx.step(async (tx) => {
    const current = await repo.lockMailbox(tx, officeId, mailboxId);
    if (!current) return; // removed while the batch was fetched
    const storedUpTo = fetched.uidValidity === current.uid_validity ? Number(current.last_uid) : 0;
    let lastUid = storedUpTo;
    // A note of a message that could not be read stays until another replaces it; a failed poll's note goes once a poll works.
    let lastError = current.last_error?.startsWith(REJECTED) ? current.last_error : null;
    for (const message of fetched.messages) {
      if (message.uid <= storedUpTo) continue;
      const rejected = await store(deps, tx, officeId, message);
      if (rejected) lastError = `${REJECTED} ${message.uid} was not stored and is still in the mailbox: ${rejected}`;
      lastUid = message.uid;
    }
    await repo.recordProgress(tx, officeId, mailboxId, { uidValidity: fetched.uidValidity, lastUid, lastError });
    await enqueuePoll(deps.jobs, tx, officeId, mailboxId, turn === 0 ? 1 : 0, new Date(Date.now() + (fetched.more ? 0 : POLL_EVERY_MS)));
  });
}

/** Stores one message; returns why it could not be, if so. */
async function store(deps: CorrespondenceDeps, tx: OfficeTx, officeId: string, message: FetchedMessage): Promise<string | null> {
  if ('tooLarge' in message) return `it is ${Math.ceil(message.tooLarge / 1024 / 1024)} MB, more than the ${BATCH.maxMessageBytes / 1024 / 1024} MB Postbag takes.`;
  const result = await ingestEmailIn(tx, deps, officeId, systemActor, message.source, 'imap');
  return result.outcome === 'rejected' ? result.reason : null;
}
