import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { seedDemoOffice } from '../../../seed/demo.js';
import { type Postbag, startPostbag } from '../../../server.js';
import { signIn, type TestApp } from '../../../../test/support/app.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from '../../../../test/support/database.js';
import { parseMail, type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { client } from '../../casework/test-fixtures/support.js';
import { officeWithCase } from './test-fixtures/support.js';

/**
 * Postbag killed in the middle of sending an e-mail (a separate `postbag serve` process, SIGKILL),
 * then started again: nothing is lost, and a message goes twice, with the same Message-ID, only
 * when the SMTP server had the whole message before the kill.
 */
const root = join(import.meta.dirname, '../../../..');
let dir: string;
let targets: TestDatabases;
let smtp: SmtpTestServer;
let env: Record<string, string>;
let server: ChildProcess | undefined;
let serverErrors = '';
let office: { caseId: string };

/** Postbag in this process, jobs off, for arranging data and reading the outcome. */
async function inProcess<T>(work: (postbag: Postbag) => Promise<T>): Promise<T> {
  const postbag = await startPostbag(loadConfig({ ...env, POSTBAG_JOBS: 'false' }));
  try {
    return await work(postbag);
  } finally {
    await postbag.close();
  }
}

const asTestApp = (postbag: Postbag) => ({ ...postbag, signIn: (email: string) => signIn(postbag.app, email) }) as TestApp;

/** Queues an e-mail from the case, as the caseworker; returns the message id and its Message-ID header. */
const queueEmail = (subject: string) =>
  inProcess(async (postbag) => {
    const owen = await signIn(postbag.app, 'caseworker@postbag.example');
    const queued = await client(asTestApp(postbag), owen).created(`/cases/${office.caseId}/emails`, { subject, body: 'Your case is in hand.' });
    return { id: queued.id as string, header: `<${queued.internetMessageId}>` };
  });

function serve(): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr!.on('data', (chunk: Buffer) => (serverErrors += chunk.toString()));
  server = proc;
  return proc;
}

async function stop(proc: ChildProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  await exited;
}

const copiesOf = async (header: string) => (await Promise.all(smtp.accepted().map(parseMail))).filter((m) => m.messageId === header);

/**
 * Waits for `what` as long as the machine takes (the test's timeout is the limit), but fails at
 * once, with what Postbag printed, if the Postbag process exits first.
 */
function whileServing<T>(proc: ChildProcess, what: string, waiting: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const exited = () => reject(new Error(`Postbag exited before ${what}; its stderr:\n${serverErrors}`));
    proc.once('exit', exited);
    waiting.then(resolve, reject).finally(() => proc.off('exit', exited));
  });
}

/** Until the SMTP server has accepted `count` copies of the message with this Message-ID. */
const copiesArrived = (proc: ChildProcess, header: string, count: number) =>
  whileServing(
    proc,
    `the SMTP server got ${count} copies of ${header}`,
    smtp.waitFor(`${count} copies of ${header}`, (_, all) => all.filter((e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString().includes(header)).length >= count),
  );

const messageState = (messageId: string) =>
  inProcess(async (postbag) => (await postbag.database.db.selectFrom('messages').select('state').where('id', '=', messageId).executeTakeFirstOrThrow()).state);

/** What Postbag recorded about the e-mail, once every process is stopped. */
const outcome = (messageId: string) =>
  inProcess(async (postbag) => {
    const db = postbag.database.db;
    const message = await db.selectFrom('messages').select(['state', 'sent_at']).where('id', '=', messageId).executeTakeFirstOrThrow();
    const job = await db.selectFrom('jobs').select(['status', 'attempts']).where('dedupe_key', '=', messageId).executeTakeFirstOrThrow();
    const onTimeline = await db.selectFrom('case_events').select('id').where('message_id', '=', messageId).execute();
    return { state: message.state, sent: message.sent_at !== null, job, timelineEntries: onTimeline.length };
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postbag-smtp-crash-'));
  targets = await createTestDatabases(dir);
  smtp = await startSmtpServer();
  env = {
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
  office = await inProcess(async (postbag) => {
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 5, cases: 2 });
    const { theCase } = await officeWithCase(asTestApp(postbag));
    return { caseId: theCase.id as string };
  });
}, 120_000);

afterAll(async () => {
  if (server) await stop(server, 'SIGKILL');
  await smtp?.close();
  await targets?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('killed after the SMTP server had the whole message: sent again after the restart, with the same Message-ID, recorded sent once', async () => {
  const email = await queueEmail('Killed after DATA');
  smtp.plan({ hold: 'after-data' });
  const doomed = serve();
  await whileServing(doomed, 'the SMTP server held the message', smtp.waitFor('the whole message, held before its 250', (e) => e.event === 'holding' && e.stage === 'after-data'));
  await stop(doomed, 'SIGKILL');
  smtp.release();
  await smtp.waitFor('the first copy', (_, all) => all.some((e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString().includes(email.header)));
  // Killed between the SMTP step and recording it: the e-mail is left 'sending', to be sent again.
  expect(await messageState(email.id)).toBe('sending');

  const rescuer = serve();
  await copiesArrived(rescuer, email.header, 2);
  await stop(rescuer, 'SIGTERM');

  const [first, second] = await copiesOf(email.header);
  expect(second!.subject).toBe(first!.subject);
  expect(second!.text).toBe(first!.text);
  expect(await outcome(email.id)).toEqual({ state: 'sent', sent: true, job: { status: 'succeeded', attempts: 2 }, timelineEntries: 1 });
}, 150_000);

it('killed before the SMTP server accepted anything: exactly one copy arrives after the restart', async () => {
  const email = await queueEmail('Killed before DATA');
  smtp.plan({ hold: 'before-data' });
  const doomed = serve();
  await whileServing(doomed, 'the SMTP server held the recipient', smtp.waitFor('the recipient, held', (e) => e.event === 'holding' && e.stage === 'before-data'));
  await stop(doomed, 'SIGKILL');
  smtp.release();
  expect(await copiesOf(email.header)).toHaveLength(0);
  expect(await messageState(email.id)).toBe('sending');

  const rescuer = serve();
  await copiesArrived(rescuer, email.header, 1);
  await stop(rescuer, 'SIGTERM');

  expect(await copiesOf(email.header)).toHaveLength(1);
  expect(await outcome(email.id)).toEqual({ state: 'sent', sent: true, job: { status: 'succeeded', attempts: 2 }, timelineEntries: 1 });
}, 150_000);
