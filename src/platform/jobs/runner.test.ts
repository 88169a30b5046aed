import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type Database, openDatabase } from '../../db/database.js';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { openTestDatabase, testDatabaseKind } from '../../../test/support/database.js';
import { leaseExpiredMessage } from './repo.js';
import { JobError, type JobKinds, type JobRunnerOptions, JobRunner, PermanentJobError, exponentialBackoff } from './runner.js';
import { enqueueJob } from './service.js';
import { createEffectsTable, createOffice, effects, inStep, insertEffect, jobRow, recordEffect, recordingLogger, waitFor } from './test-fixtures/support.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Kysely<DB>;
let officeA: string;
let officeB: string;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await createEffectsTable(db);
  officeA = await createOffice(db, 'Office A');
  officeB = await createOffice(db, 'Office B');
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await sql`DELETE FROM jobs`.execute(db);
  await sql`DELETE FROM job_test_effects`.execute(db);
});

const noDelay = () => 0;

function runner<M extends JobKinds = JobKinds>(options: Partial<JobRunnerOptions<M>> = {}) {
  const logger = recordingLogger();
  const r = new JobRunner<M>({ db, logger, leaseSeconds: 30, pollMs: 20, ...options });
  return Object.assign(r, { log: logger });
}

describe('enqueue and run', () => {
  it('runs an office job’s steps inside withOffice and marks it succeeded', async () => {
    const r = runner({ workerId: 'w1' });
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w1'));
    const { id, created } = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: { caseId: 'c1' } });
    expect(created).toBe(true);
    expect((await jobRow(db, id)).status).toBe('queued');

    expect(await r.runDue()).toEqual({ claimed: 1, succeeded: 1, retried: 0, failed: 0, lost: 0 });

    const job = await jobRow(db, id);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, max_attempts: 5, locked_by: 'w1', locked_until: null, last_error: null });
    expect(job.finished_at).toBeInstanceOf(Date);
    expect(job.payload).toEqual({ caseId: 'c1' });
    expect(await effects(db, id)).toEqual([{ job_id: id, worker: 'w1', attempt: 1, office_setting: officeA, role: 'postbag_app', item: null }]);
    // Nothing left to do.
    expect((await r.runDue()).claimed).toBe(0);
  });

  it('gives the handler its job and narrows the transaction type on officeId', async () => {
    const r = runner({ payloads: { 'test.context': z.object({ caseId: z.string() }) } });
    const seen: unknown[] = [];
    r.register(
      'test.context',
      async (ctx) => {
        seen.push({ ...ctx.job, officeId: ctx.officeId, aborted: ctx.signal.aborted });
        if (ctx.officeId !== null) {
          const office = await ctx.step((tx) => tx.selectFrom('offices').select('id').executeTakeFirstOrThrow());
          seen.push(office.id); // row level security: only this office is visible
        }
      },
      { maxAttempts: 2 },
    );
    const { id } = await r.enqueue(db, { kind: 'test.context', officeId: officeB, payload: { caseId: 'c9' } });
    await r.runDue();
    expect(seen).toEqual([
      expect.objectContaining({ id, kind: 'test.context', officeId: officeB, payload: { caseId: 'c9' }, attempt: 1, maxAttempts: 2, aborted: false }),
      officeB,
    ]);
  });

  it('runs a deployment-wide job’s steps in plain transactions', async () => {
    const r = runner({ workerId: 'w1' });
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w1'));
    const { id } = await r.enqueue(db, { kind: 'test.effect', payload: {} });
    expect((await jobRow(db, id)).office_id).toBeNull();
    await r.runDue();
    const [effect] = await effects(db, id);
    expect(effect?.office_setting).toBeNull();
    expect(effect?.role).not.toBe('postbag_app');
    expect((await jobRow(db, id)).status).toBe('succeeded');
  });

  it('enqueues atomically with the caller’s transaction', async () => {
    const r = runner();
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w'));
    await expect(
      withOffice(db, officeA, async (tx) => {
        await r.enqueue(tx, { kind: 'test.effect', officeId: officeA, payload: { n: 1 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);

    const { id } = await withOffice(db, officeA, (tx) => r.enqueue(tx, { kind: 'test.effect', officeId: officeA, payload: { n: 2 } }));
    expect((await jobRow(db, id)).office_id).toBe(officeA);
  });

  it('refuses, inside one office’s transaction, a job for another office or for the deployment', async () => {
    const r = runner();
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w'));
    await expect(withOffice(db, officeA, (tx) => r.enqueue(tx, { kind: 'test.effect', officeId: officeB, payload: {} }))).rejects.toThrow(
      /row-level security/,
    );
    await expect(withOffice(db, officeA, (tx) => r.enqueue(tx, { kind: 'test.effect', payload: {} }))).rejects.toThrow(/row-level security/);
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('checks what is enqueued and writes nothing when it is wrong', async () => {
    const r = runner<JobKinds>({ payloads: { 'test.typed': z.object({ caseId: z.uuid() }) } });
    r.register('test.typed', async () => {});
    await expect(r.enqueue(db, { kind: 'test.unregistered', payload: {} })).rejects.toThrow('no handler is registered');
    await expect(r.enqueue(db, { kind: 'test.typed', payload: { caseId: 'not-a-uuid' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(enqueueJob(db, { kind: 'Bad Kind', payload: {} })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(enqueueJob(db, { kind: 'test.big', payload: { blob: 'x'.repeat(5000) } })).rejects.toThrow(/at most 4096 bytes/);
    await expect(enqueueJob(db, { kind: 'test.date', payload: {}, runAt: new Date('nope') })).rejects.toThrow(/Run at must be/);
    expect(await db.selectFrom('jobs').select('id').execute()).toEqual([]);
    expect(() => r.register('test.typed', async () => {})).toThrow('already registered');
  });

  it('does not run a job before its runAt', async () => {
    const r = runner();
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w'));
    const { id } = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {}, runAt: new Date(Date.now() + 60_000) });
    expect((await r.runDue()).claimed).toBe(0);
    await db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    expect((await r.runDue()).succeeded).toBe(1);
  });
});

describe('failures', () => {
  it('retries with back-off, rolling back each failed attempt, then succeeds', async () => {
    const r = runner();
    const backoff = vi.fn(noDelay);
    r.register(
      'test.flaky',
      (ctx) =>
        inStep(ctx, async (tx) => {
          await insertEffect(tx, ctx.job, 'w');
          if (ctx.job.attempt < 3) throw new JobError(`boom ${ctx.job.attempt}`);
        }),
      { backoff },
    );
    const { id } = await r.enqueue(db, { kind: 'test.flaky', officeId: officeA, payload: {} });
    expect(await r.runDue()).toEqual({ claimed: 3, succeeded: 1, retried: 2, failed: 0, lost: 0 });
    expect(backoff.mock.calls).toEqual([[1], [2]]);
    // Only the successful attempt's write committed.
    expect((await effects(db, id)).map((e) => e.attempt)).toEqual([3]);
    expect(await jobRow(db, id)).toMatchObject({ status: 'succeeded', attempts: 3, last_error: 'boom 2' });
  });

  it('backs off exponentially by default: the retry is not due at once', async () => {
    const r = runner();
    r.register('test.fails', async () => {
      throw new Error('550 5.1.1 <jo.bloggs@example.org>: mailbox unavailable');
    });
    const { id } = await r.enqueue(db, { kind: 'test.fails', officeId: officeA, payload: {} });
    expect(await r.runDue()).toMatchObject({ claimed: 1, retried: 1 });
    const job = await jobRow(db, id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, locked_by: null, locked_until: null, finished_at: null });
    // The reply quotes an address: the job keeps the error's type, never its text.
    expect(job.last_error).toBe('Error: the details are in the server log (they may hold personal data, so they are not kept on the job).');
    const delay = job.run_at.getTime() - job.updated_at.getTime();
    expect(delay).toBeGreaterThanOrEqual(2_400); // 5 s with up to half taken off at random
    expect(delay).toBeLessThanOrEqual(5_100);
    expect((await r.runDue()).claimed).toBe(0);
    // The full message goes to the operator's log only.
    expect(r.log.lines.some((l) => l.level === 'warn' && l.msg === 'job attempt failed')).toBe(true);
    expect(r.log.lines.some((l) => l.level === 'warn' && l.msg === 'job will be retried')).toBe(true);
  });

  it('computes exponential back-off with jitter, capped', () => {
    const random = vi.spyOn(Math, 'random');
    try {
      random.mockReturnValue(0);
      const full = exponentialBackoff();
      expect([1, 2, 3, 4].map(full)).toEqual([5_000, 10_000, 20_000, 40_000]);
      expect(full(20)).toBe(3_600_000);
      random.mockReturnValue(1);
      expect(full(1)).toBe(2_500);
      expect(exponentialBackoff({ baseMs: 100, maxMs: 1000, jitter: 0 })(10)).toBe(1000);
    } finally {
      random.mockRestore();
    }
  });

  it('marks a job failed after max attempts', async () => {
    const r = runner();
    r.register(
      'test.broken',
      (ctx) =>
        inStep(ctx, async (tx) => {
          await insertEffect(tx, ctx.job, 'w');
          throw new JobError(`still broken (attempt ${ctx.job.attempt})`);
        }),
      { maxAttempts: 3, backoff: noDelay },
    );
    const { id } = await r.enqueue(db, { kind: 'test.broken', officeId: officeA, payload: {} });
    expect(await r.runDue()).toEqual({ claimed: 3, succeeded: 0, retried: 2, failed: 1, lost: 0 });
    const job = await jobRow(db, id);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, max_attempts: 3, last_error: 'still broken (attempt 3)', locked_until: null });
    expect(job.finished_at).toBeInstanceOf(Date);
    expect(await effects(db, id)).toEqual([]);
    expect((await r.runDue()).claimed).toBe(0);
  });

  it('fails at once on a PermanentJobError or a payload that no longer parses', async () => {
    const r = runner<JobKinds>({ payloads: { 'test.typed': z.object({ caseId: z.string() }) } });
    r.register('test.permanent', async () => {
      throw new PermanentJobError('the case no longer exists');
    });
    r.register('test.typed', async () => {});
    const a = await r.enqueue(db, { kind: 'test.permanent', officeId: officeA, payload: {} });
    const b = await enqueueJob(db, { kind: 'test.typed', officeId: officeA, payload: { caseId: 42 } });
    expect(await r.runDue()).toMatchObject({ claimed: 2, failed: 2 });
    expect(await jobRow(db, a.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'the case no longer exists' });
    expect(await jobRow(db, b.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await jobRow(db, b.id)).last_error).toMatch(/^The payload is not valid for kind "test.typed"/);
  });

  it('queues again, in the caller’s transaction, only the office’s jobs that failed waiting for what is now there', async () => {
    const r = runner();
    r.register('test.needs', async (ctx) => {
      if (ctx.job.payload.waits) throw new PermanentJobError('no server yet', { waitingFor: 'server' });
      throw new PermanentJobError('refused for good');
    });
    const waiting = await r.enqueue(db, { kind: 'test.needs', officeId: officeA, payload: { waits: true } });
    const refused = await r.enqueue(db, { kind: 'test.needs', officeId: officeA, payload: { waits: false } });
    const elsewhere = await r.enqueue(db, { kind: 'test.needs', officeId: officeB, payload: { waits: true } });
    expect(await r.runDue()).toMatchObject({ claimed: 3, failed: 3 });
    expect(await jobRow(db, waiting.id)).toMatchObject({ status: 'failed', waiting_for: 'server', last_error: 'no server yet' });
    expect(await jobRow(db, refused.id)).toMatchObject({ status: 'failed', waiting_for: null });

    // Rolled back with the change that would have provided it: nothing is queued.
    await expect(
      withOffice(db, officeA, async (tx) => {
        expect(await r.retryWaiting(tx, { kind: 'test.needs', officeId: officeA, waitingFor: 'server' })).toEqual([waiting.id]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await jobRow(db, waiting.id)).status).toBe('failed');

    expect(await withOffice(db, officeA, (tx) => r.retryWaiting(tx, { kind: 'test.needs', officeId: officeA, waitingFor: 'server' }))).toEqual([waiting.id]);
    expect(await jobRow(db, waiting.id)).toMatchObject({ status: 'queued', attempts: 0, waiting_for: null, finished_at: null });
    expect((await jobRow(db, refused.id)).status).toBe('failed');
    expect((await jobRow(db, elsewhere.id)).status).toBe('failed');
  });

  it('fails a job whose step saves progress too big to keep, rolling that step back', async () => {
    const r = runner();
    r.register('test.cursor', async (ctx) => {
      await recordEffect(ctx, 'w', 0, { next: 1 });
      await recordEffect(ctx, 'w', 1, { seen: 'x'.repeat(5000) });
    });
    const { id } = await r.enqueue(db, { kind: 'test.cursor', officeId: officeA, payload: {} });
    expect(await r.runDue()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await effects(db, id)).map((e) => e.item)).toEqual([0]);
    expect(await jobRow(db, id)).toMatchObject({ status: 'failed', attempts: 1, progress: { next: 1 } });
    expect((await jobRow(db, id)).last_error).toMatch(/^A step saved progress that is not a JSON object of at most 4096 bytes/);
  });

  it('leaves a job of a kind it does not know for a process that does', async () => {
    const producer = runner();
    producer.register('test.elsewhere', async () => {});
    const { id } = await producer.enqueue(db, { kind: 'test.elsewhere', officeId: officeA, payload: {} });
    const consumer = runner();
    consumer.register('test.effect', (ctx) => recordEffect(ctx, 'c'));
    expect(await consumer.runDue()).toMatchObject({ claimed: 0 });
    expect(await jobRow(db, id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await producer.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
  });
});

describe('dedupe', () => {
  it('keeps one unfinished job per office, kind and key', async () => {
    const r = runner();
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w'));
    r.register('test.other', (ctx) => recordEffect(ctx, 'w'));
    const first = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: { n: 1 }, dedupeKey: 'case-1' });
    const again = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: { n: 2 }, dedupeKey: 'case-1' });
    expect(again).toEqual({ id: first.id, created: false });
    // Another office, another kind, no key: all separate jobs.
    expect((await r.enqueue(db, { kind: 'test.effect', officeId: officeB, payload: {}, dedupeKey: 'case-1' })).created).toBe(true);
    expect((await r.enqueue(db, { kind: 'test.other', officeId: officeA, payload: {}, dedupeKey: 'case-1' })).created).toBe(true);
    expect((await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {} })).created).toBe(true);
    // Deployment-wide jobs (no office) are deduplicated too.
    const sweep = await r.enqueue(db, { kind: 'test.effect', payload: {}, dedupeKey: 'nightly' });
    expect(await r.enqueue(db, { kind: 'test.effect', payload: {}, dedupeKey: 'nightly' })).toEqual({ id: sweep.id, created: false });
    // Inside a transaction, the duplicate changes nothing and the transaction goes on.
    await withOffice(db, officeA, async (tx) => {
      expect(await r.enqueue(tx, { kind: 'test.effect', officeId: officeA, payload: {}, dedupeKey: 'case-1' })).toEqual({ id: first.id, created: false });
      await tx.selectFrom('jobs').select('id').execute();
    });
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(5);
    expect((await jobRow(db, first.id)).payload).toEqual({ n: 1 });

    // Once the job has finished, the key is free again.
    await r.runDue();
    const later = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {}, dedupeKey: 'case-1' });
    expect(later.created).toBe(true);
    expect(later.id).not.toBe(first.id);
  });

  it('deduplicates against a running job too', async () => {
    const r = runner();
    let enqueuedWhileRunning: { id: string; created: boolean } | undefined;
    const other = runner();
    other.register('test.effect', async () => {});
    r.register('test.effect', async (ctx) => {
      // The handler's step sees its job as running.
      enqueuedWhileRunning = await inStep(ctx, (tx) => other.enqueue(tx, { kind: 'test.effect', officeId: officeA, payload: {}, dedupeKey: 'k' }));
    });
    const { id } = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {}, dedupeKey: 'k' });
    await r.runDue();
    expect(enqueuedWhileRunning).toEqual({ id, created: false });
  });
});

