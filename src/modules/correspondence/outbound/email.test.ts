import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOffice } from '../../../db/scope.js';
import { type JobPayloads, jobPayloads } from '../../../job-kinds.js';
import { JobRunner } from '../../../platform/jobs/runner.js';
import { recordingLogger } from '../../../platform/jobs/test-fixtures/support.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { casework, queueEmail } from './send.js';
import { registerOutboundJobs } from './send-job.js';
import { FROM, officeWithCase } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** E-mail from a case, through the job runner, to a real SMTP server in another process. */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let reference: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
  reference = office.theCase.reference;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const jobFor = (messageId: string) => t.database.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', messageId).executeTakeFirstOrThrow();
const emails = async () => (await office.api.ok('GET', `/cases/${office.theCase.id}/emails`)).emails as { id: string; state: string; sentAt: string | null; sendProblem: string | null; nextTryAt: string | null }[];
const emailState = async (id: string) => (await emails()).find((e) => e.id === id)?.state;
const timelineMessages = async (caseId = office.theCase.id) =>
  (await office.api.ok('GET', `/cases/${caseId}/timeline`)).events.filter((e: { kind: string }) => e.kind === 'message');

describe('sending an e-mail from a case', () => {
  it('queues it on the timeline, then the job hands it to the SMTP server with the reference, Message-ID and merged text', async () => {
    const template = await office.managerApi.created('/templates', {
      name: 'Written to the agency',
      channel: 'email',
      subject: 'Your case with {{agency.name}}',
      body: 'Dear {{constituent.givenName}},\n\nI have written to {{agency.name}} about your visa.\n\n{{member.name}}\n{{member.signature}}',
    });
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { templateId: template.id, agencyId: office.agency.id });
    const messageId = `${queued.id}@example-constituency.org.uk`;
    expect(queued).toMatchObject({ to: 'idris.jones@example.org', state: 'queued', subject: `Your case with Home Office (UK Visas and Immigration) [${reference}]`, internetMessageId: messageId, sentAt: null });
    expect(smtp.accepted()).toHaveLength(0);

    // On the timeline once, audited, and the job holds only the message id.
    expect(await timelineMessages()).toEqual([expect.objectContaining({ kind: 'message', detail: expect.objectContaining({ direction: 'out', channel: 'email', messageId: queued.id }) })]);
    const job = await jobFor(queued.id);
    expect(job).toMatchObject({ kind: 'correspondence.send_email', status: 'queued', payload: { messageId: queued.id } });
    const row = await t.database.db.selectFrom('messages').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(row.subject_sealed).toMatch(/^k1\./);
    expect(JSON.stringify(row)).not.toContain('Dear Idris');

    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1, failed: 0 });
    const [mail] = await smtp.acceptedWith('Dear Idris');
    expect(mail!.from!.value).toEqual([{ address: FROM, name: 'Example Constituency' }]);
    expect(mail!.to).toMatchObject({ value: [{ address: 'idris.jones@example.org', name: '' }] });
    expect(mail!.subject).toBe(`Your case with Home Office (UK Visas and Immigration) [${reference}]`);
    expect(mail!.messageId).toBe(`<${messageId}>`);
    expect(mail!.text).toBe('Dear Idris,\n\nI have written to Home Office (UK Visas and Immigration) about your visa.\n\nSam Taylor MP\nMember of Parliament for Example\n');
    expect(mail!.attachments).toEqual([]);
    expect(await emails()).toEqual([expect.objectContaining({ id: queued.id, state: 'sent', sentAt: expect.any(String), sendProblem: null, nextTryAt: null })]);
    expect((await jobFor(queued.id)).status).toBe('succeeded');
  });

  it('sends what was written to the address given, with merge fields filled in', async () => {
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { to: 'Help@Agency.example', subject: 'About {{constituent.name}}', body: 'Our reference is {{case.reference}}.' });
    expect(queued.to).toBe('help@agency.example');
    await t.ctx.jobs.runDue();
    const mail = (await smtp.acceptedWith('Our reference is')).at(-1)!;
    expect(mail.subject).toBe(`About Idris Jones [${reference}]`);
    expect(mail.text!.trim()).toBe(`Our reference is ${reference}.`);
    expect(await emailState(queued.id)).toBe('sent');
  });

  it('refuses before anything is written: a missing merge value, an unknown field, both template and text, a retired or letter template, a case the user cannot see', async () => {
    const letter = await office.managerApi.created('/templates', { name: 'Letter only', channel: 'letter', body: 'Hello' });
    const retired = await office.managerApi.created('/templates', { name: 'Old', channel: 'email', subject: 'Old', body: 'Old' });
    await office.managerApi.ok('POST', `/templates/${retired.id}/retire`);
    const hidden = await office.managerApi.created('/cases', { constituentIds: [office.person.id], summary: 'Private matter', sensitive: true });
    const before = await tableContents(t);
    const url = `/cases/${office.theCase.id}/emails`;

    const missing = await office.api.send('POST', url, { subject: 'Update', body: 'I wrote to {{agency.name}} for {{member.name}}.' });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.message).toMatch(/^Nothing was sent: \{\{agency\.name\}\} has no value for this case and recipient \(choose the agency/);
    expect(missing.json().error.problems).toEqual([{ path: 'mergeFields.agency.name', message: 'has no value' }]);
    const unknown = await office.api.send('POST', url, { subject: 'Update', body: 'Dear {{constituent.surname}}' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('{{constituent.surname}}, which is not a merge field');
    expect((await office.api.send('POST', url, { templateId: letter.id, subject: 'x', body: 'y' })).statusCode).toBe(400);
    expect((await office.api.send('POST', url, { subject: 'Only a subject' })).json().error.problems).toEqual([{ path: 'body.body', message: 'is required with subject when no templateId is given' }]);
    expect((await office.api.send('POST', url, { templateId: letter.id })).json().error.message).toContain('is for letters, not e-mails');
    expect((await office.api.send('POST', url, { templateId: retired.id })).statusCode).toBe(409);
    expect((await office.api.send('POST', url, { subject: 'x', body: 'y', agencyId: office.person.id })).json().error.message).toContain('not an agency on this case');
    expect((await office.api.send('POST', `/cases/${hidden.id}/emails`, { subject: 'x', body: 'y' })).statusCode).toBe(404);
    await expectUnchanged(t, before);
  });

  it('needs an address: a constituent without e-mail is a 409 that says to give "to"', async () => {
    const noEmail = await office.api.created('/people', { givenName: 'Nia', familyName: 'Evans', source: 'letter' });
    const c = await office.openCase(noEmail.id);
    const refused = await office.api.send('POST', `/cases/${c.id}/emails`, { subject: 'Update', body: 'Hello' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('give the address to send to ("to")');
  });
});

describe('when the SMTP server refuses', () => {
  it('a permanent refusal (550) fails the e-mail at once, without retrying, keeping only the reply code', async () => {
    smtp.plan({ reply: 550 });
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'Refused', body: 'This will bounce' });
    const acceptedBefore = smtp.accepted().length;
    expect(await t.ctx.jobs.runDue()).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    expect(await smtp.waitFor('the refusal', (e) => e.event === 'refused' && e.code === 550)).toBeTruthy();
    const job = await jobFor(queued.id);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    // The server's own words ("Mailbox unavailable", often quoting the address) stay out of the job.
    expect(job.last_error).toBe(`The SMTP server refused e-mail ${queued.id} for good (reply 550); it was not sent.`);
    expect(await emailState(queued.id)).toBe('failed');
    // The message page says so too.
    expect(await office.api.ok('GET', `/messages/${queued.id}`)).toMatchObject({ state: 'failed', sentAt: null, sendProblem: 'the server refused the e-mail: 550 Mailbox unavailable' });
    expect(smtp.accepted()).toHaveLength(acceptedBefore);
    expect(await t.ctx.jobs.runDue()).toMatchObject({ claimed: 0 });
  });

  it('a temporary refusal (451) is retried later and then sent once, with the same Message-ID', async () => {
    smtp.plan({ reply: 451 });
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'Try again', body: 'Second time lucky' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ retried: 1 });
    const waiting = await jobFor(queued.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toContain('for now (reply 451)');
    expect(waiting.run_at.getTime()).toBeGreaterThan(Date.now());
    expect((await emails()).find((e) => e.id === queued.id)).toMatchObject({ state: 'queued', sendProblem: 'the server refused the e-mail for now: 451 Try again later', nextTryAt: waiting.run_at.toISOString() });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ claimed: 0 });

    // The back-off has passed.
    await sql`UPDATE jobs SET run_at = now() WHERE id = ${waiting.id}`.execute(t.database.db);
    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1 });
    const copies = (await smtp.acceptedWith(queued.internetMessageId)).filter((m) => m.messageId === `<${queued.internetMessageId}>`);
    expect(copies).toHaveLength(1);
    expect(smtp.events.filter((e) => e.event === 'refused' && e.code === 451)).toHaveLength(1);
    expect(await emailState(queued.id)).toBe('sent');
  });

  it('a refused recipient (550 at RCPT TO) fails the e-mail, and the case and the message say why in the server\'s words', async () => {
    smtp.plan({ reply: 550, at: 'rcpt' });
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'To a closed mailbox', body: 'Hello' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ failed: 1 });
    const why = 'the server refused the recipient: 550 mailbox unavailable';
    expect((await emails()).find((e) => e.id === queued.id)).toMatchObject({ state: 'failed', sentAt: null, sendProblem: why, nextTryAt: null });
    expect(await office.api.ok('GET', `/messages/${queued.id}`)).toMatchObject({ state: 'failed', sendProblem: why });
    // Sealed on the message (a server's words may quote the address); the job keeps the code only.
    const row = await t.database.db.selectFrom('messages').select('send_problem_sealed').where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(row.send_problem_sealed).toMatch(/^k1\./);
    expect((await jobFor(queued.id)).last_error).toBe(`The SMTP server refused e-mail ${queued.id} for good (reply 550); it was not sent.`);
  });

  const runnerWith = (smtpUrl: string | null) => {
    const runner = new JobRunner<JobPayloads>({ db: t.database.db, logger: recordingLogger(), payloads: jobPayloads });
    registerOutboundJobs(runner, { keystore: t.keystore, smtp: smtpUrl === null ? null : { url: smtpUrl }, unsubscribe: { masterKey: t.ctx.auth.masterKey, publicUrl: t.ctx.config.publicUrl } });
    return runner;
  };

  it('with no SMTP server set (none in the settings, no POSTBAG_SMTP_URL) the e-mail fails at once, saying so', async () => {
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'No server', body: 'Waiting' });
    expect(await runnerWith(null).runDue()).toMatchObject({ failed: 1, retried: 0 });
    expect((await jobFor(queued.id)).last_error).toMatch(/^E-mail .* was not sent: SMTP is not configured/);
    expect((await emails()).find((e) => e.id === queued.id)).toMatchObject({ state: 'failed', sendProblem: 'no SMTP server is set for the office' });
    expect(await office.api.ok('GET', `/messages/${queued.id}`)).toMatchObject({ state: 'failed', sendProblem: 'no SMTP server is set for the office' });
  });

  it('a server that cannot be reached: waiting, with why and when it is tried again; once it goes, sent and the problem is gone', async () => {
    // Nothing listens on port 1.
    const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'Unreachable', body: 'Later' });
    expect(await runnerWith('smtp://127.0.0.1:1').runDue()).toMatchObject({ retried: 1 });
    const job = await jobFor(queued.id);
    const waiting = (await emails()).find((e) => e.id === queued.id);
    expect(waiting).toMatchObject({ state: 'queued', sendProblem: 'could not connect to 127.0.0.1' });
    expect(new Date(waiting!.nextTryAt!).getTime()).toBe(job.run_at.getTime());

    await sql`UPDATE jobs SET run_at = now() WHERE id = ${job.id}`.execute(t.database.db);
    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1 });
    expect((await emails()).find((e) => e.id === queued.id)).toMatchObject({ state: 'sent', sentAt: expect.any(String), sendProblem: null, nextTryAt: null });
  });
});

