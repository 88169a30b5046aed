import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { type SmtpTestServer, startSmtpServer } from '../../../../test/support/smtp-server.js';
import { officeWithCase } from './test-fixtures/support.js';

/**
 * A slow SMTP server holds up its e-mail and nothing else: the send job waits on it outside any
 * transaction, so on the embedded database (one connection) pages are answered meanwhile. Before
 * jobs ran in steps, a case list took as long as the server's hold.
 */
let smtp: SmtpTestServer;
let t: TestApp;
let office: Awaited<ReturnType<typeof officeWithCase>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ POSTBAG_SMTP_URL: smtp.url });
  office = await officeWithCase(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const HOLD_MS = 10_000;

/** The quickest of three loads of the page (a pause for garbage collection is not the database). */
async function quickestLoad(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: office.owen.headers });
    times.push(performance.now() - started);
    expect(response.statusCode, response.body).toBe(200);
  }
  return Math.min(...times);
}

it('answers pages in under 100 ms while the SMTP server holds a send for 10 s, then the e-mail is sent', async () => {
  const pages = ['/me', '/cases', `/cases/${office.theCase.id}`];
  for (const page of pages) await quickestLoad(page); // warmed up, as a browsing user's would be

  const queued = await office.api.created(`/cases/${office.theCase.id}/emails`, { subject: 'Held at the server', body: 'Your case is in hand.' });
  smtp.plan({ hold: 'after-data', ms: HOLD_MS });
  const sending = t.ctx.jobs.runDue();
  await smtp.waitFor('the whole message, its reply held', (e) => e.event === 'holding' && e.stage === 'after-data');

  const loads = [];
  for (const page of pages) loads.push({ page, ms: await quickestLoad(page) });
  // Still held: the pages did not wait for the server.
  expect(smtp.events.some((e) => e.event === 'accepted')).toBe(false);
  const row = await t.database.db.selectFrom('messages').select('state').where('id', '=', queued.id).executeTakeFirstOrThrow();
  expect(row.state).toBe('sending');
  for (const load of loads) expect(load.ms, `${load.page} took ${Math.round(load.ms)} ms`).toBeLessThan(100);

  expect(await sending).toMatchObject({ succeeded: 1, failed: 0, lost: 0 });
  const [mail] = await smtp.acceptedWith(queued.internetMessageId);
  expect(mail!.messageId).toBe(`<${queued.internetMessageId}>`);
  const emails = (await office.api.ok('GET', `/cases/${office.theCase.id}/emails`)).emails as { id: string; state: string }[];
  expect(emails.find((e) => e.id === queued.id)?.state).toBe('sent');
});
