import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, signIn, type TestApp } from '../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { FROM, sendAs } from '../correspondence/outbound/test-fixtures/support.js';

/** A colleague invited by e-mail, through the one send path to a real SMTP server, sets up their own account from the link. */
let smtp: SmtpTestServer;
let t: TestApp;
let manager: SignedInClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  manager = await signIn(t.app, demo.email('manager'));
  const saved = await sendAs(t, manager, 'PUT', '/office/correspondence', { fromAddress: FROM, signature: 'Sam Taylor MP', letterheadAddress: 'House of Commons\nLondon SW1A 0AA', privacyNoticeUrl: 'https://example-constituency.org.uk/privacy' });
  if (saved.statusCode !== 200) throw new Error(saved.body);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const invite = (client: SignedInClient, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/office/staff/invites', headers: client.headers, payload });
const invitation = (token: string) => t.app.inject({ method: 'GET', url: `/api/v1/invites/${token}` });
const accept = (token: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/invites/${token}`, payload });

/** Sends the queued mail and answers the token in the link of the invitation sent to `to`. */
async function linkSentTo(to: string): Promise<{ token: string; text: string }> {
  await t.ctx.jobs.runDue();
  const mails = await smtp.acceptedWith(to);
  const mail = mails.reverse().find((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
  const text = mail?.text ?? '';
  const token = /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation link in the mail to ${to}: ${text}`);
  return { token, text };
}

