import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { AppError, ErrorCode } from '../errors/errors.js';
import {
  type ClaimGuard,
  type ClaimedJob,
  cancelByDedupeKey,
  claimJobs,
  extendLeases,
  leaseExpiredMessage,
  markFailed,
  markSucceeded,
  recordStep,
  requeue,
  retryWaiting,
} from './repo.js';
import { type EnqueueResult, type EnqueueSpec, type JobPayload, enqueueJob, maxPayloadBytes, validateEnqueue } from './service.js';

/**
 * The durable job runner: e-mail sending, mailbox polls, reminders, long sweeps and imports.
 *
 * A handler never holds the database while it waits on the world. It runs outside any
 * transaction and does its database work in steps (`ctx.step`), each a short transaction of its
 * own that commits when the step returns; network work (SMTP, IMAP) goes between steps. On the
 * embedded database, with its one connection, a slow mail server then delays nothing but its job.
 *
 * Guarantees:
 * - A job is enqueued in the caller's transaction, so it exists if and only if the change that
 *   needs it committed.
 * - A step runs in withOffice for the job's office (row level security applies), or in a plain
 *   transaction for a deployment-wide job. It commits only while this worker holds the job: the
 *   same transaction checks the claim (this worker's id and the attempt it claimed) and, when the
 *   step saves one, writes the job's progress cursor. If another worker has taken the job over
 *   (this worker's lease expired), the check matches nothing and the step rolls back; a step that
 *   would start after the heartbeat has learnt of the loss is refused, and `ctx.signal` aborts.
 * - The job is marked succeeded once the handler returns. Delivery is at least once: a crash,
 *   a failed attempt or a lost lease leaves the steps committed so far, and the next attempt runs
 *   the handler again, from the start, with `ctx.progress` set to the last committed cursor. So
 *   each step must be safe to repeat, or be skipped by the cursor or by the state it left behind
 *   (an e-mail 'sending' rather than 'queued'). Work outside the database (an SMTP send) can
 *   happen twice in a crash; such handlers should be idempotent towards the outside world.
 * - A worker that dies leaves its lease to expire; any worker then claims the job again.
 *
 * A deployment-wide job's steps run as the connection's own role, outside row level security:
 * keep such handlers small, and fan out work on offices' data as one job per office.
 *
 * On the embedded database a handler must do all its database work in its steps: a query on the
 * runner's `db` inside a step would wait for the connection the step itself holds, for ever.
 */

/** The subset of pino's logger the runner uses (pino and Fastify's logger fit it). */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Each kind of job with its payload's type. The runner is generic over it so that platform knows
 * no module's jobs: the app's map, with the payload schemas, is src/job-kinds.ts.
 */
export type JobKinds = Record<string, JobPayload>;

/** Each kind's payload check: run at enqueue and before each run, as what is read back is untrusted (a zod schema fits). */
export type PayloadSchemas<M extends JobKinds> = { readonly [K in keyof M]: { parse(input: unknown): M[K] } };

export interface JobInfo<P, K extends string = string> {
  id: string;
  kind: K;
  officeId: string | null;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
}

/** Where a job has got to: ids and counts only, never personal data (like the payload). */
export type JobProgress = Record<string, unknown>;

/**
 * Runs `work` in a short transaction of its own, committed when it returns if this worker still
 * holds the job (else it rolls back and the attempt ends as lost). `saveProgress` stores a cursor
 * on the job in that same transaction: it and the step's writes commit together, or neither does.
 */
export type JobStep<Tx> = <T>(work: (tx: Tx, saveProgress: (progress: JobProgress) => void) => Promise<T>) => Promise<T>;

interface JobContextBase<P, K extends string> {
  job: JobInfo<P, K>;
  /** Aborted when this worker learns it has lost the job's lease: stop early, its next step would be refused. */
  signal: AbortSignal;
  logger: JobLogger;
  /** The cursor the job's last committed step saved (this attempt's or an earlier one's); null before any. */
  readonly progress: JobProgress | null;
}

/** What a handler gets. Narrow on `officeId` to get the office-scoped transaction's type in its steps. */
export type JobContext<P = JobPayload, K extends string = string> =
  | (JobContextBase<P, K> & { officeId: string; step: JobStep<OfficeTx> })
  | (JobContextBase<P, K> & { officeId: null; step: JobStep<Transaction<DB>> });

