import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseTarget } from '../config.js';
import { preparingPool } from './prepared.js';

/** One open database: the Kysely instance plus what Kysely cannot do (bulk COPY). */
export interface Database<Schema> {
  readonly kind: DatabaseTarget['kind'];
  readonly db: Kysely<Schema>;
  /** Loads CSV lines (each ending in a newline) into a table with COPY: the fast path for seeding. */
  copyCsv(table: string, columns: readonly string[], lines: Iterable<string>): Promise<void>;
  /** One connection in one transaction: its statements and COPYs commit together or not at all. */
  copyTransaction<T>(work: (tx: CopyTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CopyTransaction {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  copyCsv(table: string, columns: readonly string[], lines: Iterable<string>): Promise<void>;
}

type CopyFn = CopyTransaction['copyCsv'];

async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

async function inTransaction<T>(client: pg.PoolClient, copyCsv: CopyFn, work: (tx: CopyTransaction) => Promise<T>): Promise<T> {
  const query = async <Row>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as Row[];
  await client.query('BEGIN');
  try {
    const value = await work({ query, copyCsv });
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {}); // a lost connection has rolled back already
    throw error;
  }
}

export class DatabaseLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Postbag process (pid ${pid}). ` +
        'Stop that process first, or set POSTBAG_DATA_DIR to another directory.',
    );
    this.name = 'DatabaseLockedError';
  }
}

/** A `date` column reads as its 'YYYY-MM-DD' text: a calendar date has no time zone to shift it. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.DATE ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openDatabase<Schema>(target: DatabaseTarget, opts: { poolSize?: number } = {}): Promise<Database<Schema>> {
  return target.kind === 'postgres' ? openPostgres<Schema>(target.url, opts.poolSize ?? 10) : openPglite<Schema>(target.dataDir);
}

async function openPostgres<Schema>(url: string, poolSize: number): Promise<Database<Schema>> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server closes (a restart, a failover) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (error) => console.error(`postbag: a database connection was lost: ${error.message}`));
  // Fail at boot with the server's own message, not at the first request.
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const copyOn = (client: pg.PoolClient): CopyFn => async (table, columns, lines) => {
    const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT csv)`));
    await pipeline(Readable.from(inChunks(lines)), sink);
  };
  return {
    kind: 'postgres',
    db,
    copyCsv: (table, columns, lines) => withClient(pool, (client) => copyOn(client)(table, columns, lines)),
    copyTransaction: (work) => withClient(pool, (client) => inTransaction(client, copyOn(client), work)),
    close: () => db.destroy(),
  };
}

/**
 * PGlite's WebAssembly heap never gives back a page Postgres has touched, and the default 128 MB
 * of shared_buffers is touched early: with 32 MB two instances (the main database and the key
 * store) open in 290-300 MB of RSS instead of 475-640 MB (measured). The data files stay in the
 * OS page cache, so a page not in the buffers costs a read call, not a disk read. An index build
 * sorts in maintenance_work_mem (64 MB by default), which stays in the heap too: past 16 MB it
 * sorts in temporary files (measured: seeding 100,000 people peaked ~80 MB lower).
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB', '-c', 'maintenance_work_mem=16MB'];

async function openPglite<Schema>(dataDir: string): Promise<Database<Schema>> {
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : lockDataDir(dataDir);
  let lite: PGlite;
  try {
    // Extensions the migrations create must be loaded into the WASM build first.
    lite = await PGlite.create(inMemory ? dataDir : resolve(dataDir), { extensions: { pg_trgm, btree_gin }, startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
  } catch (error) {
    releaseLock();
    throw error;
  }
  // One connection through node-postgres: queries queue behind an open transaction instead of
  // running inside it, and the code path is the production one.
  const pool = new pg.Pool({ ...createPgConfig(lite), types });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  // PGlite's COPY reads a blob, not a stream; holding the pool's one client keeps other queries
  // out while it runs.
  const copy: CopyFn = async (table, columns, lines) => {
    await lite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([...lines]) });
  };
  return {
    kind: 'pglite',
    db,
    copyCsv: (table, columns, lines) => withClient(pool, () => copy(table, columns, lines)),
    copyTransaction: (work) => withClient(pool, (client) => inTransaction(client, copy, work)),
    async close() {
      await db.destroy();
      await lite.close();
      releaseLock();
    },
  };
}

/** One write per line would cost a protocol message each; COPY is several times faster in ~64 KB chunks. */
function* inChunks(lines: Iterable<string>, size = 65_536): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** PGlite does not lock its directory; two processes on one directory would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dirname(resolve(dataDir)), `${resolve(dataDir).split('/').pop()}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (pid && processIsAlive(pid)) throw new DatabaseLockedError(dataDir, pid);
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
