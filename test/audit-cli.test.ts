import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { withOffice } from '../src/db/scope.js';
import { recordAudit, systemActor } from '../src/platform/audit/audit.js';
import { auditChainKey, withAuditKey } from '../src/platform/audit/key.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from './support/database.js';
import { finished } from './support/run.js';

/** `postbag audit verify` as an operator runs it: the built command, a separate process, a real database. */
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'postbag-audit-cli-'));
const masterKey = randomBytes(32);
let targets: TestDatabases;
let env: NodeJS.ProcessEnv;

function postbag(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return finished(spawn(process.execPath, ['bin/postbag.mjs', ...args], { cwd: root, env: { ...env, ...extraEnv } }));
}

/** The database as the app holds it; closed again before the command runs (PGlite allows one process). */
async function withDb<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const database = await openDatabase<DB>(targets.main);
  try {
    return await work(withAuditKey(database.db, auditChainKey(masterKey)));
  } finally {
    await database.close();
  }
}

async function officeWithEntries(db: Kysely<DB>, name: string, entries: number): Promise<string> {
  const { id } = await db.insertInto('offices').values({ name, member_name: 'M', nation: 'scotland' }).returning('id').executeTakeFirstOrThrow();
  await addEntries(db, id, entries);
  return id;
}

async function addEntries(db: Kysely<DB>, officeId: string, count: number) {
  for (let i = 0; i < count; i++) await withOffice(db, officeId, (tx) => recordAudit(tx, officeId, systemActor, { action: 'office.seeded_demo', recordType: 'office', recordIds: [officeId] }));
}

async function headLine(db: Kysely<DB>, officeId: string): Promise<string> {
  const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('office_id', '=', officeId).executeTakeFirstOrThrow();
  return `${officeId}:${head.seq}:${head.hash}`;
}

let intact: string;
let unaudited: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'main.js'))) throw new Error('These tests run the built command: run `npm run build` first.');
  targets = await createTestDatabases(dir);
  env = {
    PATH: process.env.PATH,
    POSTBAG_LOG_LEVEL: 'silent',
    POSTBAG_MASTER_KEY: masterKey.toString('base64'),
    ...(postgresEnv(targets) ?? { POSTBAG_DATA_DIR: dir }),
  };
  await withDb(async (db) => {
    await migrateToLatest(db);
    intact = await officeWithEntries(db, 'Intact', 3);
    unaudited = await officeWithEntries(db, 'Unaudited', 0);
    await db.insertInto('persons').values({ office_id: unaudited, given_name: 'Ada', family_name: 'Lovelace', source: 'letter' }).execute();
  });
});
afterAll(async () => {
  await targets?.drop();
  rmSync(dir, { recursive: true, force: true });
});

// Each run starts a process that opens the database (file-backed PGlite loads slowly on a busy machine).
describe('postbag audit verify', { timeout: 300_000 }, () => {
  it('prints each intact chain, its head in the form to record, and a warning for an office with data but no entries', async () => {
    const head = await withDb((db) => headLine(db, intact));
    const result = await postbag(['audit', 'verify']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`office ${intact}: intact, 3 entries\n`);
    expect(result.stdout).toContain(`office ${unaudited}: WARNING: it has people but no audit entries: its audit log may have been removed\n`);
    expect(result.stdout).toMatch(new RegExp(`\\n${head}\\n$`));

    const only = await postbag(['audit', 'verify', '--heads-only']);
    expect(only.status).toBe(0);
    expect(only.stdout).toBe(`${head}\n`);
    expect(only.stderr).toContain(`office ${intact}: intact, 3 entries`);
  });

  it('--expect-head passes on the recorded heads and fails after a rollback to an earlier consistent state', async () => {
    const { office, saved } = await withDb(async (db) => {
      const id = await officeWithEntries(db, 'Rolled back', 3);
      const atThree = await db.selectFrom('audit_heads').selectAll().where('office_id', '=', id).executeTakeFirstOrThrow();
      await addEntries(db, id, 2);
      return { office: id, saved: atThree };
    });
    const recorded = (await postbag(['audit', 'verify', '--heads-only'])).stdout;
    expect(recorded).toContain(`${office}:5:`);

    const passing = await postbag(['audit', 'verify', '--expect-head', recorded]);
    expect(passing.status).toBe(0);
    expect(passing.stdout).toMatch(new RegExp(`recorded head ${office}:5:[0-9a-f]{64}: matches`));
    expect(passing.stdout).toMatch(new RegExp(`recorded head ${intact}:3:[0-9a-f]{64}: matches`));

    // The audit tables as a backup taken at entry 3 would restore them: consistent in themselves.
    await withDb(async (db) => {
      await db.transaction().execute(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
        await sql`DELETE FROM audit_log WHERE office_id = ${office} AND seq > 3`.execute(tx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
        await tx.updateTable('audit_heads').set({ seq: saved.seq, hash: saved.hash, seal: saved.seal! }).where('office_id', '=', office).execute();
      });
    });
    const alone = await postbag(['audit', 'verify']);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toContain(`office ${office}: intact, 3 entries`);

    const failing = await postbag(['audit', 'verify', '--expect-head', recorded]);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(
      new RegExp(`recorded head ${office}:5:[0-9a-f]{64}: MISMATCH: entry 5 is not in the chain \\(it ends at entry 3\\): entries were removed or the database was rolled back`),
    );
    expect(failing.stdout).toMatch(new RegExp(`recorded head ${intact}:3:[0-9a-f]{64}: matches`));
  });

  it('refuses a mistyped --expect-head, naming the line, and verifies nothing', async () => {
    const head = await withDb((db) => headLine(db, intact));
    const result = await postbag(['audit', 'verify', '--expect-head', `${head}\n${head.slice(0, -1)}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/line 2 \(.*\) is not a head: each line must be <office id>:<position>:<hash>/);
    expect(result.stdout).toBe('');
  });

  it('finds the newest entry removed with the head copied from the entry before it', async () => {
    const office = await withDb(async (db) => {
      const id = await officeWithEntries(db, 'Tail removed', 3);
      await db.transaction().execute(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
        await sql`DELETE FROM audit_log WHERE office_id = ${id} AND seq = 3`.execute(tx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
        await sql`UPDATE audit_heads h SET seq = l.seq, hash = l.hash FROM audit_log l WHERE l.office_id = h.office_id AND h.office_id = ${id} AND l.seq = 2`.execute(tx);
      });
      return id;
    });
    const result = await postbag(['audit', 'verify']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `office ${office}: BROKEN at entry 3: the chain head's seal does not match (the head was rewritten): entries after entry 2 may have been removed (2 entries before it verified)`,
    );
    expect(result.stdout).not.toContain(`${office}:2:`);
  });

  it('finds every entry broken under another master key: the hashes are keyed', async () => {
    const result = await postbag(['audit', 'verify'], { POSTBAG_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`office ${intact}: BROKEN at entry 1: its contents were changed after it was written, or Postbag did not write it`);
  });
});