describe('leases', () => {
  it('claims again a job whose worker died (lease expired), and not one whose lease is live', async () => {
    const r = runner({ workerId: 'rescuer' });
    r.register('test.effect', (ctx) => recordEffect(ctx, 'rescuer'));
    const dead = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {} });
    const alive = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {} });
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 60_000);
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: past }).where('id', '=', dead.id).execute();
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_by: 'busy-worker', locked_until: future }).where('id', '=', alive.id).execute();

    expect(await r.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await jobRow(db, dead.id)).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: 'rescuer', last_error: leaseExpiredMessage });
    expect(await effects(db, dead.id)).toMatchObject([{ worker: 'rescuer', attempt: 2 }]);
    expect(await jobRow(db, alive.id)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'busy-worker' });
    expect(r.log.lines.some((l) => l.msg?.startsWith('job taken over'))).toBe(true);
  });

  it('gives up on a job whose every attempt died, without running it again', async () => {
    const handler = vi.fn(async () => {});
    const r = runner();
    r.register('test.poison', handler, { maxAttempts: 2 });
    const { id } = await r.enqueue(db, { kind: 'test.poison', officeId: officeA, payload: {} });
    await db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 2, locked_by: 'dead-worker', locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await r.runDue()).toMatchObject({ claimed: 1, failed: 1 });
    expect(handler).not.toHaveBeenCalled();
    const job = await jobRow(db, id);
    expect(job).toMatchObject({ status: 'failed', attempts: 2 });
    expect(job.last_error).toMatch(/^Gave up after 2 attempts/);
  });

  it('rolls back a step, and stops the attempt, when another worker has taken the job over', async () => {
    const r = runner({ workerId: 'slow' });
    r.register('test.overtaken', async (ctx) => {
      await recordEffect(ctx, 'slow', 1);
      // What another worker's claim does once this worker's lease has expired.
      await db.updateTable('jobs').set({ locked_by: 'other', attempts: ctx.job.attempt + 1 }).where('id', '=', ctx.job.id).execute();
      await recordEffect(ctx, 'slow', 2);
    });
    const { id } = await r.enqueue(db, { kind: 'test.overtaken', officeId: officeA, payload: {} });
    expect(await r.runDue()).toMatchObject({ claimed: 1, succeeded: 0, lost: 1 });
    // The step committed before the takeover stays; the one after it rolled back.
    expect((await effects(db, id)).map((e) => e.item)).toEqual([1]);
    // Neither success nor failure was recorded over the other's claim.
    expect(await jobRow(db, id)).toMatchObject({ status: 'running', attempts: 2, locked_by: 'other', last_error: null, finished_at: null });
  });

  it('resumes at the cursor its first attempt committed, after losing the lease half-way', async () => {
    // A sweep over five items, one step each, its cursor saved with each step.
    const sweep = (worker: string) => async (ctx: Parameters<typeof recordEffect>[0]) => {
      const from = z.object({ next: z.number() }).nullable().parse(ctx.progress)?.next ?? 0;
      for (let item = from; item < 5; item++) {
        await recordEffect(ctx, worker, item, { next: item + 1 });
        if (worker === 'a' && item === 1) {
          // The lease runs out here (a stalled process), and b claims and finishes the job.
          await db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', ctx.job.id).execute();
          expect(await b.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
        }
      }
    };
    const a = runner({ workerId: 'a' });
    const b = runner({ workerId: 'b' });
    a.register('test.sweep', sweep('a'));
    b.register('test.sweep', sweep('b'));
    const { id } = await a.enqueue(db, { kind: 'test.sweep', officeId: officeA, payload: {} });
    expect(await a.runDue()).toMatchObject({ claimed: 1, lost: 1 });

    expect((await effects(db, id)).map((e) => [e.worker, e.attempt, e.item])).toEqual([
      ['a', 1, 0],
      ['a', 1, 1],
      ['b', 2, 2],
      ['b', 2, 3],
      ['b', 2, 4],
    ]);
    expect(await jobRow(db, id)).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: 'b', progress: { next: 5 }, last_error: leaseExpiredMessage });
    expect(a.log.lines.some((l) => l.msg?.startsWith('job lost its lease'))).toBe(true);
  });

  it('keeps extending the lease of a long-running job', async () => {
    const a = runner({ workerId: 'a', leaseSeconds: 2, heartbeatMs: 200 });
    const second = await secondConnection();
    try {
      const b = new JobRunner({ db: second.db, logger: recordingLogger(), workerId: 'b', leaseSeconds: 2 });
      b.register('test.long', (ctx) => recordEffect(ctx, 'b'));
      a.register('test.long', async (ctx) => {
        // Run on past the lease the job was claimed with, then let b try to take it.
        const firstLease = (await jobRow(db, ctx.job.id)).locked_until!;
        await waitFor('the first lease to run out', () => Date.now() > firstLease.getTime() + 100);
        expect((await jobRow(db, ctx.job.id)).locked_until!.getTime()).toBeGreaterThan(firstLease.getTime());
        expect(await b.runDue()).toMatchObject({ claimed: 0 });
        await recordEffect(ctx, 'a');
      });
      const { id } = await a.enqueue(db, { kind: 'test.long', officeId: officeA, payload: {} });
      expect(await a.runDue()).toMatchObject({ succeeded: 1 });
      expect(await effects(db, id)).toMatchObject([{ worker: 'a', attempt: 1 }]);
      expect(await jobRow(db, id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      await second.close();
    }
  });
});