/** Resolve to succeed; throw to fail the attempt (PermanentJobError: fail the job without retrying). */
export type JobHandler<P = JobPayload, K extends string = string> = (ctx: JobContext<P, K>) => Promise<void>;

/** Milliseconds to wait before the next attempt, given the attempt that just failed (1, 2, ...). */
export type Backoff = (failedAttempt: number) => number;

export interface RegisterOptions {
  /** Attempts before the job is marked failed; default 5. */
  maxAttempts?: number;
  /** Default: exponentialBackoff() (5 s, 10 s, 20 s, ... at most 1 h, with jitter). */
  backoff?: Backoff;
}

/**
 * A failure whose message is fit to keep on the job and show on the jobs page: written by Postbag,
 * naming ids at most. Any other error's message may quote personal data (a database detail, an
 * SMTP reply), so the job records only the error's type and the log gets the message.
 */
export class JobError extends Error {
  override name = 'JobError';
}

/**
 * Thrown by a handler when trying again cannot help (the record is gone, the address is suppressed).
 * `waitingFor` names what the office has yet to provide (a word, like "smtp_server"), so that
 * `JobRunner.retryWaiting` queues the job again once it does.
 */
export class PermanentJobError extends JobError {
  override name = 'PermanentJobError';
  readonly waitingFor: string | null;
  constructor(message: string, options: { waitingFor?: string } = {}) {
    super(message);
    this.waitingFor = options.waitingFor ?? null;
  }
}

/** base × 2^(attempt-1), capped at max, then reduced by up to `jitter` of itself at random so that retries spread out. */
export function exponentialBackoff({ baseMs = 5_000, maxMs = 3_600_000, jitter = 0.5 }: { baseMs?: number; maxMs?: number; jitter?: number } = {}): Backoff {
  return (failedAttempt) => {
    const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempt - 1));
    return Math.round(delay * (1 - jitter * Math.random()));
  };
}

export interface JobRunnerOptions<M extends JobKinds = JobKinds> {
  db: Kysely<DB>;
  /** Each kind's payload check. Only a test's own kinds go without: their payloads are not checked. */
  payloads?: Partial<PayloadSchemas<M>>;
  logger: JobLogger;
  /** How long a claim lasts without a heartbeat (config.jobs.leaseSeconds); default 60. */
  leaseSeconds?: number;
  /** How often start() looks for due jobs when idle (config.jobs.pollMs); default 1000. */
  pollMs?: number;
  /**
   * Jobs run at once by this runner; default 4. On the embedded database the jobs' steps take
   * turns on its one connection, and a job waiting on a mail server holds none.
   */
  concurrency?: number;
  /** How often running jobs' leases are extended; default a third of the lease. */
  heartbeatMs?: number;
  /** Default: host/pid/random, unique to this runner. */
  workerId?: string;
  /** For kinds registered without maxAttempts; default 5. */
  defaultMaxAttempts?: number;
}

/** What became of one claimed job. `lost`: another worker holds it now, or the outcome could not be recorded. */
export type JobOutcome = 'succeeded' | 'retried' | 'failed' | 'lost';

export interface RunSummary {
  claimed: number;
  succeeded: number;
  retried: number;
  failed: number;
  lost: number;
}

interface Registration {
  handler: JobHandler<unknown>;
  maxAttempts: number | undefined;
  backoff: Backoff;
  parse: ((input: unknown) => unknown) | undefined;
}

interface InFlight {
  attempts: number;
  controller: AbortController;
  /** Set once the handler has returned: a lease that lapses after this is no news. */
  finishing: boolean;
}

/** Thrown inside a step's transaction to roll it back when the job is no longer ours. */
class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

const maxErrorLength = 2000;

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.length > maxErrorLength ? `${message.slice(0, maxErrorLength - 1)}…` : message;
}

