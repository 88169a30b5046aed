import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openMessageTexts } from '../sealing.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { type ImapTestServer, startCuttingProxy, startImapServer } from '../../../../test/support/imap-server.js';
import { client } from '../../casework/test-fixtures/support.js';
import { email } from '../test-fixtures/mail.js';
import { BATCH, PASSWORD_FIELD, POLL_MAILBOX } from './jobs.js';

let t: TestApp;
let imap: ImapTestServer;
let priya: SignedInClient;

beforeAll(async () => {
  [t, imap] = await Promise.all([createTestApp(), startImapServer()]);
  priya = await t.signIn(demo.email('manager'));
});
afterAll(async () => {
  await t?.close();
  await imap?.stop();
});

/** Each test polls a folder of its own, filled with messages whose Message-IDs begin with the folder's name. */
async function folderWith(folder: string, count: number, size = 200): Promise<Buffer[]> {
  const c = await imap.client();
  await c.mailboxCreate(folder);
  await c.logout();
  const messages = Array.from({ length: count }, (_, i) => message(folder, i + 1, size));
  await imap.deliverAll(messages, folder);
  return messages;
}

function message(folder: string, n: number, size = 200): Buffer {
  return email({ messageId: `${folder}-${n}@mail.example`, subject: `Letter ${n}`, text: `Dear Sam, this is letter ${n}. ${'x'.repeat(size)}` });
}

async function addMailbox(folder: string, overrides: Record<string, unknown> = {}) {
  return client(t, priya).created('/mailboxes', { host: imap.host, port: imap.port, tls: false, username: imap.user, password: imap.password, folder, ...overrides });
}

