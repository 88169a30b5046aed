import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.js';
import { seedDemoOffice } from '../src/seed/demo.js';
import { type Postbag, startPostbag } from '../src/server.js';
import { benchTempDir, databaseLabel, interrupted, owe, sweepDatabases, sweepTempDirs } from './cleanup.js';

export type DbKind = 'pglite' | 'postgres';

/** Fresh, throw-away databases for one benchmark run, and how to get rid of them. */
export interface BenchDatabases {
  kind: DbKind;
  config: Config;
  /** Where the data lives, for the report (never a password: the admin URL is used as given). */
  where: string;
  drop(): Promise<void>;
}

const baseEnv = () => ({
  NODE_ENV: 'test',
  POSTBAG_LOG_LEVEL: 'silent',
  POSTBAG_MASTER_KEY: randomBytes(32).toString('base64'),
  POSTBAG_JOBS: 'false',
});

/**
 * PostgreSQL: two new databases (main and key store) created through the admin connection and
 * dropped WITH (FORCE) afterwards. PGlite: a temporary directory, file-backed as in production
 * embedded use (not memory://), removed afterwards.
 */
export async function prepareDatabases(kind: DbKind, adminUrl: string): Promise<BenchDatabases> {
  if (kind === 'pglite') {
    sweepTempDirs();
    const dir = benchTempDir('pglite');
    const drop = owe(async () => rmSync(dir, { recursive: true, force: true }));
    return { kind, config: loadConfig({ ...baseEnv(), POSTBAG_DATA_DIR: dir }), where: dir, drop };
  }

  const name = `postbag_bench_${randomBytes(4).toString('hex')}`;
  const urlFor = (database: string, user?: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    if (user) {
      url.username = user;
      url.password = '';
    }
    return url.toString();
  };
  const admin = async (work: (client: pg.Client) => Promise<void>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  const drop = owe(() =>
    admin(async (client) => {
      // pg's Pool.end() resolves before its connections have closed; a connection that the DROP's
      // FORCE terminates while idle raises an error on a pool with no error listener, which ends
      // the process. So wait (briefly) for the app's connections to go, unless interrupted.
      for (let wait = 0; wait < 50 && !interrupted(); wait++) {
        const open = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1)', [[name, `${name}_keys`]]);
        if (!open.rows[0]?.n) break;
        await setTimeout(100);
      }
      for (const db of [name, `${name}_keys`]) await client.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }),
  );
  try {
    await admin(async (client) => {
      await sweepDatabases(client);
      for (const db of [name, `${name}_keys`]) {
        await client.query(`CREATE DATABASE ${db}`);
        await client.query(`COMMENT ON DATABASE ${db} IS ${client.escapeLiteral(databaseLabel())}`);
      }
    });
  } catch (error) {
    await drop().catch(() => {}); // the server may be unreachable: report the first error
    throw error;
  }
  // Requests as the login role migration 0012 makes, as in production (the bench server trusts local connections).
  const config = loadConfig({
    ...baseEnv(),
    DATABASE_URL: urlFor(name),
    POSTBAG_REQUEST_DATABASE_URL: urlFor(name, 'postbag_request'),
    POSTBAG_KEYSTORE_URL: urlFor(`${name}_keys`),
  });
  return { kind, config, where: `${name} (+ ${name}_keys)`, drop };
}

/**
 * The real app on the given databases, migrated, with the demo office (its users only: no people,
 * no cases) to sign in as. The sign-in rate limit is lifted so that it does not shape the figures.
 */
export async function startBenchApp(config: Config): Promise<{ postbag: Postbag; notes: string[] }> {
  const postbag = await startPostbag(config, { signInsPerMinute: 1e6 });
  const notes: string[] = [];
  try {
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 0, cases: 0 });
  } catch (error) {
    await postbag.close();
    throw error;
  }
  return { postbag, notes };
}