/** The cursor as the job row keeps it: like the payload, a small JSON object of ids and counts. */
function progressJson(progress: JobProgress): string {
  const json = progress !== null && typeof progress === 'object' && !Array.isArray(progress) ? JSON.stringify(progress) : undefined;
  if (json === undefined || Buffer.byteLength(json) > maxPayloadBytes) {
    throw new PermanentJobError(`A step saved progress that is not a JSON object of at most ${maxPayloadBytes} bytes; the step was rolled back.`);
  }
  return json;
}

/** What the job row keeps of a failure (see JobError). */
function recordedMessage(error: unknown): string {
  if (error instanceof JobError || error instanceof AppError) return messageOf(error);
  const kind = error instanceof Error ? error.name : typeof error;
  return `${kind}: the details are in the server log (they may hold personal data, so they are not kept on the job).`;
}

export class JobRunner<M extends JobKinds = JobKinds> {
  readonly workerId: string;
  private readonly db: Kysely<DB>;
  // Not Partial: so that a runner made without the app's checks does not pass for the app's runner.
  private readonly payloads: PayloadSchemas<M>;
  private readonly logger: JobLogger;
  private readonly leaseSeconds: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly heartbeatMs: number;
  private readonly defaultMaxAttempts: number;
  private readonly handlers = new Map<string, Registration>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly running = new Set<Promise<JobOutcome>>();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeating = false;