/** How many times each message of the folder is stored, by its number. */
async function stored(folder: string): Promise<Map<number, number>> {
  const rows = await t.database.db
    .selectFrom('messages')
    .select(['internet_message_id', 'detail'])
    .where('internet_message_id', 'like', `${folder}-%`)
    .execute();
  const counts = new Map<number, number>();
  for (const row of rows) {
    expect(row.detail).toMatchObject({ via: 'imap' });
    const n = Number(row.internet_message_id!.slice(folder.length + 1).split('@')[0]);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

const each = (count: number, times = 1) => new Map(Array.from({ length: count }, (_, i) => [i + 1, times]));

async function mailbox(id: string) {
  const list = await client(t, priya).ok('GET', '/mailboxes');
  return list.mailboxes.find((m: { id: string }) => m.id === id);
}

function pollJobs(mailboxId: string) {
  return t.database.db
    .selectFrom('jobs')
    .select(['id', 'status', 'attempts', 'last_error', 'run_at'])
    .where('kind', '=', POLL_MAILBOX)
    .where(sql<boolean>`payload->>'mailboxId' = ${mailboxId}`)
    .orderBy('created_at')
    .execute();
}

/** Brings the mailbox's queued polls (a retry after back-off, the next turn) forward to now. */
async function dueNow(mailboxId: string) {
  await t.database.db
    .updateTable('jobs')
    .set({ run_at: new Date() })
    .where('kind', '=', POLL_MAILBOX)
    .where('status', '=', 'queued')
    .where(sql<boolean>`payload->>'mailboxId' = ${mailboxId}`)
    .execute();
}

describe('polling a mailbox over IMAP', () => {
  it('stores what is in the folder once, picks up later mail at the next poll, and leaves the server untouched', async () => {
    await folderWith('Arrivals', 3);
    const added = await addMailbox('Arrivals');
    expect(added).toMatchObject({ folder: 'Arrivals', lastUid: 0, polledAt: null, lastError: null });

    // Adding the mailbox queued its first poll.
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 0, retried: 0 });
    expect(await stored('Arrivals')).toEqual(each(3));
    const inbox = await t.database.db.selectFrom('messages').select(['state', 'subject_sealed']).where('internet_message_id', 'like', 'Arrivals-%').execute();
    expect(inbox.every((m) => m.state === 'inbox' && m.subject_sealed?.startsWith('k'))).toBe(true);
    expect(await mailbox(added.id)).toMatchObject({ lastUid: 3, lastError: null, polledAt: expect.any(String) });

    // The next turn is queued a minute on, once.
    const queued = (await pollJobs(added.id)).filter((j) => j.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.run_at.getTime()).toBeGreaterThan(Date.now() + 50_000);

    // Polling again (now, as a manager can ask) stores nothing twice.
    const poll = await client(t, priya).send('POST', `/mailboxes/${added.id}/poll`);
    expect(poll.statusCode, poll.body).toBe(202);
    await t.ctx.jobs.runDue();
    expect(await stored('Arrivals')).toEqual(each(3));

    // A message delivered later arrives with the next turn.
    await imap.deliver(message('Arrivals', 4), 'Arrivals');
    await dueNow(added.id);
    await t.ctx.jobs.runDue();
    expect(await stored('Arrivals')).toEqual(each(4));
    expect(await mailbox(added.id)).toMatchObject({ lastUid: 4 });
    expect((await pollJobs(added.id)).filter((j) => j.status === 'queued')).toHaveLength(1);

    // Read-only: every message is still there, none marked as read or deleted (\Recent is the server's own).
    const c = await imap.client();
    await c.mailboxOpen('Arrivals', { readOnly: true });
    const flags = [];
    for await (const m of c.fetch('1:*', { uid: true, flags: true })) flags.push([...(m.flags ?? [])].filter((f) => f !== '\\Recent'));
    await c.logout();
    expect(flags).toEqual([[], [], [], []]);
  });

  it('survives a connection dropped mid-fetch: the poll fails, is retried, and every message is stored exactly once', async () => {
    const count = BATCH.maxMessages + 5;
    await folderWith('Dropped', count, 2000);
    // The first connection is cut during the first batch, the third during the second.
    const proxy = await startCuttingProxy(imap, { cutAfterBytes: 8_000, connections: [0, 2] });
    try {
      const added = await addMailbox('Dropped', { port: proxy.port });
      expect(await t.ctx.jobs.runDue()).toMatchObject({ retried: 1, succeeded: 0 });
      expect(proxy.cutsMade()).toBe(1);
      expect(await stored('Dropped')).toEqual(new Map());
      const [failed] = await pollJobs(added.id);
      expect(failed).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringContaining('closed the connection during the poll') });
      await vi.waitFor(async () => expect((await mailbox(added.id)).lastError).toMatch(/closed the connection during the poll\b.*tried again/));

      // The retry stores the first batch and goes straight on to the next, which is cut too.
      await dueNow(added.id);
      expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1, retried: 1 });
      expect(proxy.cutsMade()).toBe(2);
      expect(await stored('Dropped')).toEqual(each(BATCH.maxMessages));
      expect((await mailbox(added.id)).lastUid).toBe(BATCH.maxMessages);

      await dueNow(added.id);
      expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1, retried: 0, failed: 0 });
      expect(await stored('Dropped')).toEqual(each(count));
      expect(await mailbox(added.id)).toMatchObject({ lastUid: count, lastError: null });
    } finally {
      await proxy.stop();
    }
  });

  it('starts again from the first message when the folder is made anew (UIDVALIDITY changes), storing nothing twice', async () => {
    const messages = await folderWith('Remade', 2);
    const added = await addMailbox('Remade');
    await t.ctx.jobs.runDue();
    expect(await stored('Remade')).toEqual(each(2));
    const before = await t.database.db.selectFrom('mailboxes').select('uid_validity').where('id', '=', added.id).executeTakeFirstOrThrow();

    // The folder is deleted and made again: a new message gets UID 1, the two stored ones UIDs 2 and 3.
    // A poller that kept the old last_uid (2) would miss the new one.
    const c = await imap.client();
    await c.mailboxDelete('Remade');
    await c.mailboxCreate('Remade');
    await c.logout();
    await imap.deliverAll([message('Remade', 3), ...messages], 'Remade');

    await client(t, priya).send('POST', `/mailboxes/${added.id}/poll`);
    await t.ctx.jobs.runDue();
    expect(await stored('Remade')).toEqual(each(3));
    const row = await t.database.db.selectFrom('mailboxes').select(['uid_validity', 'last_uid']).where('id', '=', added.id).executeTakeFirstOrThrow();
    expect(row.uid_validity).not.toBe(before.uid_validity);
    expect(Number(row.last_uid)).toBe(3);
  });

  it('skips a message it cannot read, saying which on the mailbox, and leaves it on the server', async () => {
    await folderWith('Unreadable', 0);
    await imap.deliverAll([Buffer.from('this is not an e-mail at all\r\n'), message('Unreadable', 2)], 'Unreadable');
    const added = await addMailbox('Unreadable');
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 0, retried: 0 });
    expect(await stored('Unreadable')).toEqual(new Map([[2, 1]]));
    expect(await mailbox(added.id)).toMatchObject({ lastUid: 2, lastError: expect.stringMatching(/^Message UID 1 was not stored and is still in the mailbox: .*not an e-mail/) });
    const c = await imap.client();
    const status = await c.status('Unreadable', { messages: true });
    await c.logout();
    expect(status).toMatchObject({ messages: 2 });
  });

  it('stores a message whose headers decode to NUL characters (removed and flagged) and moves on to the rest of the folder', async () => {
    await folderWith('Poisoned', 0);
    // Plain ASCII that any server passes on: encoded words (RFC 2047) that decode to U+0000.
    const nul = Buffer.from(
      [
        'From: =?utf-8?Q?Mallory=00_Sender?= <mallory@mail.example>',
        'To: office@postbag.example',
        'Subject: =?utf-8?B?SGVsbG8AIHRoZXJl?=',
        'Date: Mon, 23 Nov 2026 09:30:00 +0000',
        'Message-ID: <Poisoned-2@mail.example>',
        '',
        'Please help.',
        '',
      ].join('\r\n'),
    );
    await imap.deliverAll([message('Poisoned', 1), nul, message('Poisoned', 3)], 'Poisoned');
    const added = await addMailbox('Poisoned');
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 0, retried: 0 });
    expect(await stored('Poisoned')).toEqual(each(3));
    expect(await mailbox(added.id)).toMatchObject({ lastUid: 3, lastError: null });
    const row = await t.database.db.selectFrom('messages').select(['id', 'office_id', 'counterpart_name_sealed', 'detail']).where('internet_message_id', '=', 'Poisoned-2@mail.example').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ detail: { via: 'imap', flags: ['nul_removed'] } });
    expect((await openMessageTexts(t.keystore, row.office_id, [row]))[0]).toMatchObject({ counterpartName: 'Mallory Sender' });
    const owen = await t.signIn(demo.email('caseworker'));
    expect(await client(t, owen).ok('GET', `/messages/${row.id}`)).toMatchObject({ subject: 'Hello there', text: expect.stringContaining('Please help.'), flags: ['nul_removed'] });
    // The poll succeeded at its first attempt and the next waits its minute: the batch is not retried.
    expect((await pollJobs(added.id)).map((j) => [j.status, j.attempts])).toEqual([
      ['succeeded', 1],
      ['queued', 0],
    ]);
  });

  it('skips a message the database refuses, naming its UID and the SQLSTATE on the mailbox, and stores the rest', async () => {
    await folderWith('Refusing', 0);
    await imap.deliverAll([message('Refusing', 1), email({ messageId: 'Refusing-2@mail.example', from: 'Refused By Database <r@mail.example>' }), message('Refusing', 3)], 'Refusing');
    // A real refusal by the real database: a constraint, as a later migration might add.
    await sql`alter table messages add constraint refuse_for_poll check (internet_message_id is distinct from 'Refusing-2@mail.example')`.execute(t.database.db);
    try {
      const added = await addMailbox('Refusing');
      expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 0, retried: 0 });
      expect(await stored('Refusing')).toEqual(new Map([[1, 1], [3, 1]]));
      expect(await mailbox(added.id)).toMatchObject({ lastUid: 3, lastError: 'Message UID 2 was not stored and is still in the mailbox: The database refused to store this message (SQLSTATE 23514), so it was left out; the others were stored.' });
    } finally {
      await sql`alter table messages drop constraint refuse_for_poll`.execute(t.database.db);
    }
  });

  it('says so on the mailbox when the password is wrong, and the poll is retried with a message that names no personal data', async () => {
    await folderWith('Refused', 1);
    const added = await addMailbox('Refused', { password: 'not-the-password' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ retried: 1 });
    const [job] = await pollJobs(added.id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job!.last_error).toBe(`The mail server refused the user name or password of mailbox ${added.id}. Remove the mailbox and add it again with the right ones.`);
    await vi.waitFor(async () => expect((await mailbox(added.id)).lastError).toBe(job!.last_error));
    expect(await stored('Refused')).toEqual(new Map());
  });
});

