import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoOffice } from '../../../seed/demo.js';
import { signIn } from '../../../../test/support/app.js';
import { ServedPostbag } from '../../../../test/support/served.js';
import { parseMail } from '../../../../test/support/smtp-server.js';
import { client } from '../../casework/test-fixtures/support.js';
import { officeWithCase } from './test-fixtures/support.js';

/**
 * Postbag killed in the middle of sending an e-mail (a separate `postbag serve` process, SIGKILL),
 * then started again: nothing is lost, and a message goes twice, with the same Message-ID, only
 * when the SMTP server had the whole message before the kill.
 */
let served: ServedPostbag;
let office: { caseId: string };

/** Queues an e-mail from the case, as the caseworker; returns the message id and its Message-ID header. */
const queueEmail = (subject: string) =>
  served.inProcess(async (postbag, t) => {
    const owen = await signIn(postbag.app, 'caseworker@postbag.example');
    const queued = await client(t, owen).created(`/cases/${office.caseId}/emails`, { subject, body: 'Your case is in hand.' });
    return { id: queued.id as string, header: `<${queued.internetMessageId}>` };
  });

const copiesOf = async (header: string) => (await Promise.all(served.smtp.accepted().map(parseMail))).filter((m) => m.messageId === header);

/** Until the SMTP server has accepted `count` copies of the message with this Message-ID. */
const copiesArrived = (proc: ChildProcess, header: string, count: number) =>
  served.whileServing(
    proc,
    `the SMTP server got ${count} copies of ${header}`,
    served.smtp.waitFor(`${count} copies of ${header}`, (_, all) => all.filter((e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString().includes(header)).length >= count),
  );

const messageState = (messageId: string) =>
  served.inProcess(async (postbag) => (await postbag.database.db.selectFrom('messages').select('state').where('id', '=', messageId).executeTakeFirstOrThrow()).state);

/** What Postbag recorded about the e-mail, once every process is stopped. */
const outcome = (messageId: string) =>
  served.inProcess(async (postbag) => {
    const db = postbag.database.db;
    const message = await db.selectFrom('messages').select(['state', 'sent_at']).where('id', '=', messageId).executeTakeFirstOrThrow();
    const job = await db.selectFrom('jobs').select(['status', 'attempts']).where('dedupe_key', '=', messageId).executeTakeFirstOrThrow();
    const onTimeline = await db.selectFrom('case_events').select('id').where('message_id', '=', messageId).execute();
    return { state: message.state, sent: message.sent_at !== null, job, timelineEntries: onTimeline.length };
  });

beforeAll(async () => {
  served = await ServedPostbag.start('smtp-crash');
  office = await served.inProcess(async (postbag, t) => {
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 5, cases: 2 });
    const { theCase } = await officeWithCase(t);
    return { caseId: theCase.id as string };
  });
}, 120_000);

afterAll(() => served?.close());

it('killed after the SMTP server had the whole message: sent again after the restart, with the same Message-ID, recorded sent once', async () => {
  const email = await queueEmail('Killed after DATA');
  served.smtp.plan({ hold: 'after-data' });
  const doomed = served.serve();
  await served.whileServing(doomed, 'the SMTP server held the message', served.smtp.waitFor('the whole message, held before its 250', (e) => e.event === 'holding' && e.stage === 'after-data'));
  await served.stop(doomed, 'SIGKILL');
  served.smtp.release();
  await served.smtp.waitFor('the first copy', (_, all) => all.some((e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString().includes(email.header)));
  // Killed between the SMTP step and recording it: the e-mail is left 'sending', to be sent again.
  expect(await messageState(email.id)).toBe('sending');

  const rescuer = served.serve();
  await copiesArrived(rescuer, email.header, 2);
  await served.stop(rescuer, 'SIGTERM');

  const [first, second] = await copiesOf(email.header);
  expect(second!.subject).toBe(first!.subject);
  expect(second!.text).toBe(first!.text);
  expect(await outcome(email.id)).toEqual({ state: 'sent', sent: true, job: { status: 'succeeded', attempts: 2 }, timelineEntries: 1 });
}, 150_000);

it('killed before the SMTP server accepted anything: exactly one copy arrives after the restart', async () => {
  const email = await queueEmail('Killed before DATA');
  served.smtp.plan({ hold: 'before-data' });
  const doomed = served.serve();
  await served.whileServing(doomed, 'the SMTP server held the recipient', served.smtp.waitFor('the recipient, held', (e) => e.event === 'holding' && e.stage === 'before-data'));
  await served.stop(doomed, 'SIGKILL');
  served.smtp.release();
  expect(await copiesOf(email.header)).toHaveLength(0);
  expect(await messageState(email.id)).toBe('sending');

  const rescuer = served.serve();
  await copiesArrived(rescuer, email.header, 1);
  await served.stop(rescuer, 'SIGTERM');

  expect(await copiesOf(email.header)).toHaveLength(1);
  expect(await outcome(email.id)).toEqual({ state: 'sent', sent: true, job: { status: 'succeeded', attempts: 2 }, timelineEntries: 1 });
}, 150_000);