  constructor(options: JobRunnerOptions<M>) {
    this.db = options.db;
    this.payloads = (options.payloads ?? {}) as PayloadSchemas<M>;
    this.logger = options.logger;
    this.leaseSeconds = options.leaseSeconds ?? 60;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 4;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor((this.leaseSeconds * 1000) / 3));
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 5;
    this.workerId = options.workerId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    if (!(this.leaseSeconds > 0) || !(this.pollMs > 0) || !Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new Error('JobRunner: leaseSeconds and pollMs must be positive and concurrency a whole number of at least 1');
    }
  }

  /** Says how to run one kind of job. Register every kind before start(). */
  register<K extends keyof M & string>(kind: K, handler: JobHandler<M[K], K>, options: RegisterOptions = {}): this {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered.`);
    validateEnqueue({ kind, payload: {}, maxAttempts: options.maxAttempts });
    const schema: PayloadSchemas<M>[K] | undefined = this.payloads[kind];
    this.handlers.set(kind, {
      handler: handler as JobHandler<unknown>,
      maxAttempts: options.maxAttempts,
      backoff: options.backoff ?? exponentialBackoff(),
      parse: schema ? (input) => schema.parse(input) : undefined,
    });
    return this;
  }

  /**
   * Adds a job, in `executor`'s transaction when it is one (pass the transaction that makes the
   * change the job is for). The kind must be registered and the payload must parse; the payload
   * holds ids only, never personal data.
   */
  async enqueue<K extends keyof M & string>(executor: Kysely<DB>, spec: EnqueueSpec<M[K], K>): Promise<EnqueueResult> {
    const registration = this.handlers.get(spec.kind);
    if (!registration) throw new Error(`Cannot enqueue a job of kind "${spec.kind}": no handler is registered for it.`);
    if (registration.parse) {
      try {
        registration.parse(spec.payload);
      } catch (error) {
        throw new AppError(ErrorCode.ValidationFailed, `The payload of a "${spec.kind}" job is not valid: ${messageOf(error)}`);
      }
    }
    return enqueueJob(executor, { ...spec, maxAttempts: spec.maxAttempts ?? registration.maxAttempts ?? this.defaultMaxAttempts });
  }

  /**
   * Cancels a job that is queued or has failed, found by its kind and dedupe key, in `executor`'s
   * transaction: the change that makes its work unwanted. Returns how many were cancelled (0 or 1).
   */
  cancel<K extends keyof M & string>(executor: Kysely<DB>, spec: { kind: K; officeId: string; dedupeKey: string }): Promise<number> {
    return cancelByDedupeKey(executor, spec.officeId, spec.kind, spec.dedupeKey);
  }

  /**
   * Queues again, in `executor`'s transaction, the office's jobs of this kind that failed waiting
   * for `waitingFor` (see PermanentJobError), now that it is there: their ids. Jobs that failed
   * for any other reason stay failed.
   */
  retryWaiting<K extends keyof M & string>(executor: Kysely<DB>, spec: { kind: K; officeId: string; waitingFor: string }): Promise<string[]> {
    return retryWaiting(executor, spec.officeId, spec.kind, spec.waitingFor);
  }

  /** Starts polling for due jobs in the background. */
  start(): void {
    // With no handlers there is nothing this process could claim: do not poll the database.
    if (this.loop || this.handlers.size === 0) return;
    this.stopping = false;
    this.logger.info({ workerId: this.workerId, kinds: [...this.handlers.keys()] }, 'job runner started');
    this.loop = this.pollLoop();
  }

  /** Stops claiming jobs and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.stopHeartbeat();
    this.logger.info({ workerId: this.workerId }, 'job runner stopped');
  }

  /** Runs due jobs until none is left (for tests and one-off commands); returns what happened. */
  async runDue(options: { maxJobs?: number } = {}): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, succeeded: 0, retried: 0, failed: 0, lost: 0 };
    const maxJobs = options.maxJobs ?? Number.POSITIVE_INFINITY;
    while (summary.claimed < maxJobs) {
      const rows = await this.claim(Math.min(this.concurrency, maxJobs - summary.claimed));
      if (rows.length === 0) break;
      summary.claimed += rows.length;
      for (const outcome of await Promise.all(rows.map((row) => this.track(row)))) summary[outcome]++;
    }
    return summary;
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.claim(free);
          claimed = rows.length;
          for (const row of rows) void this.track(row);
        } catch (error) {
          this.logger.error({ workerId: this.workerId, error: messageOf(error) }, 'could not claim jobs; trying again');
        }
      }
      if (this.stopping) break;
      // A full batch suggests more are due: claim again at once. Otherwise wait, until a
      // running job finishes (a slot frees) or the poll interval passes.
      if (free > 0 && claimed === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = undefined;
    }
  }

  private claim(limit: number): Promise<ClaimedJob[]> {
    return claimJobs(this.db, this.workerId, this.leaseSeconds, limit, [...this.handlers.keys()], [...this.inFlight.keys()]);
  }

  private track(row: ClaimedJob): Promise<JobOutcome> {
    const run = this.execute(row);
    this.running.add(run);
    void run.finally(() => {
      this.running.delete(run);
      this.wakeUp?.();
    });
    return run;
  }

  /** Runs one claimed job to an outcome. Never rejects. */
  private async execute(row: ClaimedJob): Promise<JobOutcome> {
    const guard: ClaimGuard = { id: row.id, workerId: this.workerId, attempts: row.attempts };
    const log = { jobId: row.id, kind: row.kind, officeId: row.office_id, attempt: row.attempts, workerId: this.workerId };
    if (row.previous_status === 'running') this.logger.warn(log, 'job taken over: the worker that had it stopped or lost its lease');

    // Claimed by kind, so a handler exists: registrations are never removed.
    const registration = this.handlers.get(row.kind)!;
    if (row.attempts > row.max_attempts) {
      // Every attempt's worker died (a poison job): do not start another.
      return this.finishFailed(guard, log, `Gave up after ${row.max_attempts} attempts. ${leaseExpiredMessage}`, row.max_attempts);
    }

    const entry: InFlight = { attempts: row.attempts, controller: new AbortController(), finishing: false };
    this.inFlight.set(row.id, entry);
    this.startHeartbeat();
    try {
      let payload: unknown = row.payload;
      if (registration.parse) {
        try {
          payload = registration.parse(row.payload);
        } catch (error) {
          throw new PermanentJobError(`The payload is not valid for kind "${row.kind}": ${messageOf(error)}`);
        }
      }
      const job: JobInfo<unknown> = {
        id: row.id,
        kind: row.kind,
        officeId: row.office_id,
        payload,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        runAt: row.run_at,
        createdAt: row.created_at,
      };
      let progress: JobProgress | null = row.progress;
      const lost = () => new LeaseLostError(`Job ${row.id} was taken over by another worker.`);
      // One step: the work and the claim check (with the cursor, if saved) in one transaction.
      const stepIn =
        <Tx extends Kysely<DB>>(open: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>): JobStep<Tx> =>
        async (work) => {
          if (entry.controller.signal.aborted) throw lost();
          const { result, saved } = await open(async (tx) => {
            let saved: JobProgress | undefined;
            const result = await work(tx, (next) => (saved = next));
            if (!(await recordStep(tx, guard, saved === undefined ? undefined : progressJson(saved)))) throw lost();
            return { result, saved };
          });
          if (saved !== undefined) progress = saved;
          return result;
        };
      const base = { job, signal: entry.controller.signal, logger: this.logger };
      const officeId = row.office_id;
      // `progress` is a getter (not spread in): it follows each step's commit.
      const ctx: JobContext<unknown> =
        officeId !== null
          ? {
              ...base,
              officeId,
              step: stepIn<OfficeTx>((work) => withOffice(this.db, officeId, work)),
              get progress() {
                return progress;
              },
            }
          : {
              ...base,
              officeId: null,
              step: stepIn<Transaction<DB>>((work) => this.db.transaction().execute(work)),
              get progress() {
                return progress;
              },
            };
      await registration.handler(ctx);
      entry.finishing = true;
      if (!(await markSucceeded(this.db, guard))) throw lost();
      this.logger.info(log, 'job succeeded');
      return 'succeeded';
    } catch (error) {
      if (error instanceof LeaseLostError || entry.controller.signal.aborted) {
        this.logger.warn(log, 'job lost its lease to another worker; this attempt stopped, its uncommitted step rolled back');
        return 'lost';
      }
      return this.recordFailure(row, registration, guard, log, error);
    } finally {
      this.inFlight.delete(row.id);
      if (this.inFlight.size === 0) this.stopHeartbeat();
    }
  }

  private async recordFailure(row: ClaimedJob, registration: Registration, guard: ClaimGuard, log: object, error: unknown): Promise<JobOutcome> {
    this.logger.warn({ ...log, error: messageOf(error) }, 'job attempt failed');
    const message = recordedMessage(error);
    if (error instanceof PermanentJobError || row.attempts >= row.max_attempts) {
      return this.finishFailed(guard, log, message, undefined, error instanceof PermanentJobError ? error.waitingFor : null);
    }
    const delayMs = registration.backoff(row.attempts);
    try {
      if (!(await requeue(this.db, guard, message, delayMs))) {
        this.logger.warn(log, 'job failed, but another worker holds it now; leaving it to that worker');
        return 'lost';
      }
    } catch (dbError) {
      this.logger.error({ ...log, error: messageOf(dbError) }, 'could not record a failed attempt; the job will run again when its lease expires');
      return 'lost';
    }
    this.logger.warn({ ...log, retryInMs: delayMs }, 'job will be retried');
    return 'retried';
  }

  private async finishFailed(guard: ClaimGuard, log: object, message: string, attempts?: number, waitingFor: string | null = null): Promise<JobOutcome> {
    try {
      if (!(await markFailed(this.db, guard, message, attempts, waitingFor))) {
        this.logger.warn(log, 'job failed, but another worker holds it now; leaving it to that worker');
        return 'lost';
      }
    } catch (dbError) {
      this.logger.error({ ...log, error: messageOf(dbError) }, 'could not record a failed job; it will run again when its lease expires');
      return 'lost';
    }
    this.logger.error({ ...log, error: message }, 'job failed');
    return 'failed';
  }

  private startHeartbeat(): void {
    if (this.heartbeatTimer) return;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Extends the leases of running jobs; tells a handler whose job was taken over. */
  private async heartbeat(): Promise<void> {
    if (this.heartbeating || this.inFlight.size === 0) return;
    this.heartbeating = true;
    try {
      const ids = [...this.inFlight.keys()];
      const held = new Map((await extendLeases(this.db, this.workerId, this.leaseSeconds, ids)).map((r) => [r.id, r.attempts]));
      for (const id of ids) {
        const entry = this.inFlight.get(id);
        if (!entry || entry.finishing || entry.controller.signal.aborted || held.get(id) === entry.attempts) continue;
        this.logger.warn({ jobId: id, workerId: this.workerId }, 'job lease lost: another worker took the job over');
        entry.controller.abort(new Error('The job was taken over by another worker.'));
      }
    } catch (error) {
      this.logger.error({ workerId: this.workerId, error: messageOf(error) }, 'could not extend job leases');
    } finally {
      this.heartbeating = false;
    }
  }
}