describe('managing mailboxes', () => {
  it('never gives the password back, and keeps it only sealed under the mailbox key, destroyed on removal', async () => {
    const password = `secret-${Date.now()}`;
    const res = await client(t, priya).send('POST', '/mailboxes', { host: 'imap.example.org', port: 993, tls: true, username: 'office@example.org', password, folder: 'Casework' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(password);
    const { id } = res.json();
    const list = await client(t, priya).send('GET', '/mailboxes');
    expect(list.body).not.toContain(password);
    expect(list.json().mailboxes.find((m: { id: string }) => m.id === id)).not.toHaveProperty('password');

    const row = await t.database.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.password_sealed).toMatch(/^k1\./);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(await t.keystore.decryptField(row.office_id, 'mailbox', id, PASSWORD_FIELD, row.password_sealed)).toBe(password);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${id}`, headers: priya.headers });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await client(t, priya).ok('GET', '/mailboxes')).mailboxes.map((m: { id: string }) => m.id)).not.toContain(id);
    await expect(t.keystore.decryptField(row.office_id, 'mailbox', id, PASSWORD_FIELD, row.password_sealed)).rejects.toThrow();
    const audit = await t.database.db.selectFrom('audit_log').select('action').where(sql<boolean>`record_ids @> ${JSON.stringify([id])}::jsonb`).execute();
    expect(audit.map((a) => a.action)).toEqual(['mailbox.added', 'mailbox.removed']);

    // Its queued poll finds no mailbox, does nothing and queues no other.
    await t.ctx.jobs.runDue();
    expect((await pollJobs(id)).map((j) => j.status)).toEqual(['succeeded']);
  });

  it('refuses bad settings, a second copy of a mailbox and anyone but a manager, changing nothing', async () => {
    const count = async () => Number((await t.database.db.selectFrom('mailboxes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = await client(t, priya).send('POST', '/mailboxes', { host: 'imap example', port: 70000, tls: 'yes', username: '', password: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['body.host', 'body.password', 'body.port', 'body.tls', 'body.username']);

    const settings = { host: 'imap.example.org', port: 993, tls: true, username: 'office@example.org', password: 'pw', folder: 'Twice' };
    await client(t, priya).created('/mailboxes', settings);
    const again = await client(t, priya).send('POST', '/mailboxes', settings);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/polls the folder "Twice" of that account/);

    const owen = await t.signIn(demo.email('caseworker'));
    expect((await client(t, owen).send('POST', '/mailboxes', { ...settings, folder: 'Other' })).statusCode).toBe(403);
    expect((await client(t, owen).send('GET', '/mailboxes')).statusCode).toBe(403);
    expect(await count()).toBe(before + 1);
  });
});
