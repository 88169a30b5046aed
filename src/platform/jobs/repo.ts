import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { DB, JobsTable } from '../../db/schema.js';

/**
 * Every query on the `jobs` table. The table has no row level security (see migration 0002), so
 * each office-facing query here filters on office_id itself; the runner's queries work across
 * offices and are guarded by the worker's id and the attempt it claimed.
 */

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export type JobRow = Selectable<JobsTable>;

/** One job as the office's jobs page shows it. Dates are the database's clock. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  /** Attempts started so far (a running job counts its current attempt). */
  attempts: number;
  maxAttempts: number;
  /** When it is (or was) due; for a queued job after a failure, when it will be retried. */
  runAt: Date;
  /** The message of the most recent failed attempt; kept after a later attempt succeeds. */
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface JobListOptions {
  status?: JobStatus;
  limit: number;
  offset: number;
}

const toView = (r: Pick<JobRow, 'id' | 'kind' | 'status' | 'attempts' | 'max_attempts' | 'run_at' | 'last_error' | 'created_at' | 'finished_at'>): JobView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: r.run_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** One office's jobs, newest first. Deployment-wide jobs (no office) never appear here. */
export async function listJobs(db: Kysely<DB>, officeId: string, { status, limit, offset }: JobListOptions): Promise<JobView[]> {
  let query = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'attempts', 'max_attempts', 'run_at', 'last_error', 'created_at', 'finished_at'])
    .where('office_id', '=', officeId);
  if (status) query = query.where('status', '=', status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(toView);
}

/** How many of one office's jobs there are, in one status or in all. */
export async function countJobs(db: Kysely<DB>, officeId: string, status?: JobStatus): Promise<number> {
  let query = db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('office_id', '=', officeId);
  if (status) query = query.where('status', '=', status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function findJob(db: Kysely<DB>, officeId: string, jobId: string): Promise<JobView | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'attempts', 'max_attempts', 'run_at', 'last_error', 'created_at', 'finished_at'])
    .where('office_id', '=', officeId)
    .where('id', '=', jobId)
    .executeTakeFirst();
  return row && toView(row);
}

/** Cancels a queued job (a running one cannot be stopped half-way). False if it was not queued. */
export async function cancelJob(db: Kysely<DB>, officeId: string, jobId: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: sql`clock_timestamp()`, updated_at: sql`clock_timestamp()` })
    .where('office_id', '=', officeId)
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Cancels the unfinished or failed job of this kind with this dedupe key: its work is no longer
 * wanted (the e-mail of an invitation that was replaced). A running job is left to finish.
 */
export async function cancelByDedupeKey(db: Kysely<DB>, officeId: string, kind: string, dedupeKey: string): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: sql`clock_timestamp()`, updated_at: sql`clock_timestamp()` })
    .where('office_id', '=', officeId)
    .where('kind', '=', kind)
    .where('dedupe_key', '=', dedupeKey)
    .where('status', 'in', ['queued', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** No other job with the same purpose (kind and dedupe key) is waiting or running: the unique index allows one. */
const noUnfinishedTwin = (eb: ExpressionBuilder<DB & { j: JobsTable }, 'j'>) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('jobs as o')
        .select('o.id')
        .whereRef('o.office_id', '=', 'j.office_id')
        .whereRef('o.kind', '=', 'j.kind')
        .whereRef('o.dedupe_key', '=', 'j.dedupe_key')
        .where('o.status', 'in', ['queued', 'running']),
    ),
  );

const queuedAfresh = {
  status: 'queued',
  attempts: 0,
  run_at: sql<Date>`clock_timestamp()`,
  finished_at: null,
  locked_by: null,
  locked_until: null,
  waiting_for: null,
  updated_at: sql<Date>`clock_timestamp()`,
} as const;

/**
 * Queues a failed or cancelled job again, now, with a fresh set of attempts. False if it was
 * not failed or cancelled, or if an unfinished job with the same dedupe key exists.
 */
