import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';

/*
 * What a benchmark run creates (PostgreSQL databases, temporary directories) must not outlive it.
 * Normal ends and errors drop them in a finally; Ctrl-C and SIGTERM run the cleanups still owed.
 * A process killed outright (SIGKILL: tsx does that to a child that is busy when a relayed signal
 * arrives) cannot clean up, so everything is labelled with this host and process id, and the next
 * run removes what a dead benchmark process left behind, and nothing else.
 */

const TMP_PREFIX = 'postbag-bench-';
const MARK_FILE = 'bench.pid';
const owner = () => `postbag-bench host=${hostname()} pid=${process.pid}`;

const pending = new Set<() => Promise<void>>();
let interruptedBy: string | undefined;

/** True once SIGINT or SIGTERM arrived: the process is cleaning up and will exit with 130. */
export const interrupted = () => interruptedBy !== undefined;

function onSignal(signal: string): void {
  if (interruptedBy) return; // a second signal (the terminal's and a relayed one) changes nothing
  interruptedBy = signal;
  console.error(`\n${signal}: cleaning up benchmark databases and directories...`);
  // Dropping a database WITH (FORCE) under the running app ends its connections; pg reports that
  // on idle pool connections as an unhandled 'error' event. Expected now: do not let it stop the cleanup.
  process.on('uncaughtException', (error) => {
    if ((error as { code?: string }).code !== '57P01') {
      console.error(error);
      process.exit(130);
    }
  });
  setTimeout(() => process.exit(130), 15_000); // should a cleanup hang
  void Promise.allSettled([...pending].map((cleanup) => cleanup())).finally(() => process.exit(130));
}

/** Registers a cleanup that runs once: when called, or on SIGINT/SIGTERM if it has not run yet. */
export function owe(cleanup: () => Promise<void>): () => Promise<void> {
  if (process.listeners('SIGINT').every((l) => l !== onSignal)) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  let started = false;
  const once = async () => {
    if (started) return;
    started = true;
    pending.delete(once);
    await cleanup();
  };
  pending.add(once);
  return once;
}

/** A new directory under the system temporary directory, labelled with this process. */
export function benchTempDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${TMP_PREFIX}${kind}-`));
  writeFileSync(join(dir, MARK_FILE), owner());
  return dir;
}

/** The label for a database this process creates (COMMENT ON DATABASE). */
export const databaseLabel = owner;

/** Whether a label names a process on this host that no longer runs. */
function leftBehind(label: string | null | undefined): boolean {
  const match = /^postbag-bench host=(.*) pid=(\d+)$/.exec(label ?? '');
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0); // a probe: sends nothing
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function sweepTempDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let label: string;
    try {
      label = readFileSync(join(dir, MARK_FILE), 'utf8');
    } catch {
      continue;
    }
    if (leftBehind(label)) {
      console.error(`removing ${dir}, left by an interrupted benchmark run`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export async function sweepDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ name: string; label: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS label FROM pg_database WHERE datname LIKE 'postbag\\_bench\\_%'`,
  );
  for (const { name, label } of rows) {
    if (!leftBehind(label) || !/^postbag_bench_[0-9a-f]+(_keys)?$/.test(name)) continue;
    console.error(`dropping database ${name}, left by an interrupted benchmark run`);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
