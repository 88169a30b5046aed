import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { type Postbag, startPostbag } from '../../src/server.js';
import { signIn, type TestApp } from './app.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from './database.js';
import { type SmtpTestServer, startSmtpServer } from './smtp-server.js';

const root = join(import.meta.dirname, '../..');

/**
 * Postbag as a separate `postbag serve` process, for the tests that kill it (SIGKILL) and start it
 * again: its own databases and a test SMTP server, short job leases so that a restarted runner
 * takes a dead one's job over quickly, and Postbag in the test's own process (jobs off) for
 * arranging data and reading the outcome.
 */
export class ServedPostbag {
  private server: ChildProcess | undefined;
  private errors = '';

  private constructor(
    private readonly dir: string,
    private readonly targets: TestDatabases,
    readonly smtp: SmtpTestServer,
    private readonly env: Record<string, string>,
  ) {}

  static async start(name: string): Promise<ServedPostbag> {
    const dir = await mkdtemp(join(tmpdir(), `postbag-${name}-`));
    const targets = await createTestDatabases(dir);
    const smtp = await startSmtpServer();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      POSTBAG_LOG_LEVEL: 'silent',
      POSTBAG_SMTP_URL: smtp.url,
      POSTBAG_JOB_LEASE_SECONDS: '2',
      POSTBAG_JOB_POLL_MS: '100',
      POSTBAG_KEY_FILE: join(dir, 'master.key'),
      ...(postgresEnv(targets) ? { ...postgresEnv(targets), POSTBAG_MASTER_KEY: randomBytes(32).toString('base64') } : { POSTBAG_DATA_DIR: dir }),
    };
    return new ServedPostbag(dir, targets, smtp, env);
  }

  /** Postbag in this process, jobs off; closed again after `work`. */
  async inProcess<T>(work: (postbag: Postbag, asTestApp: TestApp) => Promise<T>): Promise<T> {
    const postbag = await startPostbag(loadConfig({ ...this.env, POSTBAG_JOBS: 'false' }));
    try {
      return await work(postbag, { ...postbag, signIn: (email: string) => signIn(postbag.app, email) } as TestApp);
    } finally {
      await postbag.close();
    }
  }

  serve(): ChildProcess {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { cwd: root, env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (chunk: Buffer) => (this.errors += chunk.toString()));
    this.server = proc;
    return proc;
  }

  async stop(proc: ChildProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  }

  /**
   * Waits for `what` as long as the machine takes (the test's timeout is the limit), but fails at
   * once, with what Postbag printed, if the Postbag process exits first.
   */
  whileServing<T>(proc: ChildProcess, what: string, waiting: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const exited = () => reject(new Error(`Postbag exited before ${what}; its stderr:\n${this.errors}`));
      proc.once('exit', exited);
      waiting.then(resolve, reject).finally(() => proc.off('exit', exited));
    });
  }

  async close(): Promise<void> {
    if (this.server) await this.stop(this.server, 'SIGKILL');
    await this.smtp.close();
    await this.targets.drop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
