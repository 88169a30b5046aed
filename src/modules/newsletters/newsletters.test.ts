import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { parseMail, type SmtpTestServer, startSmtpServer } from '../../../test/support/smtp-server.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';
import { withOffice } from '../../db/scope.js';
import { systemActor } from '../../platform/audit/audit.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';
import { client } from '../casework/test-fixtures/support.js';
import { recordConsentEvent, suppressAddress } from '../consent/service.js';
import { FROM, officeWithCase } from '../correspondence/outbound/test-fixtures/support.js';

/**
 * Newsletters end to end through the API, on a real SMTP server: written with HTML that needs
 * cleaning, previewed with who is left out and why, tried on its writer, sent once to exactly
 * those with consent now, and reported on; and every bad request refused with nothing changed.
 */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let manager: ReturnType<typeof client>;
let officeId: string;
let purposes: { communications: string; campaigning: string; casework: string };

type Standing = 'given' | 'withdrawn' | 'objected' | 'deceased' | 'do_not_contact' | 'restricted' | 'no_email' | 'suppressed' | 'never';
const people: { id: string; name: string; email: string | null; standing: Standing; postcode: string }[] = [];

let n = 0;
async function person(givenName: string, familyName: string, standing: Standing, postcode = 'DY1 4AB', email: string | null = `${givenName.normalize('NFD').replace(/[^a-z]/gi, '')}.${++n}@Example.org`) {
  const created = await office.api.created('/people', {
    givenName,
    familyName,
    source: 'email',
    contactPoints: [
      ...(email ? [{ kind: 'email', value: email, preferred: true, source: 'email' }] : []),
      { kind: 'postal_address', lines: ['1 High Street', 'Dudley'], postcode, preferred: true, source: 'letter' },
    ],
  });
  const id = created.id as string;
  await withOffice(t.database.db, officeId, async (tx) => {
    const event = (kind: 'given' | 'withdrawn' | 'objected', occurredAt: Date) =>
      recordConsentEvent(t.keystore, tx, officeId, systemActor, { personId: id, purposeId: purposes.communications, kind, method: 'paper', wording: 'Yes, send me the newsletter.', occurredAt });
    if (standing === 'never') return;
    await event('given', new Date(Date.now() - 60_000));
    if (standing === 'withdrawn' || standing === 'objected') await event(standing, new Date(Date.now() - 30_000));
    if (standing === 'suppressed') await suppressAddress(t.keystore, tx, officeId, { address: email!, reason: 'added_by_staff' });
  });
  if (standing === 'deceased' || standing === 'do_not_contact') {
    await office.api.ok('PATCH', `/people/${id}`, { flags: standing === 'deceased' ? { deceased: true } : { doNotContact: true } });
  }
  if (standing === 'restricted') await client(t, await t.signIn(demo.email('data_protection_lead'))).ok('PUT', `/people/${id}/restriction`, { reason: 'accuracy_contested' });
  people.push({ id, name: `${givenName} ${familyName}`, email: email?.toLowerCase() ?? null, standing, postcode });
  return id;
}

const html = `<h2>Surgery dates</h2><p>Dear {{constituent.givenName}},</p><p>The <strong>next surgery</strong> is on Friday.<script>alert('x')</script></p>
  <p><a href="https://example-constituency.org.uk/surgeries" onclick="steal()">See all dates</a></p><img src="https://tracker.example/p.gif">`;
const mailing = (change: Record<string, unknown> = {}) => ({ subject: 'News from {{member.name}}', html, purposeId: purposes.communications, ...change });

const captured = async (): Promise<ParsedMail[]> => Promise.all(smtp.accepted().map(parseMail));
/** A header's values as the SMTP server got them. */
const header = (mail: ParsedMail, name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1).trim());
const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address?.toLowerCase();

