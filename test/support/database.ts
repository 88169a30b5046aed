import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { auditChainKey, withAuditKey } from '../../src/platform/audit/key.js';

/**
 * Tests run on PGlite (in memory) unless POSTBAG_TEST_DATABASE_URL names a PostgreSQL server;
 * then each call makes two fresh databases there (main and key store) and drops them after.
 * A server that cannot be reached fails the test run; nothing is skipped.
 */
export const testServerUrl = process.env.POSTBAG_TEST_DATABASE_URL;
export const testDatabaseKind: DatabaseTarget['kind'] = testServerUrl ? 'postgres' : 'pglite';

export interface TestDatabases {
  /** The main database as its owner (the server's superuser, as in the test set-up). */
  main: DatabaseTarget;
  /**
   * The main database as the login role requests use (made by migration 0012; trust auth on the
   * test server needs no password). Null on PGlite, whose one user serves both.
   */
  requests: DatabaseTarget | null;
  keystore: DatabaseTarget;
  drop(): Promise<void>;
}

/** The variables that point `postbag` at server databases; undefined on PGlite. */
export function postgresEnv(targets: TestDatabases): Record<string, string> | undefined {
  const { main, requests, keystore } = targets;
  if (main.kind !== 'postgres' || requests?.kind !== 'postgres' || keystore.kind !== 'postgres') return undefined;
  return { DATABASE_URL: main.url, POSTBAG_REQUEST_DATABASE_URL: requests.url, POSTBAG_KEYSTORE_URL: keystore.url };
}

/** `dir` gives file-backed PGlite directories (for tests that restart a process). */
export async function createTestDatabases(dir?: string): Promise<TestDatabases> {
  if (!testServerUrl) {
    const at = (sub: string): DatabaseTarget => ({ kind: 'pglite', dataDir: dir ? `${dir}/${sub}` : 'memory://' });
    return { main: at('db'), requests: null, keystore: at('keystore'), drop: async () => {} };
  }
  const name = `postbag_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`CREATE DATABASE ${name}_keys`);
  } finally {
    await admin.end();
  }
  const urlFor = (db: string, user?: string) => {
    const url = new URL(testServerUrl);
    url.pathname = `/${db}`;
    if (user) {
      url.username = user;
      url.password = '';
    }
    return url.toString();
  };
  return {
    main: { kind: 'postgres', url: urlFor(name) },
    requests: { kind: 'postgres', url: urlFor(name, 'postbag_request') },
    keystore: { kind: 'postgres', url: urlFor(`${name}_keys`) },
    async drop() {
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A migrated main database, opened as its owner; `requests` is it opened as the request role (on
 * PGlite, the same connection). Both handles carry an audit key, as the app's do (`auditKey`, to
 * forge entries with another); `close` also drops the database on the server.
 */
export async function openTestDatabase(): Promise<Database<DB> & { targets: TestDatabases; requests: Database<DB>; auditKey: Buffer }> {
  const targets = await createTestDatabases();
  const database = await openDatabase<DB>(targets.main);
  let requests: Database<DB> | undefined;
  try {
    await migrateToLatest(database.db);
    requests = targets.requests ? await openDatabase<DB>(targets.requests) : database;
  } catch (error) {
    await database.close();
    await targets.drop();
    throw error;
  }
  const auditKey = auditChainKey(randomBytes(32));
  return {
    ...database,
    db: withAuditKey(database.db, auditKey),
    auditKey,
    targets,
    requests: { ...requests, db: withAuditKey(requests.db, auditKey) },
    async close() {
      if (requests !== database) await requests?.close();
      await database.close();
      await targets.drop();
    },
  };
}