describe('start and stop', () => {
  it('polls for due jobs and stops gracefully, waiting for running handlers', async () => {
    const r = runner({ pollMs: 30 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    r.register('test.gated', async (ctx) => {
      started = true;
      await gate;
      await recordEffect(ctx, 'w');
    });
    r.register('test.effect', (ctx) => recordEffect(ctx, 'w'));
    r.start();
    r.start(); // no second loop
    const quick = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {} });
    await waitFor('the quick job', async () => (await jobRow(db, quick.id)).status === 'succeeded');

    const gated = await r.enqueue(db, { kind: 'test.gated', officeId: officeA, payload: {} });
    await waitFor('the gated job to start', () => started);
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    // Stopping: the runner claims no more, and waits for the gated job.
    const later = await r.enqueue(db, { kind: 'test.effect', officeId: officeA, payload: {} });
    expect(await jobRow(db, gated.id)).toMatchObject({ status: 'running' });
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await jobRow(db, gated.id)).toMatchObject({ status: 'succeeded' });
    expect(await effects(db, gated.id)).toHaveLength(1);

    // Stopped: the job added meanwhile waits for another runner.
    expect((await jobRow(db, later.id)).status).toBe('queued');
    const other = runner({ workerId: 'other', pollMs: 20 });
    other.register('test.effect', (ctx) => recordEffect(ctx, 'other'));
    other.start();
    await waitFor('the other runner to run the later job', async () => (await jobRow(db, later.id)).status === 'succeeded');
    await other.stop();
    expect(await effects(db, later.id)).toMatchObject([{ worker: 'other' }]);
  });
});

