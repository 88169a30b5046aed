import { z } from 'zod';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { type JobContext, type JobRunner, exponentialBackoff } from '../../../platform/jobs/runner.js';
import type { EnqueueResult } from '../../../platform/jobs/service.js';
import { MAX_RAW_BYTES } from '../email/parse.js';
import { type CorrespondenceDeps, ingestEmailIn } from '../ingest.js';
import { type BatchLimits, type FetchedMessage, describePollFailure, fetchBatch } from './imap.js';
import * as repo from './repo.js';

export const POLL_MAILBOX = 'correspondence.poll_mailbox';
export const POLL_EVERY_MS = 60_000;
export const PASSWORD_FIELD = 'mailbox.password';

/**
 * One poll is one batch: the job runner holds the office transaction (and, on the embedded
 * database, its only connection) for the whole run, so a run fetches seconds' worth, not minutes'.
 */
export const BATCH: BatchLimits = { maxMessages: 25, maxBytes: 25 * 1024 * 1024, maxMessageBytes: MAX_RAW_BYTES };

/**
 * Polls alternate between two dedupe keys (turns 0 and 1): a running poll holds its own key, so
 * it can queue its successor only under the other. At most one poll per mailbox waits per turn.
 */
const pollPayload = z.object({ mailboxId: z.uuid(), turn: z.union([z.literal(0), z.literal(1)]) });
type PollPayload = z.infer<typeof pollPayload>;

const REJECTED = 'Message UID';

export function registerMailboxJobs(jobs: JobRunner, deps: CorrespondenceDeps): void {
  jobs.register<PollPayload>(POLL_MAILBOX, (ctx) => pollMailbox(deps, ctx), {
    payload: pollPayload,
    // A mail server away for a day is waited for: 30 s, 1 min, ... then every 15 min.
    maxAttempts: 100,
    backoff: exponentialBackoff({ baseMs: 30_000, maxMs: 15 * 60_000 }),
  });
}

/** Queues a poll of the mailbox to run now (unless one is queued or running already). */
export async function pollSoon(jobs: JobRunner, tx: OfficeTx, officeId: string, mailboxId: string): Promise<EnqueueResult> {
  const first = await enqueuePoll(jobs, tx, officeId, mailboxId, 0, new Date());
  return first.created ? first : enqueuePoll(jobs, tx, officeId, mailboxId, 1, new Date());
}

function enqueuePoll(jobs: JobRunner, tx: OfficeTx, officeId: string, mailboxId: string, turn: 0 | 1, runAt: Date) {
  return jobs.enqueue<PollPayload>(tx, { kind: POLL_MAILBOX, officeId, payload: { mailboxId, turn }, runAt, dedupeKey: `${mailboxId}/${turn}` });
}

/**
 * Fetches the next batch, stores each message through ingestion in the job's transaction, and
 * moves `last_uid` past it in that same transaction, which also completes the job. A crash or a
 * dropped connection rolls back the batch's messages and progress together, and the retry fetches
 * the same UIDs again: nothing lost, nothing stored twice (ingestion also refuses a duplicate).
 */
async function pollMailbox(deps: CorrespondenceDeps, ctx: JobContext<PollPayload>): Promise<void> {
  if (ctx.officeId === null) return;
  const { tx, officeId } = ctx;
  const { mailboxId, turn } = ctx.job.payload;
  const mailbox = await repo.lockMailbox(tx, officeId, mailboxId);
  if (!mailbox) return; // removed: its polls stop here
  const password = await deps.keystore.decryptField(officeId, 'mailbox', mailboxId, PASSWORD_FIELD, mailbox.password_sealed);
  const knownValidity = mailbox.uid_validity;
  let batch;
  try {
    batch = await fetchBatch({ ...mailbox, password }, { knownValidity, lastUid: Number(mailbox.last_uid) }, BATCH, ctx.signal);
  } catch (error) {
    const failure = describePollFailure(error, mailboxId);
    noteFailure(deps, ctx, officeId, mailboxId, failure.message);
    throw failure;
  }
  let lastUid = batch.uidValidity === knownValidity ? Number(mailbox.last_uid) : 0;
  // A note of a message that could not be read stays until another replaces it; a failed poll's note goes once a poll works.
  let lastError = mailbox.last_error?.startsWith(REJECTED) ? mailbox.last_error : null;
  for (const message of batch.messages) {
    const rejected = await store(deps, tx, officeId, message);
    if (rejected) lastError = `${REJECTED} ${message.uid} was not stored and is still in the mailbox: ${rejected}`;
    lastUid = message.uid;
  }
  await repo.recordProgress(tx, officeId, mailboxId, { uidValidity: batch.uidValidity, lastUid, lastError });
  await enqueuePoll(deps.jobs, tx, officeId, mailboxId, turn === 0 ? 1 : 0, new Date(Date.now() + (batch.more ? 0 : POLL_EVERY_MS)));
}

/** Stores one message; returns why it could not be, if so. */
async function store(deps: CorrespondenceDeps, tx: OfficeTx, officeId: string, message: FetchedMessage): Promise<string | null> {
  if ('tooLarge' in message) return `it is ${Math.ceil(message.tooLarge / 1024 / 1024)} MB, more than the ${BATCH.maxMessageBytes / 1024 / 1024} MB Postbag takes.`;
  const result = await ingestEmailIn(tx, deps, officeId, systemActor, message.source, 'imap');
  return result.outcome === 'rejected' ? result.reason : null;
}

/**
 * Puts the failure on the mailbox for its manager. The job's transaction is rolled back when the
 * handler throws, so the note is written in a transaction of its own, started without waiting:
 * it runs once the job's transaction has ended (on PostgreSQL it waits for the mailbox row the
 * job has locked; on the embedded database, for the one connection the job holds).
 */
function noteFailure(deps: CorrespondenceDeps, ctx: JobContext<PollPayload>, officeId: string, mailboxId: string, message: string): void {
  withOffice(deps.db, officeId, (tx) => repo.recordError(tx, officeId, mailboxId, message)).catch((error: unknown) =>
    ctx.logger.error({ jobId: ctx.job.id, mailboxId, error: error instanceof Error ? error.name : typeof error }, 'could not note a failed poll on its mailbox'),
  );
}
