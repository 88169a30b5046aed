import { newId } from '../../../db/ids.js';
import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../../platform/errors/errors.js';
import type { CorrespondenceDeps } from '../ingest.js';
import { PASSWORD_FIELD, pollSoon } from './jobs.js';
import * as repo from './repo.js';
import type { AddMailboxBody, MailboxView } from './schemas.js';

/** The mailboxes the office polls for e-mail. Their passwords are sealed under each mailbox's own key. */

const toView = (row: repo.VisibleMailboxRow): MailboxView => ({
  id: row.id,
  host: row.host,
  port: row.port,
  tls: row.tls,
  username: row.username,
  folder: row.folder,
  lastUid: Number(row.last_uid),
  polledAt: row.polled_at,
  lastError: row.last_error,
  createdAt: row.created_at,
});

export async function listMailboxes(deps: CorrespondenceDeps, user: SignedInUser): Promise<{ mailboxes: MailboxView[] }> {
  const rows = await withOffice(deps.db, user.officeId, (tx) => repo.listMailboxes(tx, user.officeId));
  return { mailboxes: rows.map(toView) };
}

/** Adds a mailbox and queues its first poll. */
export async function addMailbox(deps: CorrespondenceDeps, user: SignedInUser, body: AddMailboxBody): Promise<MailboxView> {
  const { officeId } = user;
  const id = newId();
  // The key store is another database: seal before the transaction opens.
  const passwordSealed = await deps.keystore.encryptField(officeId, 'mailbox', id, PASSWORD_FIELD, body.password);
  try {
    return await withOffice(deps.db, officeId, async (tx) => {
      if (await repo.sameMailboxExists(tx, officeId, body)) {
        throw new AppError(ErrorCode.Conflict, `The office polls the folder "${body.folder}" of that account on that server already.`, [
          { path: 'body.folder', message: 'is polled already' },
        ]);
      }
      const { password: _, ...settings } = body;
      await repo.insertMailbox(tx, { office_id: officeId, id, ...settings, password_sealed: passwordSealed });
      await recordAudit(tx, officeId, user, { action: 'mailbox.added', recordType: 'mailbox', recordIds: [id] });
      await pollSoon(deps.jobs, tx, officeId, id);
      return toView((await repo.findMailbox(tx, officeId, id))!);
    });
  } catch (error) {
    // Nothing refers to the sealed password now: make it unreadable.
    await deps.keystore.destroyKey(officeId, 'mailbox', id);
    throw error;
  }
}

/** Removes a mailbox: its polls stop, and its password's key is destroyed. The messages it brought stay. */
export async function removeMailbox(deps: CorrespondenceDeps, user: SignedInUser, mailboxId: string): Promise<void> {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    if (!(await repo.deleteMailbox(tx, officeId, mailboxId))) throw notFound('mailbox');
    await recordAudit(tx, officeId, user, { action: 'mailbox.removed', recordType: 'mailbox', recordIds: [mailboxId] });
  });
  await deps.keystore.destroyKey(officeId, 'mailbox', mailboxId);
}

/** Polls the mailbox now, rather than at its next turn. */
export async function pollMailboxNow(deps: CorrespondenceDeps, user: SignedInUser, mailboxId: string): Promise<{ jobId: string }> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    if (!(await repo.findMailbox(tx, officeId, mailboxId))) throw notFound('mailbox');
    const job = await pollSoon(deps.jobs, tx, officeId, mailboxId);
    await recordAudit(tx, officeId, user, { action: 'mailbox.poll_requested', recordType: 'mailbox', recordIds: [mailboxId] });
    return { jobId: job.id };
  });
}