/** Runs the jobs until none is due: the mailing's slices and every e-mail's send. */
async function drain() {
  for (let i = 0; i < 50; i++) {
    const run = await t.ctx.jobs.runDue({ maxJobs: 500 });
    if (run.claimed === 0) return;
  }
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
  manager = office.managerApi;
  officeId = DEMO_OFFICE_ID;
  const list = (await manager.ok('GET', '/processing/purposes')).purposes as { id: string; name: string }[];
  const named = (name: string) => list.find((p) => p.name === name)!.id;
  purposes = { communications: named('Communications'), campaigning: named('Campaigning'), casework: named('Casework') };
  await manager.ok('PUT', '/newsletters/settings', { messagesPerMinute: 60_000 });
  await person('Aisha', 'Begum', 'given');
  await person("Seán", "O'Brien-Ó Súilleabháin", 'given', 'DY1 2QQ');
  await person('Tom', 'Hart', 'given', 'B63 3AA');
  await person('Wendy', 'Li', 'withdrawn');
  await person('Olu', 'Adeyemi', 'objected');
  await person('Frank', 'Moss', 'deceased');
  await person('Dora', 'Kent', 'do_not_contact');
  await person('Rhian', 'Evans', 'restricted');
  await person('Nell', 'Price', 'no_email', 'DY1 4AB', null);
  await person('Sam', 'Cole', 'suppressed');
  await person('Vic', 'Hale', 'never');
}, 120_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('writing a mailing', () => {
  it('keeps the HTML sanitised and a plain-text part made from it, both sealed', async () => {
    const written = await manager.created('/newsletters', mailing({ postcodeAreas: [' dy1 ', 'B63 3'] }));
    expect(written).toMatchObject({ state: 'draft', purpose: { id: purposes.communications, name: 'Communications' }, topic: null, postcodeAreas: ['DY1', 'B63 3'] });
    expect(written.html).toContain('<strong>next surgery</strong>');
    expect(written.html).not.toMatch(/script|onclick|tracker|<img/);
    expect(written.html).toContain('href="https://example-constituency.org.uk/surgeries"');
    expect(written.text).toContain('SURGERY DATES');
    expect(written.text).toContain('See all dates [https://example-constituency.org.uk/surgeries]');
    expect(written.text).not.toContain('alert');
    const stored = JSON.stringify(await t.database.db.selectFrom('newsletter_mailings').selectAll().where('id', '=', written.id).execute());
    expect(stored).not.toMatch(/surgery|News from/i);
    expect((await manager.ok('GET', `/newsletters/${written.id}`)).text).toBe(written.text);
  });

  it('refuses an empty subject or body, a body that is only a script, an unknown merge field, a purpose that does not rest on consent, a retired purpose and an unknown topic, changing nothing', async () => {
    const dpo = client(t, await t.signIn(demo.email('data_protection_lead')));
    const retired = await dpo.created('/processing/purposes', {
      name: 'Old newsletter',
      description: 'A newsletter the office no longer sends.',
      lawfulBasis: 'consent',
      specialCategories: [],
      specialCategoryCondition: null,
      scheduleOneParagraph: null,
      dataCategories: ['Contact details'],
      dataSubjects: ['Subscribers'],
      sources: ['The person'],
      recipients: [],
      retentionMonths: null,
      retentionNote: 'Until they unsubscribe.',
      consentRequired: true,
      modules: [],
    });
    await dpo.ok('POST', `/processing/purposes/${retired.id}/retire`, {});
    const before = await tableContents(t);
    const refused = async (body: object, problem: RegExp) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/newsletters', headers: office.manager.headers, payload: body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(problem);
    };
    await refused(mailing({ subject: '   ' }), /Subject must not be empty/);
    await refused(mailing({ html: '' }), /must not be empty/);
    await refused(mailing({ html: '<script>alert(1)</script><p> </p>' }), /must have some words in it/);
    await refused(mailing({ html: '<p>Dear {{constituent.nickname}}</p>' }), /not a merge field/);
    await refused(mailing({ purposeId: purposes.casework }), /"Casework", which does not rest on consent/);
    await refused(mailing({ purposeId: retired.id }), /"Old newsletter", which is retired/);
    await refused(mailing({ topicId: '0190f0a0-0000-7000-8000-000000000000' }), /subscription topics/);
    await refused(mailing({ postcodeAreas: ['Dudley'] }), /"Dudley" is not a postcode area/);
    await expectUnchanged(t, before);
  });
});

