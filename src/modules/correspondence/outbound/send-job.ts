import nodemailer from 'nodemailer';
import type { Config } from '../../../config.js';
import type { OfficeTx } from '../../../db/scope.js';
import type { JobContextOf, Jobs } from '../../../job-kinds.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { JobError, PermanentJobError } from '../../../platform/jobs/runner.js';
import { officeNames } from '../../offices/service.js';
import { openMessageTexts } from '../sealing.js';
import * as repo from './repo.js';
import { assertMaySend } from './send.js';

export interface OutboundJobDeps {
  keystore: KeyStore;
  smtp: Config['smtp'];
}

/** Sends queued e-mail through the office's SMTP server, with retries and back-off (the runner's default). */
export function registerOutboundJobs(jobs: Jobs, deps: OutboundJobDeps): void {
  jobs.register(repo.SEND_EMAIL, (ctx) => sendEmail(deps, ctx), { maxAttempts: 8 });
}

/**
 * Three steps, so that the database is never held while the SMTP server takes its time:
 * 1. (a transaction) lock the e-mail, check it still wants sending, read what it says and who it
 *    is from, and mark it 'sending';
 * 2. (no transaction) hand it to the SMTP server;
 * 3. (a transaction) mark it sent.
 * A crash or a lost lease between 2 and 3 leaves it 'sending', and the retry sends it again with
 * the same Message-ID (fixed when it was queued): the crash rule, outbound/crash.test.ts.
 */
async function sendEmail(deps: OutboundJobDeps, ctx: JobContextOf<typeof repo.SEND_EMAIL>): Promise<void> {
  if (ctx.officeId === null) throw new PermanentJobError('An e-mail job must belong to an office.');
  const { officeId } = ctx;
  const { messageId } = ctx.job.payload;
  const email = await ctx.step(async (tx) => {
    const message = await repo.lockOutboundEmail(tx, officeId, messageId);
    if (!message) throw new PermanentJobError(`E-mail ${messageId} no longer exists (it may have been erased); nothing was sent.`);
    if (message.state === 'sent') return undefined;
    if (!deps.smtp) throw new JobError('SMTP is not configured: set POSTBAG_SMTP_URL (e.g. smtp://user:password@mail.example.org:587) and restart Postbag; the e-mail stays queued.');
    const from = await sender(tx, officeId);
    const [texts] = await openMessageTexts(deps.keystore, officeId, [message]);

    // DESIGN.md invariants 5 and 6: the one check again (the person may have been flagged since it
    // was queued), last in this step and so before the one place that hands e-mail to the SMTP
    // server, so that no caller can send around it. A refusal thrown here rolls the step back:
    // the e-mail is not 'sending'. The suppression list and consent checks join it here.
    await stillMaySend(tx, officeId, message);

    await repo.markSending(tx, officeId, messageId);
    return {
      smtpUrl: deps.smtp.url,
      mail: {
        from,
        to: message.to_addresses,
        subject: texts!.subject ?? '',
        text: texts!.body ?? '',
        // Fixed when the e-mail was queued: a resend after a crash is recognisably the same message.
        messageId: `<${message.internet_message_id}>`,
        date: message.occurred_at,
      },
    };
  });
  if (!email) return;

  const transport = nodemailer.createTransport({ url: email.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000 });
  const stop = () => transport.close();
  ctx.signal.addEventListener('abort', stop);
  try {
    await transport.sendMail(email.mail);
  } catch (error) {
    throw smtpFailure(messageId, error);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    transport.close();
  }

  await ctx.step((tx) => repo.markSent(tx, officeId, messageId));
}

/** The one check at send time; a refusal fails the job for good, and the e-mail reads as not sent. */
async function stillMaySend(tx: OfficeTx, officeId: string, message: { id: string; case_id: string | null; person_id: string | null }): Promise<void> {
  try {
    await assertMaySend(tx, officeId, { caseId: message.case_id, personId: message.person_id });
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.ProcessingRefused) throw new PermanentJobError(`E-mail ${message.id} was not sent. ${error.message}`);
    throw error;
  }
}

async function sender(tx: OfficeTx, officeId: string) {
  const settings = await repo.findSettings(tx, officeId);
  if (!settings?.from_address) throw new JobError("The office has no from address for e-mail: set it in the office's correspondence settings; the e-mail stays queued.");
  return { name: (await officeNames(tx, officeId))!.name, address: settings.from_address };
}

/**
 * A 5xx reply is the server saying "never": fail the job without retrying. Anything else (4xx,
 * a dropped connection, a time-out) is worth another try later. The server's reply text can quote
 * the address, so the job keeps only its code; the runner logs the full error.
 */
function smtpFailure(messageId: string, error: unknown): Error {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (code === 'EAUTH') return new JobError(`The SMTP server refused Postbag's sign-in (${responseCode ?? 'no code'}): check the user and password in POSTBAG_SMTP_URL. E-mail ${messageId} stays queued.`);
  if (responseCode !== undefined && responseCode >= 500) return new PermanentJobError(`The SMTP server refused e-mail ${messageId} for good (reply ${responseCode}); it was not sent.`);
  if (responseCode !== undefined) return new JobError(`The SMTP server refused e-mail ${messageId} for now (reply ${responseCode}); it will be tried again.`);
  return new JobError(`Could not reach the SMTP server to send e-mail ${messageId} (${code ?? 'connection failed'}); it will be tried again.`);
}
