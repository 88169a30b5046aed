/**
 * The crash test's worker process: claims jobs, and its handler commits its first step (an effect
 * for item 0, with the cursor { next: 1 }), says "committed <job id>" on stdout, then hangs,
 * outside any transaction, until the test kills it.
 *
 *   node --import tsx src/platform/jobs/test-fixtures/crash-worker.ts
 *   env: CRASH_TARGET (a DatabaseTarget as JSON), CRASH_WORKER_ID, CRASH_LEASE_SECONDS
 */
import type { DatabaseTarget } from '../../../config.js';
import { openDatabase } from '../../../db/database.js';
import type { DB } from '../../../db/schema.js';
import { JobRunner } from '../runner.js';
import { recordEffect } from './support.js';

const target = JSON.parse(process.env.CRASH_TARGET ?? 'null') as DatabaseTarget | null;
if (!target) throw new Error('CRASH_TARGET is not set');
const workerId = process.env.CRASH_WORKER_ID ?? 'crash-worker';

const database = await openDatabase<DB>(target);
const logger = {
  info: (obj: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level: 'info', msg, ...obj })}\n`),
  warn: (obj: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`),
  error: (obj: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`),
};
const runner = new JobRunner({ db: database.db, logger, workerId, leaseSeconds: Number(process.env.CRASH_LEASE_SECONDS ?? 1), concurrency: 1 });
runner.register('test.crash', async (ctx) => {
  await recordEffect(ctx, workerId, 0, { next: 1 });
  process.stdout.write(`committed ${ctx.job.id}\n`);
  // Hang until killed (the interval keeps the process alive).
  await new Promise<never>(() => setInterval(() => {}, 60_000));
});
await runner.runDue();
