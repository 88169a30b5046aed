import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { withOffice } from '../../../db/scope.js';
import { unsubscribeToken } from '../../../platform/crypto/unsubscribe-token.js';
import { DEMO_OFFICE_ID } from '../../../seed/demo.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { casework, queueEmail } from '../../correspondence/service.js';
import { confirmationLink, freshAddress, MINUTE, postSignup, signupTokenServed } from './test-fixtures/support.js';

/** The public sign-up (double opt-in) and unsubscribe pages over real HTTP requests, and the mail they send, from a real SMTP server. */
let smtp: SmtpTestServer;
let t: TestApp;
let manager: SignedInClient;
const OFFICE = DEMO_OFFICE_ID;
const PUBLIC_URL = 'https://updates.example.org';
let topics: { id: string; name: string; purpose_id: string }[];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url, POSTBAG_PUBLIC_URL: PUBLIC_URL });
  manager = await t.signIn(demo.email('manager'));
  const settings = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/office/correspondence',
    headers: manager.headers,
    payload: { fromAddress: 'office@example.org', signature: '', letterheadAddress: '', privacyNoticeUrl: null },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  topics = await t.database.db.selectFrom('subscription_topics').select(['id', 'name', 'purpose_id']).where('office_id', '=', OFFICE).where('retired_at', 'is', null).orderBy('name').execute();
  expect(topics.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const form = (extra: Record<string, string> = {}) => ({ formToken: signupTokenServed(t, OFFICE), website: '', givenName: 'Priya', familyName: 'Nair-Whitfield', email: 'Priya.Nair@Example.net ', ...extra });
/** Sends what the job runner has queued, and the e-mail that reached the SMTP server holding `text`. */
async function delivered(text: string): Promise<ParsedMail> {
  await t.ctx.jobs.runDue();
  const mails = await smtp.acceptedWith(text);
  return mails.at(-1)!;
}
const pathOf = (link: string) => new URL(link).pathname;
const consentEvents = (personId: string) => t.database.db.selectFrom('consent_events').selectAll().where('person_id', '=', personId).orderBy('occurred_at').orderBy('id').execute();
const personWithEmail = async (email: string) =>
  (await t.database.db.selectFrom('contact_points').select('person_id').where('kind', '=', 'email').where('value', '=', email).execute()).map((r) => r.person_id);

describe('the sign-up page', () => {
  it('is where /subscribe leads when the deployment has one office', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/subscribe' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/subscribe/${OFFICE}`);
  });

  it('offers the office’s topics, shows the exact wording of the consent and links the privacy notice; no script, no cookie, nothing from elsewhere', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/subscribe/${OFFICE}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    for (const topic of topics) expect(res.body).toContain(`name="topic" value="${topic.id}"`);
    expect(res.body).toContain('<label for="f-email">E-mail address</label>');
    expect(res.body).toMatch(/<p id="consent-wording">I would like Sam Taylor MP to send me e-mail updates on the topics I have ticked\. I can unsubscribe at any time/);
    expect(res.body).toContain(`<a href="/privacy/${OFFICE}">`);
    expect(res.body).not.toContain('<script');
    // Every address on the page is this site's own.
    for (const [, url] of res.body.matchAll(/(?:src|href|action)="([^"]*)"/g)) expect(url, url).toMatch(/^(\/|#)/);
  });
});

