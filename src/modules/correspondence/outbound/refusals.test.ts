import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { parseMail, type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { officeWithCase, sendAs } from './test-fixtures/support.js';

/** The one check on the one send path: nobody deceased, not to be contacted or restricted gets an e-mail or a letter. */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;
let dpo: SignedInClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
  dpo = await t.signIn(demo.email('data_protection_lead'));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const flags = {
  deceased: { reason: /may not be contacted: they are marked as deceased/, set: (id: string) => office.api.ok('PATCH', `/people/${id}`, { flags: { deceased: true } }) },
  'do not contact': {
    reason: /may not be contacted: they asked not to be contacted \(marked do not contact\)/,
    set: (id: string) => office.api.ok('PATCH', `/people/${id}`, { flags: { doNotContact: true } }),
  },
  restricted: {
    reason: /may not be changed: their processing is restricted \(UK GDPR Article 18\)/,
    set: async (id: string) => expect((await sendAs(t, dpo, 'PUT', `/people/${id}/restriction`, { reason: 'accuracy_contested' })).statusCode).toBe(200),
  },
};

/** A constituent with an e-mail and a postal address, on a case of their own. */
async function constituentWithCase(givenName: string) {
  const email = `${givenName.toLowerCase().replace(/\W/g, '')}@example.org`;
  const person = await office.api.created('/people', {
    givenName,
    familyName: 'Price',
    source: 'letter',
    contactPoints: [
      { kind: 'email', value: email, preferred: true, source: 'letter' },
      { kind: 'postal_address', lines: ['3 Church Street'], postcode: 'B63 3AB', preferred: true, source: 'letter' },
    ],
  });
  return { person, email, theCase: await office.openCase(person.id) };
}

const mailTo = async (address: string) => (await Promise.all(smtp.accepted().map(parseMail))).filter((m) => JSON.stringify(m.to).includes(address));

describe.each(Object.entries(flags))('a constituent who is %s', (name, flag) => {
  it('gets no e-mail and no letter: a 409 naming the reason before anything is written', async () => {
    const { person, email, theCase } = await constituentWithCase(`Seren ${name}`);
    await flag.set(person.id);
    const before = await tableContents(t);
    const emailed = await office.api.send('POST', `/cases/${theCase.id}/emails`, { subject: 'Update', body: 'Hello' });
    const written = await office.api.send('POST', `/cases/${theCase.id}/letters`, { recipient: 'constituent', subject: 'Update', body: 'Hello' });
    for (const refused of [emailed, written]) {
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'PROCESSING_REFUSED', message: expect.stringMatching(flag.reason) });
    }
    await expectUnchanged(t, before);
    expect(await mailTo(email)).toEqual([]);
  });

  it('flagged after the e-mail was queued: the job fails for good naming the reason, and the e-mail is not sent', async () => {
    const { person, email, theCase } = await constituentWithCase(`Taliesin ${name}`);
    const queued = await office.api.created(`/cases/${theCase.id}/emails`, { subject: 'Queued before the flag', body: 'Hello' });
    await flag.set(person.id);
    // Another e-mail, to someone who may be written to, shows the server was reachable all along.
    const control = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: `Control for ${name}`, body: 'Hello' });
    expect(await t.ctx.jobs.runDue()).toMatchObject({ succeeded: 1, failed: 1 });
    await smtp.waitFor('the control e-mail', (e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString().includes(`<${control.internetMessageId}>`));

    const job = await t.database.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', queued.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.last_error).toMatch(new RegExp(`^E-mail ${queued.id} was not sent\\. .*${flag.reason.source}`));
    // Only the data protection lead reads a restricted constituent's case, its e-mails among it.
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${theCase.id}/emails`, headers: { cookie: dpo.cookie } });
    const emails = listed.json().emails as { id: string; state: string; sendProblem: string }[];
    expect(emails.find((e) => e.id === queued.id)).toMatchObject({ state: 'failed', sendProblem: expect.stringMatching(new RegExp(`^Postbag stopped it: .*${flag.reason.source}`)) });
    expect(await mailTo(email)).toEqual([]);
  });
});

describe('the agency on the case of a deceased constituent', () => {
  it('may still be written to: the flag stops contact with the person, not the casework', async () => {
    const { person, theCase } = await constituentWithCase('Wyn');
    await office.api.ok('PATCH', `/cases/${theCase.id}`, { agencies: [{ organisationId: office.agency.id }] });
    await flags.deceased.set(person.id);
    const letter = await office.api.created(`/cases/${theCase.id}/letters`, { recipient: { agencyId: office.agency.id }, subject: 'Bereavement', body: 'Please close the claim.' });
    expect(letter.recipientName).toBe('Home Office (UK Visas and Immigration)');
  });
});