describe('inviting a colleague', () => {
  it('e-mails a link with which the colleague chooses a name and password and signs in with the role given; the link then stops working', async () => {
    const res = await invite(manager, { email: 'Jo.Bloggs@Example.org', role: 'caseworker' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'jo.bloggs@example.org', role: 'caseworker' });

    const accounts = await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } });
    expect(accounts.json().invites).toEqual([
      expect.objectContaining({ email: 'jo.bloggs@example.org', role: 'caseworker', invitedBy: 'Priya Shah', sending: { state: 'queued', sentAt: null, sendProblem: null, nextTryAt: null } }),
    ]);

    const { token, text } = await linkSentTo('jo.bloggs@example.org');
    const sent = (await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } })).json();
    expect(sent.invites).toEqual([expect.objectContaining({ email: 'jo.bloggs@example.org', sending: expect.objectContaining({ state: 'sent', sentAt: expect.any(String), sendProblem: null }) })]);
    expect(text).toMatch(/^Priya Shah has invited you to Postbag, the casework system of Example Constituency, as a caseworker\./);
    expect(text).toContain(`http://localhost:80/invite/${token}`);
    expect((await invitation(token)).json()).toMatchObject({ officeName: 'Example Constituency', email: 'jo.bloggs@example.org', role: 'caseworker' });

    const accepted = await accept(token, { name: '  Jo Bloggs ', password: 'correct horse battery' });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const jo = await signIn(t.app, 'jo.bloggs@example.org', 'correct horse battery');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: jo.cookie } })).json();
    expect(me.user).toMatchObject({ displayName: 'Jo Bloggs', role: 'caseworker' });

    const before = await tableContents(t);
    for (const res of [await accept(token, { name: 'Someone Else', password: 'another long password' }), await invitation(token)]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/already been used/);
    }
    await expectUnchanged(t, before);
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } })).json();
    expect(after.invites).toEqual([]);
    expect(after.accounts).toContainEqual(expect.objectContaining({ email: 'jo.bloggs@example.org', name: 'Jo Bloggs', active: true }));
  });

  it('inviting the same address again replaces the earlier invitation: its link says so, its unsent e-mail never goes, and only the newest is listed', async () => {
    const first = await invite(manager, { email: 'sam.okoro@example.org', role: 'volunteer' });
    expect(first.statusCode, first.body).toBe(201);
    const firstToken = (await linkSentTo('sam.okoro@example.org')).token;
    // The second is replaced before its e-mail has gone: that e-mail is withdrawn, the third goes.
    expect((await invite(manager, { email: 'sam.okoro@example.org', role: 'caseworker' })).statusCode).toBe(201);
    const third = await invite(manager, { email: 'Sam.Okoro@example.org', role: 'researcher' });
    expect(third.statusCode, third.body).toBe(201);
    const { token, text } = await linkSentTo('sam.okoro@example.org');
    expect(text).toContain('as a researcher.');
    const mails = (await smtp.acceptedWith('sam.okoro@example.org')).filter((m) => m.to && !Array.isArray(m.to) && m.to.text === 'sam.okoro@example.org');
    expect(mails, 'the first and the third invitation, not the second').toHaveLength(2);

    const accounts = (await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } })).json();
    expect(accounts.invites.filter((i: { email: string }) => i.email === 'sam.okoro@example.org')).toEqual([expect.objectContaining({ id: third.json().id, role: 'researcher' })]);

    const before = await tableContents(t);
    for (const res of [await invitation(firstToken), await accept(firstToken, { name: 'Sam Okoro', password: 'a long enough password' })]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toBe('This invitation was replaced by a newer one: open the link in the latest invitation e-mail, or ask your office manager to invite you again.');
    }
    await expectUnchanged(t, before);
    await expect(signIn(t.app, 'sam.okoro@example.org', 'a long enough password')).rejects.toThrow(/401/);

    expect((await accept(token, { name: 'Sam Okoro', password: 'a long enough password' })).statusCode).toBe(201);
    const sam = await signIn(t.app, 'sam.okoro@example.org', 'a long enough password');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sam.cookie } })).json().user).toMatchObject({ role: 'researcher' });
  });

  it('says why an invitation’s e-mail was not sent when the server refuses it', async () => {
    smtp.plan({ reply: 550, at: 'rcpt' });
    expect((await invite(manager, { email: 'no.such.mailbox@example.org', role: 'volunteer' })).statusCode).toBe(201);
    await t.ctx.jobs.runDue();
    const accounts = (await t.app.inject({ method: 'GET', url: '/api/v1/office/staff/accounts', headers: { cookie: manager.cookie } })).json();
    expect(accounts.invites.find((i: { email: string }) => i.email === 'no.such.mailbox@example.org')?.sending).toEqual({
      state: 'failed',
      sentAt: null,
      sendProblem: 'the server refused the recipient: 550 mailbox unavailable',
      nextTryAt: null,
    });
  });

  it('refuses a bad address, an unknown role, an address that has an account, and a caseworker; nothing changes', async () => {
    const caseworker = await signIn(t.app, demo.email('caseworker'));
    const before = await tableContents(t);
    const cases: [SignedInClient, object, number, RegExp][] = [
      [manager, { email: 'jo bloggs@example', role: 'caseworker' }, 400, /e-mail address/],
      [manager, { email: 'new.person@example.org', role: 'intern' }, 400, /must be one of the roles/],
      [manager, { email: 'new.person@example.org' }, 400, /roles/],
      [manager, { email: 'CASEWORKER@postbag.example', role: 'volunteer' }, 409, /already has a Postbag account/],
      [caseworker, { email: 'new.person@example.org', role: 'caseworker' }, 403, /./],
    ];
    for (const [client, payload, status, message] of cases) {
      const res = await invite(client, payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    await expectUnchanged(t, before);
  });

  it('refuses an expired link, a mistyped one, a short password and an empty name, and changes nothing', async () => {
    expect((await invite(manager, { email: 'late.starter@example.org', role: 'volunteer' })).statusCode).toBe(201);
    const { token } = await linkSentTo('late.starter@example.org');
    const before = await tableContents(t);
    const refusals: [string, object, number, RegExp][] = [
      [token, { name: 'Late Starter', password: 'short' }, 400, /at least 12 characters/],
      [token, { name: ' \u200b ', password: 'a long enough password' }, 400, /visible text/],
      [token.slice(0, 40), { name: 'Late Starter', password: 'a long enough password' }, 400, /copied whole/],
      [`${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`, { name: 'Late Starter', password: 'a long enough password' }, 404, /not valid/],
    ];
    for (const [link, payload, status, message] of refusals) {
      const res = await accept(link, payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    await expectUnchanged(t, before);

    await t.database.db.updateTable('staff_invites').set({ expires_at: new Date(Date.now() - 1000) }).where('email', '=', 'late.starter@example.org').execute();
    const expired = await tableContents(t);
    const res = await accept(token, { name: 'Late Starter', password: 'a long enough password' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/^This invitation expired on .+ Ask your office manager to invite you again\.$/);
    await expectUnchanged(t, expired);
    await expect(signIn(t.app, 'late.starter@example.org', 'a long enough password')).rejects.toThrow(/401/);
  });
});