describe('queueEmail, for other modules', () => {
  it("queues inside the caller's transaction: sent when it commits, with the case reference; nothing at all when it rolls back", async () => {
    const { office_id: officeId } = await t.database.db.selectFrom('cases').select('office_id').where('id', '=', office.theCase.id).executeTakeFirstOrThrow();
    const email = { caseId: office.theCase.id, personId: office.person.id, to: 'idris.jones@example.org', subject: 'We have your message', text: 'Thank you for getting in touch.', kind: casework };
    const { messageId } = await withOffice(t.database.db, officeId, (tx) => queueEmail(t.keystore, t.ctx.jobs, tx, officeId, null, email));
    expect((await timelineMessages()).map((e: { detail: { messageId: string } }) => e.detail.messageId)).toContain(messageId);

    const before = await tableContents(t);
    await expect(
      withOffice(t.database.db, officeId, async (tx) => {
        await queueEmail(t.keystore, t.ctx.jobs, tx, officeId, null, { ...email, caseId: null, subject: 'Never sent' });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    await expectUnchanged(t, before);

    await t.ctx.jobs.runDue();
    const mails = await smtp.acceptedWith('We have your message');
    expect(mails.filter((m) => m.subject === `We have your message [${reference}]`)).toHaveLength(1);
    expect(mails.some((m) => m.subject?.startsWith('Never sent'))).toBe(false);
  });
});
