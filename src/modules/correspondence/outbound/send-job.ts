import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Config } from '../../../config.js';
import type { OfficeTx } from '../../../db/scope.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { JobError, type JobContext, type JobRunner, PermanentJobError } from '../../../platform/jobs/runner.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { openMessageTexts } from '../sealing.js';
import * as repo from './repo.js';
import { assertMaySend } from './send.js';

export interface OutboundJobDeps {
  keystore: KeyStore;
  smtp: Config['smtp'];
}

const payload = z.strictObject({ messageId: z.uuid() });

/** Sends queued e-mail through the office's SMTP server, with retries and back-off (the runner's default). */
export function registerOutboundJobs(jobs: JobRunner, deps: OutboundJobDeps): void {
  jobs.register(repo.SEND_EMAIL, (ctx) => sendEmail(deps, ctx), { payload, maxAttempts: 8 });
}

async function sendEmail(deps: OutboundJobDeps, ctx: JobContext<z.infer<typeof payload>>): Promise<void> {
  if (ctx.officeId === null) throw new PermanentJobError('An e-mail job must belong to an office.');
  const { officeId, tx } = ctx;
  const { messageId } = ctx.job.payload;
  const message = await repo.lockOutboundEmail(tx, officeId, messageId);
  if (!message) throw new PermanentJobError(`E-mail ${messageId} no longer exists (it may have been erased); nothing was sent.`);
  if (message.state !== 'queued') return;
  if (!deps.smtp) throw new JobError('SMTP is not configured: set POSTBAG_SMTP_URL (e.g. smtp://user:password@mail.example.org:587) and restart Postbag; the e-mail stays queued.');
  const from = await sender(tx, officeId);
  const [texts] = await openMessageTexts(deps.keystore, officeId, [message]);

  // DESIGN.md invariants 5 and 6: the one check again (the person may have been flagged since it
  // was queued), before the one place that hands e-mail to the SMTP server.
  await stillMaySend(tx, officeId, message);

  const transport = nodemailer.createTransport({ url: deps.smtp.url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000 });
  const stop = () => transport.close();
  ctx.signal.addEventListener('abort', stop);
  try {
    await transport.sendMail({
      from,
      to: message.to_addresses,
      subject: texts!.subject ?? '',
      text: texts!.body ?? '',
      // Fixed when the e-mail was queued: a resend after a crash is recognisably the same message.
      messageId: `<${message.internet_message_id}>`,
      date: message.occurred_at,
    });
  } catch (error) {
    throw smtpFailure(messageId, error);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    transport.close();
  }
  await repo.markSent(tx, officeId, messageId);
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
  return { name: (await repo.findOffice(tx, officeId)).name, address: settings.from_address };
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