export async function retryJob(db: Kysely<DB>, officeId: string, jobId: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs as j')
    .set(queuedAfresh)
    .where('j.office_id', '=', officeId)
    .where('j.id', '=', jobId)
    .where('j.status', 'in', ['failed', 'cancelled'])
    .where(noUnfinishedTwin)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Queues again, now, the office's failed jobs of this kind that were waiting for `waitingFor`; their ids. */
export async function retryWaiting(db: Kysely<DB>, officeId: string, kind: string, waitingFor: string): Promise<string[]> {
  const rows = await db
    .updateTable('jobs as j')
    .set(queuedAfresh)
    .where('j.office_id', '=', officeId)
    .where('j.kind', '=', kind)
    .where('j.status', '=', 'failed')
    .where('j.waiting_for', '=', waitingFor)
    .where(noUnfinishedTwin)
    .returning('j.id')
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// The runner's queries. Each write to a claimed job is guarded by (locked_by, attempts, status):
// once another worker has claimed the job again, nothing this worker does can change it.

export interface InsertJob {
  officeId: string | null;
  kind: string;
  payloadJson: string;
  runAt: Date | undefined;
  dedupeKey: string | null;
  maxAttempts: number | undefined;
}

/** Inserts a job; with a dedupe key already held by an unfinished job, inserts nothing and returns undefined. */
export async function insertJob(db: Kysely<DB>, job: InsertJob): Promise<string | undefined> {
  const row = await db
    .insertInto('jobs')
    .values({
      office_id: job.officeId,
      kind: job.kind,
      payload: job.payloadJson,
      ...(job.runAt ? { run_at: job.runAt } : {}),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
      dedupe_key: job.dedupeKey,
    })
    // The conflict target repeats the partial unique index's predicate word for word, as
    // literals (not parameters), so that PostgreSQL can match the index to it.
    .onConflict((oc) =>
      oc.columns(['office_id', 'kind', 'dedupe_key']).where(sql<boolean>`dedupe_key IS NOT NULL AND status IN ('queued', 'running')`).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findUnfinishedByDedupeKey(db: Kysely<DB>, officeId: string | null, kind: string, dedupeKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where(sql<boolean>`office_id IS NOT DISTINCT FROM ${officeId}::uuid`)
    .where('kind', '=', kind)
    .where('dedupe_key', '=', dedupeKey)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return row?.id;
}

export const leaseExpiredMessage = 'The previous attempt did not finish: its worker stopped or lost its lease.';

/**
 * Claims up to `limit` jobs: due queued ones, and running ones whose lease has expired (their
 * worker died). SKIP LOCKED lets many workers claim at once without waiting on each other or
 * taking the same job. `exclude`: jobs this worker is still running.
 */
export type ClaimedJob = JobRow & {
  /** 'running' when the job was taken over from a worker whose lease expired. */
  previous_status: JobStatus;
};

/** Claims due jobs of the kinds this worker can run; other kinds wait for a process that knows them. */
export async function claimJobs(
  db: Kysely<DB>,
  workerId: string,
  leaseSeconds: number,
  limit: number,
  kinds: readonly string[],
  exclude: readonly string[],
): Promise<ClaimedJob[]> {
  const result = await sql<ClaimedJob>`
    UPDATE jobs SET
      status = 'running',
      attempts = jobs.attempts + 1,
      locked_by = ${workerId},
      locked_until = clock_timestamp() + make_interval(secs => ${leaseSeconds}),
      last_error = CASE WHEN due.previous_status = 'running' THEN ${leaseExpiredMessage} ELSE jobs.last_error END,
      updated_at = clock_timestamp()
    FROM (
      SELECT id, status AS previous_status FROM jobs
      WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
        AND kind = ANY (${[...kinds]}::text[])
        AND NOT (id = ANY (${[...exclude]}::uuid[]))
      ORDER BY run_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE jobs.id = due.id
    RETURNING jobs.*, due.previous_status`.execute(db);
  return result.rows;
}

/** Extends the leases of the jobs this worker is running; returns the ones it still holds. */
export async function extendLeases(db: Kysely<DB>, workerId: string, leaseSeconds: number, jobIds: readonly string[]): Promise<{ id: string; attempts: number }[]> {
  if (jobIds.length === 0) return [];
  return db
    .updateTable('jobs')
    .set({ locked_until: sql`clock_timestamp() + make_interval(secs => ${leaseSeconds})`, updated_at: sql`clock_timestamp()` })
    .where('id', 'in', jobIds)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .returning(['id', 'attempts'])
    .execute();
}

export interface ClaimGuard {
  id: string;
  workerId: string;
  attempts: number;
}

const guarded = (db: Kysely<DB>, g: ClaimGuard) =>
  db.updateTable('jobs').where('id', '=', g.id).where('locked_by', '=', g.workerId).where('attempts', '=', g.attempts).where('status', '=', 'running');

/**
 * Ends a step of the job, in the step's transaction: checks this worker still holds the job and,
 * when given, stores its progress cursor. False if the job is no longer this worker's: the
 * caller rolls the step back. On PostgreSQL the row stays locked until the step commits, so no
 * other worker can claim the job between the check and the commit.
 */
export async function recordStep(tx: Kysely<DB>, g: ClaimGuard, progressJson: string | undefined): Promise<boolean> {
  const result = await guarded(tx, g)
    .set({ ...(progressJson === undefined ? {} : { progress: progressJson }), updated_at: sql`clock_timestamp()` })
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Marks the job succeeded; false if this worker no longer holds it. */
export async function markSucceeded(tx: Kysely<DB>, g: ClaimGuard): Promise<boolean> {
  const result = await guarded(tx, g)
    .set({ status: 'succeeded', finished_at: sql`clock_timestamp()`, locked_until: null, updated_at: sql`clock_timestamp()` })
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Marks the job failed for good, `waitingFor` what it lacked if anything; false if this worker no longer holds it. */
export async function markFailed(db: Kysely<DB>, g: ClaimGuard, error: string, attempts = g.attempts, waitingFor: string | null = null): Promise<boolean> {
  const result = await guarded(db, g)
    .set({ status: 'failed', attempts, last_error: error, waiting_for: waitingFor, finished_at: sql`clock_timestamp()`, locked_until: null, updated_at: sql`clock_timestamp()` })
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Queues the job again after `delayMs`; false if this worker no longer holds it. */
export async function requeue(db: Kysely<DB>, g: ClaimGuard, error: string, delayMs: number): Promise<boolean> {
  const result = await guarded(db, g)
    .set({
      status: 'queued',
      run_at: sql`clock_timestamp() + make_interval(secs => ${Math.max(0, delayMs) / 1000})`,
      last_error: error,
      locked_by: null,
      locked_until: null,
      updated_at: sql`clock_timestamp()`,
    })
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
