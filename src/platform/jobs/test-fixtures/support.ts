import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { JobContext, JobLogger } from '../runner.js';

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
 * What handlers in the tests write, in their own transaction: one row per committed run, so that
 * "exactly once" can be counted. It also records the office setting and role the handler ran with.
 */
export async function createEffectsTable(db: Kysely<DB>): Promise<void> {
  await sql`
    CREATE TABLE job_test_effects (
      job_id uuid NOT NULL,
      worker text NOT NULL,
      attempt integer NOT NULL,
      office_setting text,
      role text NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`GRANT SELECT, INSERT ON job_test_effects TO postbag_app`.execute(db);
}

export async function recordEffect(ctx: JobContext<unknown>, worker: string): Promise<void> {
  await sql`
    INSERT INTO job_test_effects (job_id, worker, attempt, office_setting, role)
    VALUES (${ctx.job.id}, ${worker}, ${ctx.job.attempt}, nullif(current_setting('app.office_id', true), ''), current_user)`.execute(ctx.tx);
}

export interface EffectRow {
  job_id: string;
  worker: string;
  attempt: number;
  office_setting: string | null;
  role: string;
}

export async function effects(db: Kysely<DB>, jobId?: string): Promise<EffectRow[]> {
  const result = jobId
    ? await sql<EffectRow>`SELECT job_id, worker, attempt, office_setting, role FROM job_test_effects WHERE job_id = ${jobId} ORDER BY at`.execute(db)
    : await sql<EffectRow>`SELECT job_id, worker, attempt, office_setting, role FROM job_test_effects ORDER BY at`.execute(db);
  return result.rows;
}

export async function createOffice(db: Kysely<DB>, name: string): Promise<string> {
  const row = await db.insertInto('offices').values({ name, member_name: `${name} MP`, nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function jobRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}
