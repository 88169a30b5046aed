import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { JobContext, JobInfo, JobLogger, JobProgress } from '../runner.js';

/** Helpers shared by the job runner's tests and the crash-test worker. */

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export function recordingLogger(): JobLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  };
}

/**
 * What handlers in the tests write, in their steps: one row per committed step, so that "exactly
 * once" can be counted (`item`: which part of a job in steps). It also records the office setting
 * and role the step ran with.
 */
export async function createEffectsTable(db: Kysely<DB>): Promise<void> {
  await sql`
    CREATE TABLE job_test_effects (
      job_id uuid NOT NULL,
      worker text NOT NULL,
      attempt integer NOT NULL,
      office_setting text,
      role text NOT NULL,
      item integer,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`GRANT SELECT, INSERT ON job_test_effects TO postbag_app`.execute(db);
}

/** Runs `work` as a step of the job, whichever kind of transaction the job's steps get. */
export function inStep<T>(ctx: JobContext<unknown>, work: (tx: Kysely<DB>, saveProgress: (progress: JobProgress) => void) => Promise<T>): Promise<T> {
  return ctx.officeId !== null ? ctx.step(work) : ctx.step(work);
}

export async function insertEffect(tx: Kysely<DB>, job: JobInfo<unknown>, worker: string, item: number | null = null): Promise<void> {
  await sql`
    INSERT INTO job_test_effects (job_id, worker, attempt, office_setting, role, item)
    VALUES (${job.id}, ${worker}, ${job.attempt}, nullif(current_setting('app.office_id', true), ''), current_user, ${item})`.execute(tx);
}

/** One step that records an effect (and, if given, saves `progress` with it). */
export function recordEffect(ctx: JobContext<unknown>, worker: string, item: number | null = null, progress?: JobProgress): Promise<void> {
  return inStep(ctx, async (tx, saveProgress) => {
    await insertEffect(tx, ctx.job, worker, item);
    if (progress) saveProgress(progress);
  });
}

export interface EffectRow {
  job_id: string;
  worker: string;
  attempt: number;
  office_setting: string | null;
  role: string;
  item: number | null;
}

export async function effects(db: Kysely<DB>, jobId?: string): Promise<EffectRow[]> {
  const result = jobId
    ? await sql<EffectRow>`SELECT job_id, worker, attempt, office_setting, role, item FROM job_test_effects WHERE job_id = ${jobId} ORDER BY at`.execute(db)
    : await sql<EffectRow>`SELECT job_id, worker, attempt, office_setting, role, item FROM job_test_effects ORDER BY at`.execute(db);
  return result.rows;
}

export async function createOffice(db: Kysely<DB>, name: string): Promise<string> {
  const row = await db.insertInto('offices').values({ name, member_name: `${name} MP`, nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function jobRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Polls until `check` returns true. It sets no time limit of its own: the test's timeout is the
 * limit, however long a busy machine takes; a caller may give a tighter one.
 */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