describe('previewing and sending', () => {
  let mailingId: string;

  it('previews who would get it now and, by count only, who is left out and why; nothing is sent or changed', async () => {
    mailingId = (await manager.created('/newsletters', mailing())).id;
    const before = await tableContents(t);
    const preview = await manager.ok('POST', `/newsletters/${mailingId}/preview`, {});
    expect(preview.recipients).toBe(3);
    expect(preview.leftOut).toEqual({ withdrawn: 1, objected: 1, restricted: 1, deceased: 1, do_not_contact: 1, no_email: 1, suppressed: 1 });
    // The first recipient in key order, with their own name filled in, escaped in the HTML.
    const first = people.filter((p) => p.standing === 'given').sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    expect(preview.example.to).toBe(first.email);
    expect(preview.example.subject).toBe('News from Sam Taylor MP');
    expect(preview.example.text).toContain(`Dear ${first.name.split(' ')[0]},`);
    expect(JSON.stringify(preview)).not.toMatch(/Wendy|Olu|Frank|Dora|Rhian|Nell|Sam Cole/);
    expect(smtp.accepted()).toHaveLength(0);
    await expectUnchanged(t, before);
  });

  it('sends a test to the member of staff, marked as a test and not counted', async () => {
    const test = await manager.ok('POST', `/newsletters/${mailingId}/test`, {});
    expect(test.to).toBe(demo.email('manager'));
    await drain();
    const mail = (await captured()).find((m) => addressOf(m) === demo.email('manager'))!;
    expect(mail.subject).toBe('[Test] News from Sam Taylor MP');
    expect(mail.html).toContain('<strong>next surgery</strong>');
    expect(mail.text).toContain('SURGERY DATES');
    // A test is no marketing e-mail to a subscriber: it carries no unsubscribe.
    expect(header(mail, 'list-unsubscribe')).toEqual([]);
    expect((await manager.ok('GET', `/newsletters/${mailingId}/report`)).recipients).toBe(0);
  });

  it('sends once to exactly those with consent now, each their own message with HTML and plain text, and reports it', async () => {
    const already = smtp.accepted().length;
    // Two submits at once: one sends, the other is refused, and nobody gets it twice.
    const [a, b] = await Promise.all([0, 1].map(() => t.app.inject({ method: 'POST', url: `/api/v1/newsletters/${mailingId}/send`, headers: office.manager.headers, payload: {} })));
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 409]);
    const sent = [a!, b!].find((r) => r.statusCode === 200)!.json();
    expect(sent).toMatchObject({ state: 'sending', sendStartedAt: expect.any(String) });
    await drain();
    const mails = (await captured()).slice(already).filter((m) => addressOf(m) !== demo.email('manager'));
    const expected = people.filter((p) => p.standing === 'given').map((p) => p.email);
    expect(mails.map(addressOf).sort()).toEqual([...expected].sort());
    for (const mail of mails) {
      const who = people.find((p) => p.email === addressOf(mail))!;
      expect(mail.from?.value[0]?.address).toBe(FROM);
      expect(mail.text).toContain(`Dear ${who.name.split(' ')[0]},`);
      expect(mail.html).toContain(`Dear ${who.name.split(' ')[0]!.replace("'", '&#39;')},`);
      // Marketing: RFC 8058's one-click unsubscribe, and a visible link in both parts.
      expect(header(mail, 'list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
      expect(header(mail, 'list-unsubscribe')).toEqual([expect.stringMatching(/^<https?:\/\/.+\/u\/.+>$/)]);
      expect(mail.text).toMatch(/unsubscribe here:\n\S+\/unsubscribe\//);
      expect(mail.html).toMatch(/<a href="[^"]+\/unsubscribe\/[^"]+">Unsubscribe<\/a>/);
    }
    expect(await manager.ok('GET', `/newsletters/${mailingId}`)).toMatchObject({ state: 'sent', queuedAt: expect.any(String) });
    expect(await manager.ok('GET', `/newsletters/${mailingId}/report`)).toEqual({ recipients: 3, sent: 3, waiting: 0, failed: 0, bounced: 0, unsubscribedSince: 0 });
    const list = await manager.ok('GET', '/newsletters');
    expect(list.mailings.find((m: { id: string }) => m.id === mailingId)).toMatchObject({ state: 'sent', recipients: 3, purpose: 'Communications' });
  });

  it('refuses to send a mailing again, or to change it, with nothing changed', async () => {
    const before = await tableContents(t);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/newsletters/${mailingId}/send`, headers: office.manager.headers, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/a mailing is sent once.*Nothing was changed or sent/);
    const edit = await t.app.inject({ method: 'PUT', url: `/api/v1/newsletters/${mailingId}`, headers: office.manager.headers, payload: mailing() });
    expect(edit.statusCode).toBe(409);
    await expectUnchanged(t, before);
  });

  it('counts who unsubscribed since it was sent', async () => {
    const aisha = people.find((p) => p.name === 'Aisha Begum')!;
    await withOffice(t.database.db, officeId, (tx) =>
      recordConsentEvent(t.keystore, tx, officeId, systemActor, { personId: aisha.id, purposeId: purposes.communications, kind: 'withdrawn', method: 'email', wording: 'Please stop the newsletter.' }),
    );
    expect((await manager.ok('GET', `/newsletters/${mailingId}/report`)).unsubscribedSince).toBe(1);
  });

  it('counts the bounces the delivery reports recorded for its messages', async () => {
    const [first] = await t.database.db.selectFrom('newsletter_recipients').select('message_id').where('mailing_id', '=', mailingId).orderBy('person_id').limit(1).execute();
    // As a permanent failure read from a delivery status notification leaves it (correspondence/delivery).
    await t.database.db
      .insertInto('delivery_reports')
      .values({ office_id: officeId, id: '0190f0a0-0000-7000-8000-0000000000b1', message_id: first!.message_id!, recipient: 'x@example.org', action: 'failed', status: '5.1.1', permanent: true, diagnostic_sealed: null, reported_at: new Date(), report_hash: 'a'.repeat(64) })
      .execute();
    expect((await manager.ok('GET', `/newsletters/${mailingId}/report`)).bounced).toBe(1);
  });

  it('goes only to the postcode areas chosen', async () => {
    const id = (await manager.created('/newsletters', mailing({ postcodeAreas: ['B63'] }))).id;
    expect((await manager.ok('POST', `/newsletters/${id}/preview`, {})).recipients).toBe(1);
    const sector = (await manager.created('/newsletters', mailing({ postcodeAreas: ['DY1 2'] }))).id;
    expect((await manager.ok('POST', `/newsletters/${sector}/preview`, {})).example.to).toBe(people.find((p) => p.postcode === 'DY1 2QQ')!.email);
  });

  it('refuses a mailing nobody would get, with nothing changed', async () => {
    const id = (await manager.created('/newsletters', mailing({ purposeId: purposes.campaigning }))).id;
    const before = await tableContents(t);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/newsletters/${id}/send`, headers: office.manager.headers, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/Nobody would get this mailing.*Nothing was sent/);
    await expectUnchanged(t, before);
  });

  it('keeps to the office rate, and leaves out who withdrew after it was sent', async () => {
    await manager.ok('PUT', '/newsletters/settings', { messagesPerMinute: 6 });
    const id = (await manager.created('/newsletters', mailing())).id;
    expect((await manager.ok('POST', `/newsletters/${id}/send`, {})).state).toBe('sending');
    await drain();
    // 6 a minute is one every 10 s: one slice queued one message, the next slice waits its turn.
    let report = await manager.ok('GET', `/newsletters/${id}/report`);
    expect(report).toMatchObject({ recipients: 2, sent: 1, waiting: 1 });
    const waiting = await t.database.db.selectFrom('newsletter_recipients').select('person_id').where('mailing_id', '=', id).where('message_id', 'is', null).executeTakeFirstOrThrow();
    await withOffice(t.database.db, officeId, (tx) =>
      recordConsentEvent(t.keystore, tx, officeId, systemActor, { personId: waiting.person_id, purposeId: purposes.communications, kind: 'withdrawn', method: 'phone', wording: 'Stop please.' }),
    );
    await t.database.db.updateTable('jobs').set({ run_at: new Date() }).where('kind', '=', 'newsletters.queue_mailing').where('status', '=', 'queued').execute();
    await drain();
    report = await manager.ok('GET', `/newsletters/${id}/report`);
    expect(report).toMatchObject({ recipients: 2, sent: 1, waiting: 0, failed: 1 });
    await manager.ok('PUT', '/newsletters/settings', { messagesPerMinute: 60_000 });
  });
});