describe('double opt-in', () => {
  it('keeps nothing as consent until the link in the e-mail is followed, then records each topic on the ledger with the wording shown', async () => {
    const chosen = topics.slice(0, 2);
    // The privacy notice the page links to is version 1: each consent records it as shown.
    const dpo = await t.signIn(demo.email('data_protection_lead'));
    const published = await t.app.inject({ method: 'POST', url: '/api/v1/processing/notice/versions', headers: dpo.headers, payload: { note: 'First notice', significant: false } });
    expect(published.statusCode, published.body).toBe(201);
    const before = await tableContents(t);
    const res = await postSignup(t, OFFICE, form(), chosen.map((c) => c.id));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Check your e-mail');
    expect(res.body).toContain('priya.nair@example.net');
    expect(res.headers['set-cookie']).toBeUndefined();

    // Waiting: the address sealed, only the token's hash kept, no person and no consent.
    const [signup] = await t.database.db.selectFrom('subscription_signups').selectAll().where('office_id', '=', OFFICE).execute();
    expect(signup).toMatchObject({ confirmed_at: null, person_id: null, topic_ids: chosen.map((c) => c.id) });
    expect(JSON.stringify(signup)).not.toMatch(/priya|nair/i);
    expect(await personWithEmail('priya.nair@example.net')).toEqual([]);
    expect((await tableContents(t)).consent_events).toEqual(before.consent_events);

    const mail = await delivered('Dear Priya');
    expect(mail.subject).toBe('Confirm your subscription to updates from Sam Taylor MP');
    expect(mail.to).toMatchObject({ value: [{ address: 'priya.nair@example.net' }] });
    // A service message, not marketing: no unsubscribe headers.
    expect(mail.headerLines.map((h) => h.key)).not.toContain('list-unsubscribe');
    const link = confirmationLink(mail);
    expect(link.startsWith(`${PUBLIC_URL}/subscribe/${OFFICE}/confirm/`)).toBe(true);
    for (const topic of chosen) expect(mail.text).toContain(`- ${topic.name}`);

    // Opening the link asks; it changes nothing (a mail scanner that fetches links subscribes nobody).
    const opened = await tableContents(t);
    const page = await t.app.inject({ method: 'GET', url: pathOf(link) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm my subscription');
    await expectUnchanged(t, opened);

    const confirmed = await t.app.inject({ method: 'POST', url: pathOf(link) });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.body).toContain('You are subscribed');
    for (const topic of chosen) expect(confirmed.body).toContain(`<li>${topic.name}</li>`);

    const [personId, ...others] = await personWithEmail('priya.nair@example.net');
    expect(others).toEqual([]);
    const person = await t.database.db.selectFrom('persons').selectAll().where('id', '=', personId!).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ given_name: 'Priya', family_name: 'Nair-Whitfield', source: 'web_form' });
    const events = await consentEvents(personId!);
    expect(events).toHaveLength(2);
    for (const [i, topic] of chosen.entries()) {
      expect(events[i]).toMatchObject({ purpose_id: topic.purpose_id, kind: 'given', method: 'web_form', recorded_via: 'public_form', recorded_by: null, wording: signup!.wording, notice_version: 1 });
    }
    expect(events.map((e) => e.topic_id).sort()).toEqual(chosen.map((c) => c.id).sort());
    expect(signup!.wording).toMatch(/^I would like Sam Taylor MP to send me e-mail updates/);
    // The confirmation e-mail is theirs now: erasing them, or their access bundle, finds it.
    expect(await t.database.db.selectFrom('messages').select('person_id').where('id', '=', signup!.message_id).executeTakeFirstOrThrow()).toEqual({ person_id: personId });

    // The staff side: how they subscribed, and the counts by topic.
    const signups = await t.app.inject({ method: 'GET', url: `/api/v1/people/${personId}/subscriptions`, headers: manager.headers });
    expect(signups.statusCode, signups.body).toBe(200);
    expect(signups.json().signups).toEqual([expect.objectContaining({ topics: chosen.map((c) => ({ id: c.id, name: c.name })), wording: signup!.wording, noticeVersion: 1 })]);
    const counts = await t.app.inject({ method: 'GET', url: '/api/v1/subscriptions/topics', headers: manager.headers });
    expect(counts.statusCode, counts.body).toBe(200);
    // Counts for those who run outreach; a caseworker has no such page.
    const caseworker = await t.signIn(demo.email('caseworker'));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/subscriptions/topics', headers: caseworker.headers })).statusCode).toBe(403);
    for (const topic of chosen) expect(counts.json().topics).toContainEqual(expect.objectContaining({ id: topic.id, subscribers: 1 }));

    // The link works once.
    const used = await tableContents(t);
    for (const method of ['GET', 'POST'] as const) {
      const again = await t.app.inject({ method, url: pathOf(link) });
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('This link has already been used');
    }
    await expectUnchanged(t, used);
  });

  it('answers a sign-up for an address already subscribed exactly as for a new one', async () => {
    const known = await postSignup(t, OFFICE, form({ email: 'priya.nair@example.net' }), [topics[0]!.id]);
    const fresh = await postSignup(t, OFFICE, form({ email: 'priya.nair@example.net'.replace('priya', 'pria') }), [topics[0]!.id]);
    expect(known.statusCode).toBe(200);
    expect(fresh.statusCode).toBe(200);
    expect(known.body.replace('priya', 'pria')).toBe(fresh.body);
  });

  it('refuses an expired link, changing nothing', async () => {
    await postSignup(t, OFFICE, form({ givenName: 'Lateef', email: 'late.reader@example.org' }), [topics[0]!.id]);
    const link = confirmationLink(await delivered('Dear Lateef'));
    await t.database.db.updateTable('subscription_signups').set({ expires_at: new Date(Date.now() - MINUTE) }).where('confirmed_at', 'is', null).execute();
    const before = await tableContents(t);
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: pathOf(link) });
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('This link has expired');
      expect(res.body).toContain(`href="/subscribe/${OFFICE}"`);
    }
    await expectUnchanged(t, before);
  });

  it('refuses a forged link, a malformed one and one for another office, with one plain answer, changing nothing', async () => {
    const before = await tableContents(t);
    const forged = randomBytes(32).toString('base64url');
    for (const url of [`/subscribe/${OFFICE}/confirm/${forged}`, `/subscribe/${OFFICE}/confirm/not-a-token`, `/subscribe/${OFFICE}/confirm/${forged}%27--`]) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body).toContain('This link is not valid');
      }
    }
    const otherOffice = await t.app.inject({ method: 'POST', url: `/subscribe/${newId()}/confirm/${forged}` });
    expect(otherOffice.statusCode).toBe(404);
    await expectUnchanged(t, before);
  });

  it('shows the form again with the problem for an invalid address, no topic, a topic not offered or a stale form, changing nothing', async () => {
    const before = await tableContents(t);
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ email: 'priya.nair@example' }, [topics[0]!.id], /Enter an e-mail address in the correct format, like name@example.com/],
      [{ email: 'two@@example.org' }, [topics[0]!.id], /Enter an e-mail address in the correct format/],
      [{ email: '' }, [topics[0]!.id], /Enter your e-mail address/],
      [{ givenName: '\u200b ' }, [topics[0]!.id], /Enter your first name/],
      [{}, [], /Choose at least one topic/],
      [{}, [newId()], /Choose from the topics listed/],
      [{ formToken: signupTokenServed(t, OFFICE, 25 * 60 * MINUTE) }, [topics[0]!.id], /This form was open for more than 24 hours/],
      [{ formToken: 'forged.token.value' }, [topics[0]!.id], /We could not check this form/],
    ];
    for (const [fields, chosen, problem] of cases) {
      const res = await postSignup(t, OFFICE, form(fields), chosen);
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.body).toMatch(problem);
      expect(res.body).toContain('There is a problem');
    }
    await expectUnchanged(t, before);
  });

  it('thanks a bot as it would a person and keeps nothing', async () => {
    const before = await tableContents(t);
    const honeypot = await postSignup(t, OFFICE, form({ website: 'https://spam.example' }), [topics[0]!.id]);
    const tooFast = await postSignup(t, OFFICE, form({ formToken: signupTokenServed(t, OFFICE, 0) }), [topics[0]!.id]);
    for (const res of [honeypot, tooFast]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Check your e-mail');
    }
    await expectUnchanged(t, before);
  });
});

