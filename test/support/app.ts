import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { DEMO_PASSWORD, type DemoSize, demoUsers, seedDemoOffice } from '../../src/seed/demo.js';
import { type Postbag, startPostbag } from '../../src/server.js';
import { createTestDatabases, postgresEnv } from './database.js';

export interface TestApp extends Postbag {
  /** Signs in through the API and returns what a client would keep: the cookie and the CSRF token. */
  signIn(email: string, password?: string): Promise<SignedInClient>;
}

export interface SignedInClient {
  cookie: string;
  csrfToken: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * The real app on fresh databases (copies of the migrated template: PGlite directories in tmpfs,
 * or new PostgreSQL databases when POSTBAG_TEST_DATABASE_URL is set), with the demo office seeded
 * small (or `options.demo`). Not listening: use inject.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { signInsPerMinute?: number; demo?: DemoSize } = {}): Promise<TestApp> {
  const targets = await createTestDatabases(undefined, { migrated: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    POSTBAG_LOG_LEVEL: 'silent',
    POSTBAG_MASTER_KEY: randomBytes(32).toString('base64'),
    POSTBAG_JOBS: 'false',
    ...(postgresEnv(targets) ?? { POSTBAG_DATA_DIR: targets.dataDir! }),
    ...env,
  });
  const postbag = await startPostbag(config, { signInsPerMinute: options.signInsPerMinute ?? 1000 });
  await seedDemoOffice(postbag.database.db, postbag.keystore, options.demo ?? { people: 40, cases: 30 });
  return {
    ...postbag,
    async close() {
      await postbag.close();
      await targets.drop();
    },
    signIn: (email, password = DEMO_PASSWORD) => signIn(postbag.app, email, password),
  };
}

export async function signIn(app: FastifyInstance, email: string, password = DEMO_PASSWORD, code?: string): Promise<SignedInClient> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password, ...(code ? { code } : {}) } });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === 'postbag_session');
  if (!setCookie) throw new Error('sign-in set no session cookie');
  const cookie = `postbag_session=${setCookie.value}`;
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/**
 * The real server listening on a random port of localhost, for browser tests. `postbag` is the
 * app behind it, for arranging data the UI cannot make yet (e.g. jobs through `postbag.ctx.jobs`).
 * `env`: more settings, e.g. a test SMTP server's POSTBAG_SMTP_URL.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<{
  url: string;
  close(): Promise<void>;
  demo: { password: string; users: typeof demoUsers };
  postbag: TestApp;
}> {
  const app = await createTestApp(env);
  const address = await app.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address.replace('127.0.0.1', 'localhost'),
    close: () => app.close(),
    demo: { password: DEMO_PASSWORD, users: demoUsers },
    postbag: app,
  };
}

export const demo = { password: DEMO_PASSWORD, users: demoUsers, email: (role: string) => demoUsers.find((u) => u.role === role)!.email };
