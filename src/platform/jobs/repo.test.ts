import { readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate.js';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { openTestDatabase } from '../../../test/support/database.js';
import { cancelJob, countJobs, findJob, listJobs, retryJob } from './repo.js';
import { enqueueJob } from './service.js';
import { createOffice } from './test-fixtures/support.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Kysely<DB>;
let officeA: string;
let officeB: string;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  officeA = await createOffice(db, 'Office A');
  officeB = await createOffice(db, 'Office B');
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await sql`DELETE FROM jobs`.execute(db);
});

/** Adds a job of office A and puts it in `status`, created `n` seconds after a fixed time (for a stable order). */
async function seed(n: number, status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', officeId = officeA, dedupeKey?: string) {
  const { id } = await enqueueJob(db, { kind: 'test.seed', officeId, payload: { n }, dedupeKey });
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  // created_at is not updatable through the table types (it never changes in the app): raw SQL.
  await sql`
    UPDATE jobs SET
      status = ${status},
      created_at = ${new Date(Date.UTC(2025, 0, 1, 0, 0, n))},
      attempts = ${status === 'queued' ? 0 : 1},
      locked_by = ${status === 'queued' ? null : 'w'},
      locked_until = ${status === 'running' ? new Date(Date.now() + 60_000) : null},
      finished_at = ${finished ? new Date(Date.UTC(2025, 0, 1, 0, 1, n)) : null},
      last_error = ${status === 'failed' ? `error ${n}` : null}
    WHERE id = ${id}`.execute(db);
  return id;
}

describe('listJobs', () => {
  it('lists one office’s jobs, newest first, with a status filter and pages', async () => {
    const ids = [
      await seed(1, 'succeeded'),
      await seed(2, 'failed'),
      await seed(3, 'queued'),
      await seed(4, 'running'),
      await seed(5, 'failed'),
      await seed(6, 'cancelled'),
    ];
    await seed(7, 'queued', officeB);
    await enqueueJob(db, { kind: 'test.deployment', payload: {} });

    const all = await listJobs(db, officeA, { limit: 50, offset: 0 });
    expect(all.map((j) => j.id)).toEqual([...ids].reverse());
    expect(all[1]).toEqual({
      id: ids[4],
      kind: 'test.seed',
      status: 'failed',
      attempts: 1,
      maxAttempts: 5,
      runAt: expect.any(Date),
      lastError: 'error 5',
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 5)),
      finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 1, 5)),
    });
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['attempts', 'createdAt', 'finishedAt', 'id', 'kind', 'lastError', 'maxAttempts', 'runAt', 'status']);

    expect((await listJobs(db, officeA, { limit: 2, offset: 0 })).map((j) => j.id)).toEqual([ids[5], ids[4]]);
    expect((await listJobs(db, officeA, { limit: 2, offset: 2 })).map((j) => j.id)).toEqual([ids[3], ids[2]]);
    expect(await listJobs(db, officeA, { limit: 2, offset: 6 })).toEqual([]);
    expect((await listJobs(db, officeA, { status: 'failed', limit: 50, offset: 0 })).map((j) => j.id)).toEqual([ids[4], ids[1]]);
    expect((await listJobs(db, officeA, { status: 'failed', limit: 1, offset: 1 })).map((j) => j.id)).toEqual([ids[1]]);
    expect((await listJobs(db, officeB, { limit: 50, offset: 0 })).map((j) => j.status)).toEqual(['queued']);
  });

  it("shows an office's session none of another office's jobs, even when asked for them", async () => {
    const id = await seed(1, 'queued');
    expect((await withOffice(db, officeA, (tx) => listJobs(tx, officeA, { limit: 10, offset: 0 }))).map((j) => j.id)).toEqual([id]);
    expect(await withOffice(db, officeB, (tx) => listJobs(tx, officeA, { limit: 10, offset: 0 }))).toEqual([]);
    expect(await withOffice(db, officeB, (tx) => retryJob(tx, officeA, id))).toBe(false);
  });
});

describe('counts, cancel, retry', () => {
  it('counts one office’s jobs, in all or one status', async () => {
    await seed(1, 'queued');
    await seed(2, 'queued');
    await seed(3, 'failed');
    await seed(4, 'succeeded', officeB);
    expect(await countJobs(db, officeA)).toBe(3);
    expect(await countJobs(db, officeA, 'queued')).toBe(2);
    expect(await countJobs(db, officeA, 'succeeded')).toBe(0);
    expect(await countJobs(db, officeB, 'succeeded')).toBe(1);
  });

  it('cancels only a queued job of the office', async () => {
    const queued = await seed(1, 'queued');
    const running = await seed(2, 'running');
    const other = await seed(3, 'queued', officeB);
    expect(await cancelJob(db, officeA, other)).toBe(false);
    expect(await cancelJob(db, officeA, running)).toBe(false);
    expect(await cancelJob(db, officeA, queued)).toBe(true);
    expect(await findJob(db, officeA, queued)).toMatchObject({ status: 'cancelled', finishedAt: expect.any(Date) });
    expect(await findJob(db, officeA, other)).toBeUndefined();
    expect(await cancelJob(db, officeA, queued)).toBe(false);
  });

  it('retries a failed or cancelled job with fresh attempts, unless its dedupe key is taken', async () => {
    const failed = await seed(1, 'failed');
    const succeeded = await seed(2, 'succeeded');
    const keyed = await seed(3, 'failed', officeA, 'reminder-1');
    await seed(4, 'queued', officeA, 'reminder-1');
    expect(await retryJob(db, officeA, succeeded)).toBe(false);
    expect(await retryJob(db, officeB, failed)).toBe(false);
    expect(await retryJob(db, officeA, keyed)).toBe(false);
    expect(await retryJob(db, officeA, failed)).toBe(true);
    expect(await findJob(db, officeA, failed)).toMatchObject({ status: 'queued', attempts: 0, finishedAt: null, lastError: 'error 1' });
  });

});

describe('migration 0002', () => {
  it('grants the request role what it needs, under row level security', async () => {
    const { rows } = await sql<{ relrowsecurity: boolean; select: boolean; insert: boolean; update: boolean; delete: boolean }>`
      SELECT c.relrowsecurity,
        has_table_privilege('postbag_app', 'jobs', 'SELECT') AS select,
        has_table_privilege('postbag_app', 'jobs', 'INSERT') AS insert,
        has_table_privilege('postbag_app', 'jobs', 'UPDATE') AS update,
        has_table_privilege('postbag_app', 'jobs', 'DELETE') AS delete
      FROM pg_class c WHERE c.relname = 'jobs'`.execute(db);
    expect(rows).toEqual([{ relrowsecurity: true, select: true, insert: true, update: true, delete: false }]);
  });

  it('goes down and up again', async () => {
    const run = async (tx: Kysely<DB>, file: string) => sql.raw(await readFile(new URL(file, migrationsFolder), 'utf8')).execute(tx);
    const tableExists = async (tx: Kysely<DB>) => (await sql<{ t: string | null }>`SELECT to_regclass('jobs')::text AS t`.execute(tx)).rows[0]?.t === 'jobs';
    // DDL is transactional: try it, then roll back.
    await expect(
      db.transaction().execute(async (tx) => {
        await run(tx, '0002_jobs.down.sql');
        expect(await tableExists(tx)).toBe(false);
        await run(tx, '0002_jobs.up.sql');
        expect(await tableExists(tx)).toBe(true);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await tableExists(db)).toBe(true);
  });
});
