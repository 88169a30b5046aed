import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { FROM, officeWithCase, sendAs } from './test-fixtures/support.js';

/** The office's own SMTP server, set in the app (no POSTBAG_SMTP_URL here), and its test message. */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let manager: SignedInClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp();
  office = await officeWithCase(t);
  manager = office.manager;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const URL = '/office/correspondence/smtp';
const put = (body: object, who = manager) => sendAs(t, who, 'PUT', URL, body);
const get = (who = manager) => t.app.inject({ method: 'GET', url: `/api/v1${URL}`, headers: { cookie: who.cookie } });
const remove = () => t.app.inject({ method: 'DELETE', url: `/api/v1${URL}`, headers: manager.headers });
const test = (who = manager) => t.app.inject({ method: 'POST', url: `/api/v1${URL}/test`, headers: who.headers });
const stored = () => t.database.db.selectFrom('office_correspondence').select(['office_id', 'smtp_host', 'smtp_username', 'smtp_password_sealed']).executeTakeFirstOrThrow();
let sealedPassword = '';
const audited = async () => (await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'office.smtp%').orderBy('seq').execute()).map((a) => a.action);
const theServer = () => ({ host: '127.0.0.1', port: smtp.port, security: 'starttls', username: null });

describe("the office's SMTP server", () => {
  it('with none set and no POSTBAG_SMTP_URL: the settings say so, and the test message reports that nothing can be sent', async () => {
    expect((await get()).json()).toEqual({ server: null, fallback: false });
    expect((await test()).json()).toEqual({ sent: false, server: null, to: FROM, problem: 'no SMTP server is set for the office' });
  });

  it('set by a manager: the test message goes through it to the from address, and so does e-mail from a case', async () => {
    const saved = await put(theServer());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ server: { host: '127.0.0.1', port: smtp.port, security: 'starttls', username: null, passwordSet: false }, fallback: false, requeued: 0 });

    expect((await test()).json()).toEqual({ sent: true, server: '127.0.0.1', to: FROM, problem: null });
    const [mail] = await smtp.acceptedWith('Postbag test message');
    expect(mail).toMatchObject({ subject: 'Postbag test message', to: { value: [{ address: FROM }] } });

    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'Through the office server', body: 'Hello' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1 });
    expect(await office.api.ok('GET', `/messages/${queued.id}`)).toMatchObject({ state: 'sent', sendProblem: null });
    expect(await smtp.acceptedWith('Through the office server')).toHaveLength(2);
  });

  it('the test message reports the exact failure: a refusal in the server\'s words, a server that cannot be reached', async () => {
    smtp.plan({ reply: 550 });
    expect((await test()).json()).toMatchObject({ sent: false, problem: 'the server refused the e-mail: 550 Mailbox unavailable' });
    expect((await put({ ...theServer(), port: 1 })).statusCode).toBe(200);
    expect((await test()).json()).toMatchObject({ sent: false, server: '127.0.0.1', problem: 'could not connect to 127.0.0.1' });
    expect((await put(theServer())).statusCode).toBe(200);
  });

  it('keeps the password sealed and never returns it; it is kept when left out for the same server and user, and asked for again when they change', async () => {
    const password = 'correct horse battery staple';
    const saved = await put({ ...theServer(), host: 'smtp.example.org', port: 587, username: 'office@example.org', password });
    expect(saved.json().server).toEqual({ host: 'smtp.example.org', port: 587, security: 'starttls', username: 'office@example.org', passwordSet: true });
    expect(saved.body + (await get()).body).not.toContain(password);
    const row = await stored();
    expect(row.smtp_password_sealed).toMatch(/^k1\./);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(await t.keystore.decryptField(row.office_id, 'mailbox', row.office_id, 'smtp.password', row.smtp_password_sealed!)).toBe(password);
    sealedPassword = row.smtp_password_sealed!;

    // Saved again without the password (the port changed): the same sealed password stays.
    expect((await put({ ...theServer(), host: 'smtp.example.org', port: 465, security: 'tls', username: 'office@example.org' })).json().server.passwordSet).toBe(true);
    expect((await stored()).smtp_password_sealed).toBe(row.smtp_password_sealed);

    // Another server without the password: refused, so that a password never goes where it was not given for.
    const before = await tableContents(t);
    const moved = await put({ ...theServer(), host: 'smtp.elsewhere.example', username: 'office@example.org' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ message: expect.stringContaining('the server or user name changed, so give the password again'), problems: [{ path: 'body.password', message: 'is required with a user name' }] });
    await expectUnchanged(t, before);
  });

  it('refuses bad settings with a clear reason each and changes nothing', async () => {
    const before = await tableContents(t);
    const cases: [object, string, RegExp][] = [
      [{ ...theServer(), host: 'smtp example.org' }, 'body.host', /must be a host name or IP address, e\.g\. smtp\.example\.org/],
      [{ ...theServer(), host: '   ' }, 'body.host', /must not be empty \(the SMTP server/],
      [{ ...theServer(), port: 0 }, 'body.port', /must be from 1 to 65535/],
      [{ ...theServer(), port: '587' }, 'body.port', /must be a port number/],
      [{ ...theServer(), security: 'ssl' }, 'body.security', /must be "tls" \(TLS from the start, port 465\) or "starttls"/],
      [{ ...theServer(), password: 'hunter2' }, 'body.password', /needs a user name/],
      [{ ...theServer(), username: 'office@example.org' }, 'body.password', /is required with a user name/],
      [{ ...theServer(), username: 'a\nb', password: 'x' }, 'body.username', /./],
      [{ ...theServer(), pasword: 'typo' }, 'body', /has unknown field\(s\) "pasword"/],
    ];
    for (const [body, path, message] of cases) {
      const refused = await put(body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.problems, JSON.stringify(body)).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    await expectUnchanged(t, before);
  });

  it('is for managers only: a caseworker can neither read, set nor test it', async () => {
    const owen = office.owen;
    const before = await tableContents(t);
    expect((await get(owen)).statusCode).toBe(403);
    expect((await put(theServer(), owen)).statusCode).toBe(403);
    expect((await test(owen)).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });

  it('removed: the office has none again, its password key is destroyed, and every change and test was audited', async () => {
    const removed = await remove();
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ server: null, fallback: false });
    const row = await stored();
    expect(row).toMatchObject({ smtp_host: null, smtp_username: null, smtp_password_sealed: null });
    await expect(t.keystore.decryptField(row.office_id, 'mailbox', row.office_id, 'smtp.password', sealedPassword)).rejects.toThrow();
    const actions = await audited();
    expect(actions.filter((a) => a === 'office.smtp_tested')).toHaveLength(4);
    expect(actions.filter((a) => a === 'office.smtp_changed')).toHaveLength(5);
    expect(actions.at(-1)).toBe('office.smtp_removed');
  });

  it('set again: the e-mails that failed only because no server was set are queued again, audited, and go; one a server refused stays failed', async () => {
    const email = (subject: string) => office.api.created(`/cases/${office.theCase.id}/emails`, { subject, body: 'Hello' });
    const stateOf = async (id: string) => (await office.api.ok('GET', `/messages/${id}`)) as { state: string; sendProblem: string | null };
    expect((await put(theServer())).statusCode).toBe(200);
    smtp.plan({ reply: 550, at: 'rcpt' });
    const refused = await email('Refused by the server');
    await t.ctx.jobs.runDue();
    expect((await remove()).statusCode).toBe(200);
    const waiting = await email('Waiting for a server');
    await t.ctx.jobs.runDue();
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'failed', sendProblem: 'no SMTP server is set for the office' });
    expect(await stateOf(refused.id)).toMatchObject({ state: 'failed', sendProblem: 'the server refused the recipient: 550 mailbox unavailable' });

    const saved = await put(theServer());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ server: { host: '127.0.0.1' }, requeued: 1 });
    const job = await t.database.db.selectFrom('jobs').select('id').where('dedupe_key', '=', waiting.id).executeTakeFirstOrThrow();
    const retried = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', '=', 'job.retried').execute();
    expect(retried.map((a) => [a.action, a.record_ids])).toEqual([['job.retried', [job.id]]]);
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'queued' });

    expect(await t.ctx.jobs.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'sent', sendProblem: null });
    expect(await smtp.acceptedWith('Waiting for a server')).toContainEqual(expect.objectContaining({ subject: expect.stringContaining('Waiting for a server') }));
    expect((await stateOf(refused.id)).state).toBe('failed');
    // Nothing is left waiting: saving again queues nothing.
    expect((await put(theServer())).json().requeued).toBe(0);
  });
});
