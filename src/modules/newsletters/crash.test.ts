import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { withOffice } from '../../db/scope.js';
import { systemActor } from '../../platform/audit/audit.js';
import { DEMO_OFFICE_ID, seedDemoOffice } from '../../seed/demo.js';
import { type Postbag, startPostbag } from '../../server.js';
import { signIn, type TestApp } from '../../../test/support/app.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from '../../../test/support/database.js';
import { parseMail, type SmtpEvent, type SmtpTestServer, startSmtpServer } from '../../../test/support/smtp-server.js';
import { client } from '../casework/test-fixtures/support.js';
import { recordConsentEvent } from '../consent/service.js';
import { officeWithCase } from '../correspondence/outbound/test-fixtures/support.js';

/**
 * Postbag killed in the middle of a mailing (a separate `postbag serve` process, SIGKILL) and
 * started again: every recipient gets the mailing, each one message (a copy sent again after the
 * kill carries the same Message-ID: the send path's crash rule), and the mailing ends sent.
 */
const root = join(import.meta.dirname, '../../..');
const RECIPIENTS = 20;
let dir: string;
let targets: TestDatabases;
let smtp: SmtpTestServer;
let env: Record<string, string>;
let server: ChildProcess | undefined;
let serverErrors = '';
let addresses: string[];
let mailingId: string;

async function inProcess<T>(work: (postbag: Postbag) => Promise<T>): Promise<T> {
  const postbag = await startPostbag(loadConfig({ ...env, POSTBAG_JOBS: 'false' }));
  try {
    return await work(postbag);
  } finally {
    await postbag.close();
  }
}

const asTestApp = (postbag: Postbag) => ({ ...postbag, signIn: (email: string) => signIn(postbag.app, email) }) as TestApp;

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

function whileServing<T>(proc: ChildProcess, what: string, waiting: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const exited = () => reject(new Error(`Postbag exited before ${what}; its stderr:\n${serverErrors}`));
    proc.once('exit', exited);
    waiting.then(resolve, reject).finally(() => proc.off('exit', exited));
  });
}

/** How many of the mailing's recipients the SMTP server has accepted a message for. */
const recipientsReached = (all: readonly SmtpEvent[]) =>
  new Set(all.flatMap((e) => (e.event === 'accepted' ? addresses.filter((a) => Buffer.from(e.raw, 'base64').toString('latin1').toLowerCase().includes(`to: ${a}`)) : []))).size;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postbag-mailing-crash-'));
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
  ({ addresses, mailingId } = await inProcess(async (postbag) => {
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 5, cases: 2 });
    const t = asTestApp(postbag);
    const office = await officeWithCase(t);
    const purposes = (await office.managerApi.ok('GET', '/processing/purposes')).purposes as { id: string; name: string }[];
    const purposeId = purposes.find((p) => p.name === 'Communications')!.id;
    const addresses: string[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const address = `reader.${i}@example.org`;
      const person = await office.api.created('/people', { givenName: `Reader${i}`, familyName: 'Smith', source: 'email', contactPoints: [{ kind: 'email', value: address, preferred: true, source: 'email' }] });
      await withOffice(postbag.database.db, DEMO_OFFICE_ID, (tx) =>
        recordConsentEvent(postbag.keystore, tx, DEMO_OFFICE_ID, systemActor, { personId: person.id, purposeId, kind: 'given', method: 'web_form', wording: 'Send me the newsletter.' }),
      );
      addresses.push(address);
    }
    // A slice of 10 every 10 s: the kill lands while the mailing is under way.
    await office.managerApi.ok('PUT', '/newsletters/settings', { messagesPerMinute: 60 });
    const mailing = await office.managerApi.created('/newsletters', { subject: 'Autumn newsletter', html: '<p>Dear {{constituent.givenName}}, the autumn news.</p>', purposeId });
    await client(t, office.manager).ok('POST', `/newsletters/${mailing.id}/send`, {});
    return { addresses, mailingId: mailing.id as string };
  }));
}, 180_000);

afterAll(async () => {
  if (server) await stop(server, 'SIGKILL');
  await smtp?.close();
  await targets?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('killed mid-mailing and started again: every recipient gets it, one message each, and the mailing ends sent', async () => {
  const doomed = serve();
  await whileServing(doomed, 'the first messages arrived', smtp.waitFor('5 of the mailing', (_, all) => recipientsReached(all) >= 5));
  await stop(doomed, 'SIGKILL');
  const before = recipientsReached(smtp.events);
  expect(before).toBeLessThan(RECIPIENTS);

  const rescuer = serve();
  await whileServing(rescuer, 'every recipient got it', smtp.waitFor('every recipient', (_, all) => recipientsReached(all) === RECIPIENTS));
  await stop(rescuer, 'SIGTERM');

  const mails = await Promise.all(smtp.accepted().map(parseMail));
  const byRecipient = new Map<string, Set<string>>();
  for (const m of mails) {
    const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address?.toLowerCase();
    if (!to || !addresses.includes(to)) continue;
    byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(m.messageId!));
  }
  expect([...byRecipient.keys()].sort()).toEqual([...addresses].sort());
  // One message per person: any second copy is the same message (its Message-ID) sent again.
  for (const ids of byRecipient.values()) expect(ids.size).toBe(1);
  const outcome = await inProcess(async (postbag) => {
    const db = postbag.database.db;
    const mailing = await db.selectFrom('newsletter_mailings').select('state').where('id', '=', mailingId).executeTakeFirstOrThrow();
    const rows = await db.selectFrom('newsletter_recipients').select(['message_id']).where('mailing_id', '=', mailingId).execute();
    const ids = rows.map((r) => r.message_id!);
    const states = await db.selectFrom('messages').select('state').where('id', 'in', ids).execute();
    return { state: mailing.state, recipients: rows.length, distinctMessages: new Set(ids).size, sent: states.filter((s) => s.state === 'sent').length };
  });
  expect(outcome).toEqual({ state: 'sent', recipients: RECIPIENTS, distinctMessages: RECIPIENTS, sent: RECIPIENTS });
}, 240_000);
