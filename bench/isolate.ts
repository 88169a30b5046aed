import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchTempDir } from './cleanup.js';
import type { DbKind } from './setup.js';
import type { RunFigures, SuiteOptions } from './suite.js';

export class Interrupted extends Error {}

/**
 * Runs one database's suite in a child process (this same script, with tsx's loader), so that
 * with `--db both` the second run starts from a fresh process: PGlite's WebAssembly memory, the
 * heap and the JIT state of the first run would otherwise show in the second run's figures.
 * The child's progress goes to this process's stderr; its figures come back through a file.
 * SIGINT and SIGTERM are passed on to the child, which cleans up its databases and exits.
 */
export async function runInChild(db: DbKind, options: SuiteOptions): Promise<RunFigures> {
  const dir = benchTempDir('run');
  const file = join(dir, 'run.json');
  let signalled: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals) => {
    signalled = signal;
    child.kill(signal);
  };
  const args = [
    ...process.execArgv,
    process.argv[1] ?? 'bench/run.ts',
    ...['--db', db, '--child-out', file],
    ...['--people', String(options.people), '--database-url', options.databaseUrl],
    ...['--duration', String(options.durationSeconds), '--warmup', String(options.warmupSeconds)],
    ...['--connections', String(options.connections)],
    ...['--sign-ins', String(options.signIns)],
    ...['--cases', String(options.cases), '--messages', String(options.messages), '--mbox', String(options.mbox)],
    ...(options.only === undefined ? [] : ['--only', options.only]),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    if (signalled || code === 130) throw new Interrupted(`the ${db} run was interrupted`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RunFigures;
    } catch {
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      return { db, people: options.people, load: [], memory: [], totalSeconds: 0, notes: [], failures: [`the ${db} run's process ended without figures (${why})`], ok: false };
    }
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    rmSync(dir, { recursive: true, force: true });
  }
}