/** A second connection pool on the same database (PostgreSQL); PGlite has one connection, so it is shared. */
async function secondConnection(): Promise<{ db: Kysely<DB>; close(): Promise<void> }> {
  if (testDatabaseKind !== 'postgres') return { db, close: async () => {} };
  const other: Database<DB> = await openDatabase<DB>(database.targets.main);
  return { db: other.db, close: () => other.close() };
}

describe('two runners racing', () => {
  it('never completes a job twice, even when one runner loses leases mid-run', async () => {
    const second = await secondConnection();
    try {
      // Runner a never renews its leases (heartbeat far beyond the lease), and some of its
      // handlers wait until b has taken their job over: a's steps must then roll back.
      const a = runner({ workerId: 'a', leaseSeconds: 2, heartbeatMs: 600_000, concurrency: 3 });
      const b = new JobRunner({ db: second.db, logger: recordingLogger(), workerId: 'b', leaseSeconds: 2, pollMs: 20, concurrency: 3 });
      a.register(
        'test.race',
        async (ctx) => {
          if (ctx.job.payload.slow && ctx.job.attempt === 1) {
            await waitFor('b to take the job over', async () => (await jobRow(second.db, ctx.job.id)).attempts > 1);
          }
          await recordEffect(ctx, 'a');
        },
        { backoff: noDelay },
      );
      b.register('test.race', (ctx) => recordEffect(ctx, 'b'), { backoff: noDelay });

      const ids: string[] = [];
      for (let i = 0; i < 60; i++) {
        const { id } = await a.enqueue(db, { kind: 'test.race', officeId: i % 2 ? officeA : officeB, payload: { i, slow: i % 20 === 0 } });
        ids.push(id);
      }
      // a claims first, so it holds the first (slow) job when b starts.
      a.start();
      await waitFor('a to claim the first job', async () => (await jobRow(second.db, ids[0] as string)).locked_by === 'a');
      b.start();
      await waitFor('every job to finish', async () => {
        const open = await db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).execute();
        return open.length === 0;
      });
      await Promise.all([a.stop(), b.stop()]);

      const jobs = await db.selectFrom('jobs').select(['id', 'status', 'attempts']).execute();
      expect(jobs).toHaveLength(60);
      expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
      const all = await effects(db);
      const perJob = new Map<string, number>();
      for (const e of all) perJob.set(e.job_id, (perJob.get(e.job_id) ?? 0) + 1);
      expect(ids.map((id) => perJob.get(id) ?? 0)).toEqual(ids.map(() => 1));
      expect(all).toHaveLength(60);
      // Both ran jobs, and a's slow jobs were taken over by b, on either database: a's handlers
      // wait outside any transaction, so b gets the connection even on the embedded one.
      expect(new Set(all.map((e) => e.worker))).toEqual(new Set(['a', 'b']));
      expect(ids.filter((_, i) => i % 20 === 0).map((id) => all.find((e) => e.job_id === id)?.worker)).toEqual(['b', 'b', 'b']);
      expect(a.log.lines.filter((l) => l.msg?.startsWith('job lost its lease')).length).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});