describe('unsubscribing', () => {
  /** A marketing e-mail to the person, sent through the one send path; the mail the SMTP server got. */
  async function newsletterTo(personId: string, topic: { id: string; purpose_id: string }, marker: string): Promise<ParsedMail> {
    await withOffice(t.database.db, OFFICE, (tx) =>
      queueEmail(t.keystore, t.ctx.jobs, tx, OFFICE, null, {
        caseId: null,
        personId,
        to: 'priya.nair@example.net',
        subject: `Newsletter ${marker}`,
        text: `News from the constituency (${marker}).`,
        kind: { kind: 'marketing', purposeId: topic.purpose_id, topicId: topic.id },
      }),
    );
    return delivered(marker);
  }

  it('puts RFC 8058 headers and a visible link on marketing e-mail, and the one-click POST withdraws consent and suppresses the address', async () => {
    const [personId] = await personWithEmail('priya.nair@example.net');
    const purposeId = topics[0]!.purpose_id;
    const mail = await newsletterTo(personId!, topics[0]!, 'December');
    // The headers as the SMTP server got them.
    const header = (name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1).trim());
    const [listUnsubscribe, ...moreLists] = header('list-unsubscribe');
    expect(moreLists).toEqual([]);
    const oneClick = /^<(https:\/\/[^>]+)>$/.exec(listUnsubscribe ?? '')?.[1];
    expect(oneClick, listUnsubscribe).toMatch(new RegExp(`^${PUBLIC_URL}/u/[A-Za-z0-9_-]{108}$`));
    expect(header('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
    const visible = /https:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
    expect(visible).toBeDefined();
    expect(mail.text).toContain('News from the constituency (December).');

    // The page with a button shows what it is for, and changes nothing until pressed.
    const before = await tableContents(t);
    const page = await t.app.inject({ method: 'GET', url: pathOf(visible!) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<button type="submit">Unsubscribe</button>');
    expect(page.headers['set-cookie']).toBeUndefined();
    for (const [, url] of page.body.matchAll(/(?:src|href|action)="([^"]*)"/g)) expect(url, url).toMatch(/^(\/|#)/);
    await expectUnchanged(t, before);

    // A POST without the one-click body is refused plainly, changing nothing.
    for (const payload of ['', 'List-Unsubscribe=Yes', 'list-unsubscribe=one-click']) {
      const res = await t.app.inject({ method: 'POST', url: pathOf(oneClick!), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect(res.statusCode, payload).toBe(400);
      expect(res.body).toContain('List-Unsubscribe=One-Click');
    }
    await expectUnchanged(t, before);

    // The mail program's POST: no cookie, no sign-in, no CSRF token; 200, no redirect.
    const res = await t.app.inject({ method: 'POST', url: pathOf(oneClick!), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click', remoteAddress: freshAddress() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('You have been unsubscribed');
    const events = await consentEvents(personId!);
    expect(events.at(-1)).toMatchObject({ purpose_id: purposeId, topic_id: null, kind: 'withdrawn', method: 'email', recorded_via: 'public_form' });
    const suppressed = await t.database.db.selectFrom('suppressions').selectAll().where('office_id', '=', OFFICE).execute();
    expect(suppressed).toEqual([expect.objectContaining({ channel: 'email', reason: 'unsubscribed' })]);

    // Now nothing more goes to them for that purpose: the send path refuses it.
    await expect(newsletterTo(personId!, topics[0]!, 'January')).rejects.toThrow(/consent|unsubscribed/i);

    // Using the link again is answered the same and writes nothing more to the ledger.
    const after = await tableContents(t);
    const again = await t.app.inject({ method: 'POST', url: pathOf(visible!), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('You have been unsubscribed');
    // RFC 8058 allows the one-click body as multipart/form-data too.
    const multipart = new FormData();
    multipart.append('List-Unsubscribe', 'One-Click');
    const encoded = new Response(multipart);
    const asMultipart = await t.app.inject({ method: 'POST', url: pathOf(oneClick!), headers: { 'content-type': encoded.headers.get('content-type')! }, payload: Buffer.from(await encoded.arrayBuffer()) });
    expect(asMultipart.statusCode, asMultipart.body).toBe(200);
    expect((await tableContents(t)).consent_events).toEqual(after.consent_events);
    expect((await tableContents(t)).suppressions).toEqual(after.suppressions);
  });

  it('gives one plain answer to a token that was never made or was tampered with, changing nothing', async () => {
    const made = unsubscribeToken(t.ctx.auth.masterKey, { officeId: OFFICE, personId: newId(), purposeId: topics[0]!.purpose_id, messageId: newId() });
    const tampered = `${made.slice(0, 40)}${made[40] === 'A' ? 'B' : 'A'}${made.slice(41)}`;
    const otherKey = unsubscribeToken(randomBytes(32), { officeId: OFFICE, personId: newId(), purposeId: topics[0]!.purpose_id, messageId: newId() });
    const before = await tableContents(t);
    const answers = new Set<string>();
    for (const token of [tampered, otherKey, 'nonsense', randomBytes(81).toString('base64url')]) {
      for (const [method, path, payload] of [['GET', '/unsubscribe/', undefined], ['POST', '/unsubscribe/', ''], ['GET', '/u/', undefined], ['POST', '/u/', 'List-Unsubscribe=One-Click']] as const) {
        const res = await t.app.inject({ method, url: `${path}${token}`, ...(payload !== undefined ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload } : {}) });
        expect(res.statusCode, `${method} ${path}`).toBe(404);
        answers.add(res.body);
      }
    }
    expect([...answers]).toHaveLength(1);
    expect([...answers][0]).toContain('This unsubscribe link is not valid');
    await expectUnchanged(t, before);
  });
});

describe('casework e-mail', () => {
  it('carries no unsubscribe headers or footer, and still reaches an address unsubscribed from marketing', async () => {
    const [personId] = await personWithEmail('priya.nair@example.net');
    await withOffice(t.database.db, OFFICE, (tx) =>
      queueEmail(t.keystore, t.ctx.jobs, tx, OFFICE, null, { caseId: null, personId: personId!, to: 'priya.nair@example.net', subject: 'About your enquiry', text: 'We have written to the council for you.', kind: casework }),
    );
    const mail = await delivered('written to the council');
    expect(mail.headerLines.map((h) => h.key)).not.toContain('list-unsubscribe');
    expect(mail.headerLines.map((h) => h.key)).not.toContain('list-unsubscribe-post');
    expect(mail.text).not.toMatch(/unsubscribe/i);
  });
});
