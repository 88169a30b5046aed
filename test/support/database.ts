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
  main: DatabaseTarget;
  keystore: DatabaseTarget;
  drop(): Promise<void>;
}

/** `dir` gives file-backed PGlite directories (for tests that restart a process). */
export async function createTestDatabases(dir?: string): Promise<TestDatabases> {
  if (!testServerUrl) {
    const at = (sub: string): DatabaseTarget => ({ kind: 'pglite', dataDir: dir ? `${dir}/${sub}` : 'memory://' });
    return { main: at('db'), keystore: at('keystore'), drop: async () => {} };
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
  const urlFor = (db: string) => {
    const url = new URL(testServerUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  return {
    main: { kind: 'postgres', url: urlFor(name) },
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
 * A migrated main database whose handle carries an audit key, as the app's does (`auditKey`, to
 * forge entries with another); `close` also drops it on the server.
 */
export async function openTestDatabase(): Promise<Database<DB> & { targets: TestDatabases; auditKey: Buffer }> {
  const targets = await createTestDatabases();
  const database = await openDatabase<DB>(targets.main);
  await migrateToLatest(database.db);
  const auditKey = auditChainKey(randomBytes(32));
  return {
    ...database,
    db: withAuditKey(database.db, auditKey),
    auditKey,
    targets,
    async close() {
      await database.close();
      await targets.drop();
    },
  };
}
