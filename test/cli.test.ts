import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordCsv } from '../src/modules/processing/test-fixtures/record-csv.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { DEMO_OFFICE_ID } from '../src/seed/demo.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from './support/database.js';
import { finished, type Run } from './support/run.js';

/**
 * The `postbag` command as an operator runs it: the built command (bin/postbag.mjs over dist/), a
 * separate process on a real database. Each run is waited on until it exits or prints what it
 * should, however busy the machine: seeding the demo office can take minutes on two shared cores,
 * so the test timeout only catches a command that hangs.
 */
const root = join(import.meta.dirname, '..');
const command = join(root, 'bin', 'postbag.mjs');
const dir = mkdtempSync(join(tmpdir(), 'postbag-cli-'));
const hangs = { timeout: 15 * 60_000 };
let targets: TestDatabases;
let env: NodeJS.ProcessEnv;
/** Still running: a test that failed half-way must not leave a process holding the database. */
const running = new Set<ChildProcess>();

function start(args: string[], runEnv: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [command, ...args], { cwd: root, env: runEnv });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function postbag(args: string[], runEnv: NodeJS.ProcessEnv = env): Promise<Run> {
  return finished(start(args, runEnv));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'main.js'))) {
    throw new Error('test/cli.test.ts runs the built command, and dist/ is missing: run `npm run build` first (`npm test` does).');
  }
  targets = await createTestDatabases(dir);
  env = {
    PATH: process.env.PATH,
    POSTBAG_LOG_LEVEL: 'silent',
    POSTBAG_KEY_FILE: join(dir, 'secrets', 'master.key'),
    // On a server the operator provides the master key (seeding seals the demo cases with it);
    // a new embedded installation makes its own key file.
    ...(postgresEnv(targets) ? { ...postgresEnv(targets), POSTBAG_MASTER_KEY: randomBytes(32).toString('base64') } : { POSTBAG_DATA_DIR: dir }),
  };
});
afterAll(async () => {
  await Promise.all([...running].map((child) => stop(child)));
  await targets?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the postbag command', hangs, () => {
  it('lists its commands', async () => {
    const result = await postbag(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'audit']) expect(result.stdout).toContain(command);
  });

  it('refuses to start on a bad configuration, naming the variable', async () => {
    const result = await postbag(['migrate'], { ...env, PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT must be a number/);
  });

  it('seeds the demo office once; a second run keeps the data and changes nothing', async () => {
    const first = await postbag(['seed']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Created the demo office/);
    expect((await postbag(['seed'])).stdout).toMatch(/already there; nothing changed/);
    expect((await postbag(['migrate'])).stdout).toMatch(/already up to date/);
  });

  it("exports the office's record of processing as CSV and JSON, and refuses an unknown office or format", async () => {
    const csv = await postbag(['processing', 'export', '--format', 'csv']);
    expect(csv.stderr).toBe('');
    expect(csv.status).toBe(0);
    const { controller, purposes: rows } = readRecordCsv(csv.stdout);
    expect(controller).toMatchObject({ Controller: 'Sam Taylor MP (Example Constituency)', 'ICO registration number': 'ZA000123' });
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({ Purpose: 'Casework', 'Lawful basis (Article 6)': 'Public task (Article 6(1)(e))', Status: 'Current' });

    const json = await postbag(['processing', 'export', '--format', 'json', '--office', DEMO_OFFICE_ID]);
    expect(json.status).toBe(0);
    const record = JSON.parse(json.stdout);
    expect(record.controller).toMatchObject({ office: 'Example Constituency', member: 'Sam Taylor MP', email: 'office@example.org' });
    expect(record.securityMeasures).toMatch(/audit log/);
    expect(record.purposes.map((p: { name: string }) => p.name)).toEqual(rows.map((r) => r['Purpose']));

    const unknown = await postbag(['processing', 'export', '--format', 'csv', '--office', '0ff1ce00-0000-4000-8000-000000000099']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/There is no office with the id 0ff1ce00-0000-4000-8000-000000000099/);
    const badFormat = await postbag(['processing', 'export', '--format', 'xlsx']);
    expect(badFormat.status).toBe(1);
    expect(badFormat.stderr).toMatch(/'xlsx' is invalid\. must be csv or json/);
    expect(badFormat.stdout).toBe('');
  });

  it('verifies the audit chain, then finds the entry an attacker changed', async () => {
    const intact = await postbag(['audit', 'verify']);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/intact, \d+ entries/);

    // The attacker writes to the database directly, bypassing the app.
    const attacker = await openDatabase(targets.main);
    try {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(attacker.db);
      await sql`UPDATE audit_log SET action = 'nothing.to.see' WHERE seq = 1`.execute(attacker.db);
    } finally {
      await attacker.close();
    }

    const broken = await postbag(['audit', 'verify']);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at entry 1: its contents were changed/);
  });
});

describe('the embedded database', hangs, () => {
  it('refuses a second process on the same data directory with a clear message', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'postbag-lock-'));
    const serverEnv = { PATH: process.env.PATH, POSTBAG_DATA_DIR: ownDir, POSTBAG_KEY_FILE: join(ownDir, 'master.key'), POSTBAG_LOG_LEVEL: 'silent', PORT: '0' };
    const server = start(['serve'], serverEnv);
    try {
      await new Promise<void>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()).includes('Postbag is running') && resolve());
        server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        server.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was running:\n${stderr}`)));
      });
      const second = await postbag(['migrate'], serverEnv);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another Postbag process \(pid \d+\)/);
    } finally {
      await stop(server);
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
