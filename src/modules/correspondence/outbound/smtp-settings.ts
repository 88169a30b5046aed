import type { AppContext } from '../../../context.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import * as repo from './repo.js';
import type { SmtpBody, SmtpSavedView, SmtpSettingsView, SmtpTestView } from './schemas.js';
import { sendThrough, serverHost, serverToUse, SMTP_PASSWORD_FIELD, smtpProblem } from './smtp.js';

/** The office's own SMTP server, set by a manager; POSTBAG_SMTP_URL is the fallback while it has none. */

export type SmtpDeps = Pick<AppContext, 'db' | 'keystore' | 'config' | 'jobs'>;

/** The sending address is not repeated here: it is the correspondence settings' (the page shows that one). */
async function view(deps: SmtpDeps, tx: OfficeTx, officeId: string): Promise<SmtpSettingsView> {
  const row = await repo.findSmtp(tx, officeId);
  return {
    server: row ? { host: row.host, port: row.port, security: row.security, username: row.username, passwordSet: row.password_sealed !== null } : null,
    fallback: deps.config.smtp !== null,
  };
}

export function getSmtp(deps: SmtpDeps, user: SignedInUser): Promise<SmtpSettingsView> {
  return withOffice(deps.db, user.officeId, (tx) => view(deps, tx, user.officeId));
}

/**
 * Sets the office's server. A password left out keeps the one set, but only for the same server
 * and user: it is never sent to a server it was not given for. The e-mails that failed only
 * because there was no server are queued again (each audited); those a server refused stay failed.
 */
export async function saveSmtp(deps: SmtpDeps, user: SignedInUser, body: SmtpBody): Promise<SmtpSavedView> {
  const { officeId } = user;
  // The key store is another database: seal before the transaction opens.
  const sealed = body.password === undefined ? undefined : await deps.keystore.encryptField(officeId, 'mailbox', officeId, SMTP_PASSWORD_FIELD, body.password);
  return withOffice(deps.db, officeId, async (tx) => {
    const before = await repo.findSmtp(tx, officeId);
    let passwordSealed: string | null = null;
    if (body.username !== null) {
      const keeps = before?.password_sealed && before.host === body.host && before.username === body.username ? before.password_sealed : undefined;
      passwordSealed = sealed ?? keeps ?? null;
      if (passwordSealed === null) {
        const why = before?.password_sealed ? 'the server or user name changed, so give the password again' : 'no password is set yet';
        throw new AppError(ErrorCode.ValidationFailed, `The SMTP password is needed: ${why}. Nothing was changed.`, [{ path: 'body.password', message: 'is required with a user name' }]);
      }
    }
    await repo.saveSettings(tx, officeId, { smtp_host: body.host, smtp_port: body.port, smtp_security: body.security, smtp_username: body.username, smtp_password_sealed: passwordSealed });
    await recordAudit(tx, officeId, user, { action: 'office.smtp_changed', recordType: 'office', recordIds: [officeId] });
    const requeued = await deps.jobs.retryWaiting(tx, { kind: repo.SEND_EMAIL, officeId, waitingFor: repo.WAITING_FOR_SMTP_SERVER });
    for (const jobId of requeued) await recordAudit(tx, officeId, user, { action: 'job.retried', recordType: 'job', recordIds: [jobId] });
    return { ...(await view(deps, tx, officeId)), requeued: requeued.length };
  });
}

/** Removes the office's server: e-mail goes through POSTBAG_SMTP_URL, if set. The password's key is destroyed. */
export async function removeSmtp(deps: SmtpDeps, user: SignedInUser): Promise<SmtpSettingsView> {
  const { officeId } = user;
  const result = await withOffice(deps.db, officeId, async (tx) => {
    await repo.saveSettings(tx, officeId, { smtp_host: null, smtp_port: null, smtp_security: null, smtp_username: null, smtp_password_sealed: null });
    await recordAudit(tx, officeId, user, { action: 'office.smtp_removed', recordType: 'office', recordIds: [officeId] });
    return view(deps, tx, officeId);
  });
  await deps.keystore.destroyKey(officeId, 'mailbox', officeId);
  return result;
}

/**
 * Sends a test message through the server e-mail would go through now, from and to the office's
 * from address (no constituent is involved), and says whether it went or exactly why not.
 */
export async function testSmtp(deps: SmtpDeps, user: SignedInUser): Promise<SmtpTestView> {
  const { officeId } = user;
  const { office, from } = await withOffice(deps.db, officeId, async (tx) => ({
    office: await repo.findSmtp(tx, officeId),
    from: (await repo.findSettings(tx, officeId))?.from_address,
  }));
  if (!from) throw new AppError(ErrorCode.Conflict, 'The office has no from address for e-mail yet: set it above first, as the test message goes to it. Nothing was sent.');
  const server = await serverToUse(deps.keystore, officeId, office, deps.config.smtp);
  let problem: string | null = server ? null : 'no SMTP server is set for the office';
  if (server) {
    const mail = {
      from,
      to: from,
      subject: 'Postbag test message',
      text: `A manager sent this from Postbag to check the office's SMTP settings. Nothing needs doing.\n`,
    };
    try {
      await sendThrough(server, mail);
    } catch (error) {
      problem = smtpProblem(server, error).problem;
    }
  }
  await withOffice(deps.db, officeId, (tx) => recordAudit(tx, officeId, user, { action: 'office.smtp_tested', recordType: 'office', recordIds: [officeId] }));
  return { sent: problem === null, server: server ? serverHost(server) : null, to: from, problem };
}
