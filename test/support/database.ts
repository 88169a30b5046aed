import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest, migrationsFolder } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { auditChainKey, withAuditKey } from '../../src/platform/audit/key.js';
import { keystoreMigrations } from '../../src/platform/crypto/keystore.js';

/**
 * Tests run on PGlite unless POSTBAG_TEST_DATABASE_URL names a PostgreSQL server; then each call
 * makes two fresh databases there (main and key store) and drops them after. A server that cannot
 * be reached fails the test run; nothing is skipped.
 *
 * Migrated databases are copies of a template migrated once per set of migrations (the template's
 * name carries a hash of every migration file, so a changed migration makes a new one): on the
 * server `CREATE DATABASE ... TEMPLATE postbag_template_<hash>`, built under an advisory lock so
 * that parallel workers build it once; on PGlite a copy of a migrated data directory kept in
 * /dev/shm, built by whichever worker gets there first and published by an atomic rename. A new
 * PGlite database costs about 3 s to create and half a second more to migrate; a copy opens in
 * well under a second.
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
  /** On PGlite, the directory holding both (POSTBAG_DATA_DIR); null in memory or on the server. */
  dataDir: string | null;
  drop(): Promise<void>;
}

/** The variables that point `postbag` at server databases; undefined on PGlite. */
export function postgresEnv(targets: TestDatabases): Record<string, string> | undefined {
  const { main, requests, keystore } = targets;
  if (main.kind !== 'postgres' || requests?.kind !== 'postgres' || keystore.kind !== 'postgres') return undefined;
  return { DATABASE_URL: main.url, POSTBAG_REQUEST_DATABASE_URL: requests.url, POSTBAG_KEYSTORE_URL: keystore.url };
}

/**
 * `dir` gives file-backed PGlite directories (for tests that restart a process); `migrated` copies
 * the migrated template (main database and key store) instead of starting empty.
 */
export async function createTestDatabases(dir?: string, options: { migrated?: boolean } = {}): Promise<TestDatabases> {
  if (!testServerUrl) {
    const root = options.migrated ? await clonePgliteTemplate(dir) : dir;
    const at = (sub: string): DatabaseTarget => ({ kind: 'pglite', dataDir: root ? `${root}/${sub}` : 'memory://' });
    // Only a directory made here is removed: one the test passed is the test's to clear.
    const drop = root && root !== dir ? () => rm(root, { recursive: true, force: true }) : async () => {};
    return { main: at('db'), requests: null, keystore: at('keystore'), dataDir: root ?? null, drop };
  }
  const template = options.migrated ? await postgresTemplate(testServerUrl) : null;
  const name = `postbag_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(testServerUrl, async (admin) => {
    const copyOf = (suffix: string) => (template ? ` TEMPLATE ${template}${suffix}` : '');
    await admin.query(`CREATE DATABASE ${name}${copyOf('')}`);
    await admin.query(`CREATE DATABASE ${name}_keys${copyOf('_keys')}`);
  });
  return {
    main: { kind: 'postgres', url: urlOf(testServerUrl, name) },
    requests: { kind: 'postgres', url: urlOf(testServerUrl, name, 'postbag_request') },
    keystore: { kind: 'postgres', url: urlOf(testServerUrl, `${name}_keys`) },
    dataDir: null,
    drop: () =>
      withAdmin(testServerUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
      }),
  };
}

function urlOf(server: string, db: string, user?: string): string {
  const url = new URL(server);
  url.pathname = `/${db}`;
  if (user) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

async function withAdmin<T>(server: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Names the schema the migrations make: every migration file's name and text, hashed. */
async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const [which, folder] of [['main', migrationsFolder], ['keystore', keystoreMigrations]] as const) {
    for (const file of (await readdir(folder)).sort()) hash.update(`${which}/${file}\0`).update(await readFile(new URL(file, folder)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Migrates a new main database and key store at these targets (the template's build). */
async function migrateBoth(main: DatabaseTarget, keystore: DatabaseTarget): Promise<void> {
  for (const [target, folder] of [[main, migrationsFolder], [keystore, keystoreMigrations]] as const) {
    const database = await openDatabase<unknown>(target);
    try {
      await migrateToLatest(database.db, folder);
    } finally {
      await database.close();
    }
  }
}

let serverTemplate: Promise<string> | undefined;

/** The template's name on the server, built by the first worker to ask (the others wait on the lock). */
function postgresTemplate(server: string): Promise<string> {
  serverTemplate ??= (async () => {
    const name = `postbag_template_${await migrationsHash()}`;
    await withAdmin(server, async (admin) => {
      await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return;
        const building = `${name}_new`;
        // Left by a run that died half-way through building.
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`DROP DATABASE IF EXISTS ${building}_keys WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        await admin.query(`CREATE DATABASE ${building}_keys`);
        await migrateBoth({ kind: 'postgres', url: urlOf(server, building) }, { kind: 'postgres', url: urlOf(server, `${building}_keys`) });
        // The main template last: its name is the sign that both are complete.
        await admin.query(`ALTER DATABASE ${building}_keys RENAME TO ${name}_keys`);
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } finally {
        await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    });
    return name;
  })();
  return serverTemplate;
}

/** tmpfs where there is one: a copy there costs no disk writes. */
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
let liteTemplate: Promise<string> | undefined;

/** A copy of the migrated PGlite directories, in `dir` or in a new directory of its own. */
async function clonePgliteTemplate(dir?: string): Promise<string> {
  liteTemplate ??= (async () => {
    const template = join(scratch, `postbag-template-${await migrationsHash()}`);
    if (existsSync(template)) return template;
    const building = await mkdtemp(`${template}.new-`);
    await migrateBoth({ kind: 'pglite', dataDir: join(building, 'db') }, { kind: 'pglite', dataDir: join(building, 'keystore') });
    // Whoever renames first publishes the template; a worker that lost the race drops its own.
    await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
    return template;
  })();
  const template = await liteTemplate;
  const root = dir ?? (await mkdtemp(join(scratch, 'postbag-test-')));
  await mkdir(root, { recursive: true });
  for (const sub of ['db', 'keystore']) await cp(join(template, sub), join(root, sub), { recursive: true });
  return root;
}

/**
 * A migrated main database, opened as its owner; `requests` is it opened as the request role (on
 * PGlite, the same connection). Both handles carry an audit key, as the app's do (`auditKey`, to
 * forge entries with another); `close` also drops the database on the server.
 */
export async function openTestDatabase(): Promise<Database<DB> & { targets: TestDatabases; requests: Database<DB>; auditKey: Buffer }> {
  const targets = await createTestDatabases(undefined, { migrated: true });
  const database = await openDatabase<DB>(targets.main);
  let requests: Database<DB> | undefined;
  try {
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
