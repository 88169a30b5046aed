import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../../../config.js';
import type { OfficeTx } from '../../../db/scope.js';
import type { JobContextOf, Jobs } from '../../../job-kinds.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { JobError, PermanentJobError } from '../../../platform/jobs/runner.js';
import { officeNames } from '../../offices/service.js';
import { openMessageTexts, sealSendProblem } from '../sealing.js';
import * as repo from './repo.js';
import { withUnsubscribeFooterHtml } from './unsubscribe-html.js';
import { assertMaySendKind, kindOfDetail } from './send.js';
import { sendThrough, serverToUse, type SmtpProblem, smtpProblem } from './smtp.js';
import { type UnsubscribeDeps, unsubscribeHeaders, unsubscribeLinks, withUnsubscribeFooter } from './unsubscribe.js';

export interface OutboundJobDeps {
  keystore: KeyStore;
  smtp: Config['smtp'];
  /** Signs the unsubscribe links every marketing e-mail carries. */
  unsubscribe: UnsubscribeDeps;
}

/** Sends queued e-mail through the office's SMTP server, with retries and back-off (the runner's default). */
export function registerOutboundJobs(jobs: Jobs, deps: OutboundJobDeps): void {
  jobs.register(repo.SEND_EMAIL, (ctx) => sendEmail(deps, ctx), { maxAttempts: 8 });
}

/** An attempt that did not send: `problem` in the office's words (sealed on the e-mail, it may quote the address), `error` for the job (ids and codes only). */
interface NotSent {
  problem: string;
  error: JobError;
}

/**
 * Three steps, so that the database is never held while the SMTP server takes its time:
 * 1. (a transaction) lock the e-mail, check it still wants sending, read what it says, who it is
 *    from and the server to use, and mark it 'sending';
 * 2. (no transaction) hand it to the SMTP server;
 * 3. (a transaction) mark it sent.
 * A crash or a lost lease between 2 and 3 leaves it 'sending', and the retry sends it again with
 * the same Message-ID (fixed when it was queued): the crash rule, outbound/crash.test.ts.
 * An attempt that does not send writes why on the e-mail, in a step of its own, then fails.
 */
async function sendEmail(deps: OutboundJobDeps, ctx: JobContextOf<typeof repo.SEND_EMAIL>): Promise<void> {
  if (ctx.officeId === null) throw new PermanentJobError('An e-mail job must belong to an office.');
  const { officeId } = ctx;
  const { messageId } = ctx.job.payload;
  const prepared = await ctx.step(async (tx): Promise<{ notSent: NotSent } | { email: SendMailOptions; office: repo.SmtpRow | undefined } | undefined> => {
    const message = await repo.lockOutboundEmail(tx, officeId, messageId);
    if (!message) throw new PermanentJobError(`E-mail ${messageId} no longer exists (it may have been erased); nothing was sent.`);
    if (message.state === 'sent') return undefined;
    const office = await repo.findSmtp(tx, officeId);
    if (!office && !deps.smtp) {
      // Waiting would not help: it fails now, plainly, and goes again when a manager sets the office's server.
      const error = new PermanentJobError(
        `E-mail ${messageId} was not sent: SMTP is not configured. Setting the office's server in its correspondence settings sends it; with POSTBAG_SMTP_URL, retry this job.`,
        { waitingFor: repo.WAITING_FOR_SMTP_SERVER },
      );
      return { notSent: { problem: 'no SMTP server is set for the office', error } };
    }
    const from = await sender(tx, officeId);
    if (!from) {
      const error = new JobError("The office has no from address for e-mail: set it in the office's correspondence settings; the e-mail stays queued.");
      return { notSent: { problem: "the office has no from address for e-mail (a manager sets it in the correspondence settings)", error } };
    }
    const [texts] = await openMessageTexts(deps.keystore, officeId, [message]);

    // DESIGN.md invariants 5 and 6: the one check again (the person may have been flagged since it
    // was queued), last in this step and so before the one place that hands e-mail to the SMTP
    // server, so that no caller can send around it. A refusal is returned before the e-mail is
    // marked 'sending'. A marketing e-mail is checked against consent, objections and the
    // suppression list again here, as they stand now.
    const refused = await stillMaySend(deps.keystore, tx, officeId, message);
    if (refused) return { notSent: refused };

    await repo.markSending(tx, officeId, messageId);
    // Marketing carries its way out (RFC 8058 headers, a visible link); casework never does.
    const kind = kindOfDetail(message.detail);
    const links = kind.kind === 'marketing' ? unsubscribeLinks(deps.unsubscribe, { officeId, personId: message.person_id!, purposeId: kind.purposeId, messageId }) : undefined;
    const text = texts!.body ?? '';
    return {
      office,
      email: {
        from,
        to: message.to_addresses,
        subject: texts!.subject ?? '',
        text: links ? withUnsubscribeFooter(text, links, from.name) : text,
        ...(links ? { headers: unsubscribeHeaders(links) } : {}),
        ...(texts!.html ? { html: links ? withUnsubscribeFooterHtml(texts!.html, links, from.name) : texts!.html } : {}),
        // Fixed when the e-mail was queued: a resend after a crash is recognisably the same message.
        messageId: `<${message.internet_message_id}>`,
        date: message.occurred_at,
      },
    };
  });
  if (!prepared) return;
  if ('notSent' in prepared) return notSent(deps, ctx, prepared.notSent);

  const server = (await serverToUse(deps.keystore, officeId, prepared.office, deps.smtp))!;
  try {
    await sendThrough(server, prepared.email, ctx.signal);
  } catch (error) {
    const found = smtpProblem(server, error);
    return notSent(deps, ctx, { problem: found.problem, error: jobError(messageId, found) });
  }
  await ctx.step((tx) => repo.markSent(tx, officeId, messageId));
}

