import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../test/support/app.js';
import { createTestDatabases, postgresEnv, testDatabaseKind, type TestDatabases } from '../../test/support/database.js';
import { ConfigError, loadConfig } from '../config.js';
import { startPostbag } from '../server.js';

/** Start-up on a PostgreSQL server: which role serves requests, and what is refused. */
describe.runIf(testDatabaseKind === 'postgres')('a server deployment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('serves requests as the login role, through which sign-in and the session look-up work', async () => {
    const who = await sql<{ role: string }>`SELECT current_user AS role`.execute(t.ctx.db);
    expect(who.rows[0]!.role).toBe('postbag_request');
    const client = await t.signIn(demo.email('caseworker'));
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: demo.email('caseworker') } });
  });

  it('reads nothing through the request role outside an office transaction', async () => {
    expect(await t.ctx.db.selectFrom('users').select('email').execute()).toEqual([]);
    expect((await t.database.db.selectFrom('users').select('email').execute()).length).toBeGreaterThan(0);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('start-up refuses', () => {
  let targets: TestDatabases;
  let env: Record<string, string>;
  beforeAll(async () => {
    targets = await createTestDatabases();
    env = { NODE_ENV: 'test', POSTBAG_LOG_LEVEL: 'silent', POSTBAG_JOBS: 'false', POSTBAG_MASTER_KEY: randomBytes(32).toString('base64'), ...postgresEnv(targets)! };
  });
  afterAll(() => targets?.drop());

  const urlAs = (url: string, change: (u: URL) => void) => {
    const u = new URL(url);
    change(u);
    return u.toString();
  };
  const tablesIn = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows;
    } finally {
      await client.end();
    }
  };
  const refusal = async (overrides: Record<string, string>) => {
    const error: unknown = await startPostbag(loadConfig({ ...env, ...overrides })).then(
      async (postbag) => {
        await postbag.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  };

  it('a key store that is the main database reached by another URL (localhost and 127.0.0.1), before writing anything', async () => {
    const main = env.DATABASE_URL!;
    const before = await tablesIn(main);
    const problems = await refusal({
      DATABASE_URL: urlAs(main, (u) => (u.hostname = '127.0.0.1')),
      POSTBAG_KEYSTORE_URL: urlAs(main, (u) => (u.hostname = 'localhost')),
    });
    expect(problems).toMatch(/POSTBAG_KEYSTORE_URL reaches the same database "postbag_test_\w+" on server \d+ as DATABASE_URL: the key store must be a database of its own/);
    expect(await tablesIn(main)).toEqual(before);
  });

  it('a request URL that connects as the owner', async () => {
    const problems = await refusal({ POSTBAG_REQUEST_DATABASE_URL: env.DATABASE_URL! });
    expect(problems).toMatch(/POSTBAG_REQUEST_DATABASE_URL connects as "postgres", which is a superuser.*: requests must connect as a login role that owns no table/);
  });

  it('a request role that can SET ROLE to a role owning a table', async () => {
    const suffix = randomBytes(4).toString('hex');
    const [owner, login, table] = [`postbag_test_owner_${suffix}`, `postbag_test_login_${suffix}`, `stray_${suffix}`];
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${owner} NOLOGIN`);
      await admin.query(`CREATE TABLE ${table} (x int)`);
      await admin.query(`ALTER TABLE ${table} OWNER TO ${owner}`);
      await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE postbag_app, ${owner}`);
      const problems = await refusal({ POSTBAG_REQUEST_DATABASE_URL: urlAs(env.POSTBAG_REQUEST_DATABASE_URL!, (u) => (u.username = login)) });
      expect(problems).toMatch(new RegExp(`POSTBAG_REQUEST_DATABASE_URL connects as "${login}", which can SET ROLE "${owner}", which owns tables`));
    } finally {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.query(`DROP ROLE IF EXISTS ${login}`);
      await admin.query(`DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    }
  });

  it('a request URL that reaches another database', async () => {
    const problems = await refusal({ POSTBAG_REQUEST_DATABASE_URL: urlAs(env.POSTBAG_REQUEST_DATABASE_URL!, (u) => (u.pathname = '/postgres')) });
    expect(problems).toMatch(/POSTBAG_REQUEST_DATABASE_URL must reach the same database as DATABASE_URL/);
  });

  it('an owner that row level security would bind, before migrating', async () => {
    const role = `postbag_test_owner_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN NOBYPASSRLS`);
      const before = await tablesIn(env.DATABASE_URL!);
      const problems = await refusal({ DATABASE_URL: urlAs(env.DATABASE_URL!, (u) => (u.username = role)) });
      expect(problems).toMatch(new RegExp(`DATABASE_URL connects as "${role}", which neither is a superuser nor has BYPASSRLS`));
      expect(await tablesIn(env.DATABASE_URL!)).toEqual(before);
    } finally {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
