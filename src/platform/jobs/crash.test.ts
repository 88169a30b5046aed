import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { DB } from '../../db/schema.js';
import { type TestDatabases, createTestDatabases } from '../../../test/support/database.js';
import { leaseExpiredMessage } from './repo.js';
import { JobRunner } from './runner.js';
import { createEffectsTable, createOffice, effects, jobRow, recordEffect, recordingLogger, waitFor } from './test-fixtures/support.js';

const workerScript = fileURLToPath(new URL('./test-fixtures/crash-worker.ts', import.meta.url));

let dir: string | undefined;
let targets: TestDatabases | undefined;
let database: Database<DB> | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await database?.close();
  await targets?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Starts the worker process; resolves with the job id once its handler has committed its first
 * step. It waits as long as the machine takes (the test's timeout is the limit), and fails at
 * once if the worker exits first.
 */
function startCrashWorker(target: TestDatabases['main'], workerId: string): Promise<{ process: ChildProcess; jobId: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: { ...process.env, CRASH_TARGET: JSON.stringify(target), CRASH_WORKER_ID: workerId, CRASH_LEASE_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^committed (\S+)$/m.exec(stdout);
      if (match?.[1]) resolve({ process: proc, jobId: match[1] });
    });
    proc.on('exit', (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before committing its first step; stderr:\n${stderr}`)));
  });
}

/** SIGKILL, then wait until the process is reaped (a zombie's pid still looks alive to the lock check). */
async function killHard(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
}

it('runs a job again after the worker running it is killed, resuming at the cursor its committed step left', async () => {
  dir = await mkdtemp(join(tmpdir(), 'postbag-jobs-crash-'));
  targets = await createTestDatabases(dir);

  // Set up, then close: an embedded database can be open in one process at a time.
  database = await openDatabase<DB>(targets.main);
  await migrateToLatest(database.db);
  await createEffectsTable(database.db);
  const officeId = await createOffice(database.db, 'Crash Office');
  const setup = new JobRunner({ db: database.db, logger: recordingLogger() });
  setup.register('test.crash', async () => {});
  const { id } = await setup.enqueue(database.db, { kind: 'test.crash', officeId, payload: { n: 1 } });
  await database.close();
  database = undefined;

  const { process: proc, jobId } = await startCrashWorker(targets.main, 'doomed-worker');
  expect(jobId).toBe(id);
  await killHard(proc);
  expect(proc.signalCode).toBe('SIGKILL');

  // The claim and the first step (its effect and cursor) committed and survived the crash.
  database = await openDatabase<DB>(targets.main);
  const db = database.db;
  expect(await jobRow(db, id)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'doomed-worker', progress: { next: 1 } });
  expect(await effects(db, id)).toMatchObject([{ worker: 'doomed-worker', attempt: 1, item: 0 }]);

  const logger = recordingLogger();
  const rescuer = new JobRunner({ db, logger, workerId: 'rescuer', leaseSeconds: 1 });
  // Items 0 to 2, one step each, from the cursor on.
  rescuer.register('test.crash', async (ctx) => {
    for (let item = Number(ctx.progress?.next ?? 0); item <= 2; item++) await recordEffect(ctx, 'rescuer', item, { next: item + 1 });
  });
  // Nothing is claimed while the dead worker's lease (1 s) lasts; then the job runs again.
  await waitFor('the job to run again', async () => (await rescuer.runDue()).succeeded === 1);

  const job = await jobRow(db, id);
  expect(job).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: 'rescuer', locked_until: null, progress: { next: 3 }, last_error: leaseExpiredMessage });
  expect((await effects(db, id)).map((e) => [e.worker, e.attempt, e.item, e.office_setting])).toEqual([
    ['doomed-worker', 1, 0, officeId],
    ['rescuer', 2, 1, officeId],
    ['rescuer', 2, 2, officeId],
  ]);
  expect(logger.lines.some((l) => l.level === 'warn' && l.msg?.startsWith('job taken over'))).toBe(true);

  // And it stays done: a finished job is never claimed, whatever its lease said.
  expect((await rescuer.runDue()).claimed).toBe(0);
  expect(await effects(db)).toHaveLength(3);
});
