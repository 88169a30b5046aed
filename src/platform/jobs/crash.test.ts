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
import { createEffectsTable, createOffice, effects, jobRow, recordEffect, recordingLogger, sleep, waitFor } from './test-fixtures/support.js';

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

/** Starts the worker process; resolves with the job id once its handler has started, inside its transaction. */
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
    const timer = setTimeout(() => reject(new Error(`the worker did not start the job in time; stderr:\n${stderr}`)), 45_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^started (\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: proc, jobId: match[1] });
      }
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before starting the job; stderr:\n${stderr}`));
    });
  });
}

/** SIGKILL, then wait until the process is reaped (a zombie's pid still looks alive to the lock check). */
async function killHard(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
}

it('runs a job again, exactly once, after the worker running it is killed', async () => {
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

  // The claim committed and survived the crash; the handler's write did not.
  database = await openDatabase<DB>(targets.main);
  const db = database.db;
  expect(await jobRow(db, id)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'doomed-worker' });
  expect(await effects(db, id)).toEqual([]);

  const logger = recordingLogger();
  const rescuer = new JobRunner({ db, logger, workerId: 'rescuer', leaseSeconds: 1, pollMs: 100 });
  rescuer.register('test.crash', (ctx) => recordEffect(ctx, 'rescuer'));
  // Nothing is claimed while the dead worker's lease (1 s) lasts; then the job runs again.
  await waitFor('the job to run again', async () => (await rescuer.runDue()).succeeded === 1, 20_000);

  const job = await jobRow(db, id);
  expect(job).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: 'rescuer', last_error: leaseExpiredMessage });
  expect(await effects(db, id)).toMatchObject([{ job_id: id, worker: 'rescuer', attempt: 2, office_setting: officeId }]);
  expect(logger.lines.some((l) => l.level === 'warn' && l.msg?.startsWith('job taken over'))).toBe(true);

  // And it stays done.
  await sleep(1_100);
  expect((await rescuer.runDue()).claimed).toBe(0);
  expect(await effects(db)).toHaveLength(1);
});
