import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabases, postgresEnv, type TestDatabases } from './support/database.js';

/** The `postbag` command as an operator runs it: a separate process on a real database. */
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'postbag-cli-'));
let targets: TestDatabases;
let env: NodeJS.ProcessEnv;

function postbag(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(async () => {
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
  await targets?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the postbag command', () => {
  it('lists its commands', () => {
    const result = postbag(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'audit']) expect(result.stdout).toContain(command);
  });

  it('refuses to start on a bad configuration, naming the variable', () => {
    const result = postbag(['migrate'], { PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT must be a number/);
  });

  it('seeds the demo office once; a second run keeps the data and changes nothing', () => {
    const first = postbag(['seed']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Created the demo office/);
    expect(postbag(['seed']).stdout).toMatch(/already there; nothing changed/);
    expect(postbag(['migrate']).stdout).toMatch(/already up to date/);
  });

  it('verifies the audit chain, then finds the entry an attacker changed', () => {
    const intact = postbag(['audit', 'verify']);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/intact, \d+ entries/);

    const tamper = `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; UPDATE audit_log SET action = 'nothing.to.see' WHERE seq = 1;`;
    const script = `
      import { sql } from 'kysely';
      import { openDatabase } from './src/db/database.ts';
      const d = await openDatabase(${JSON.stringify(targets.main)});
      await sql.raw(${JSON.stringify(tamper)}).execute(d.db);
      await d.close();`;
    const tampered = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...env } });
    expect(tampered.stderr).toBe('');

    const broken = postbag(['audit', 'verify']);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at entry 1: its contents were changed/);
  });
});

describe('the embedded database', () => {
  it('refuses a second process on the same data directory with a clear message', async () => {
    const ownDir = mkdtempSync(join(tmpdir(), 'postbag-lock-'));
    const serverEnv = { PATH: process.env.PATH, POSTBAG_DATA_DIR: ownDir, POSTBAG_KEY_FILE: join(ownDir, 'master.key'), POSTBAG_LOG_LEVEL: 'silent', PORT: '0' };
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { cwd: root, env: serverEnv });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Postbag is running') && resolve());
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], { cwd: root, env: serverEnv, encoding: 'utf8', timeout: 60_000 });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another Postbag process \(pid \d+\)/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