/** Writes why on the e-mail (sealed before the step: the key store is another database), then fails the attempt. */
async function notSent(deps: OutboundJobDeps, ctx: JobContextOf<typeof repo.SEND_EMAIL> & { officeId: string }, { problem, error }: NotSent): Promise<never> {
  const { officeId } = ctx;
  const { messageId } = ctx.job.payload;
  const sealed = await sealSendProblem(deps.keystore, officeId, messageId, problem);
  await ctx.step((tx) => repo.recordSendProblem(tx, officeId, messageId, sealed));
  throw error;
}

/** The one check at send time; a refusal fails the job for good, and the e-mail reads as not sent. */
async function stillMaySend(
  keystore: KeyStore,
  tx: OfficeTx,
  officeId: string,
  message: { id: string; case_id: string | null; person_id: string | null; to_addresses: string[]; detail: Record<string, unknown> },
): Promise<NotSent | undefined> {
  try {
    await assertMaySendKind(keystore, tx, officeId, { caseId: message.case_id, personId: message.person_id, address: message.to_addresses[0] ?? '' }, kindOfDetail(message.detail));
    return undefined;
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.ProcessingRefused) {
      return { problem: `Postbag stopped it: ${error.message}`, error: new PermanentJobError(`E-mail ${message.id} was not sent. ${error.message}`) };
    }
    throw error;
  }
}

async function sender(tx: OfficeTx, officeId: string) {
  const settings = await repo.findSettings(tx, officeId);
  if (!settings?.from_address) return undefined;
  return { name: (await officeNames(tx, officeId))!.name, address: settings.from_address };
}

/** What the job keeps of an SMTP failure: the reply code, never the server's text (it may quote the address); the runner logs the full error. */
function jobError(messageId: string, found: SmtpProblem): JobError {
  switch (found.kind) {
    case 'sign-in':
      return new JobError(`The SMTP server refused Postbag's sign-in (${found.code}): check the user and password in the office's SMTP settings (or POSTBAG_SMTP_URL). E-mail ${messageId} stays queued.`);
    case 'refused':
      return found.permanent
        ? new PermanentJobError(`The SMTP server refused e-mail ${messageId} for good (${found.code}); it was not sent.`)
        : new JobError(`The SMTP server refused e-mail ${messageId} for now (${found.code}); it will be tried again.`);
    case 'unreachable':
      return new JobError(`Could not reach the SMTP server to send e-mail ${messageId} (${found.code}); it will be tried again.`);
  }
}
