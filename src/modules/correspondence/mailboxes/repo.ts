import type { Insertable, Selectable } from 'kysely';
import type { OfficeTx } from '../../../db/scope.js';
import type { MailboxesTable } from '../../../db/schema.js';

export type MailboxRow = Selectable<MailboxesTable>;

const visible = ['id', 'host', 'port', 'tls', 'username', 'folder', 'last_uid', 'polled_at', 'last_error', 'created_at'] as const;
export type VisibleMailboxRow = Pick<MailboxRow, (typeof visible)[number]>;

export async function insertMailbox(tx: OfficeTx, row: Insertable<MailboxesTable>): Promise<void> {
  await tx.insertInto('mailboxes').values(row).execute();
}

/** Every mailbox of the office, without the sealed password. */
export function listMailboxes(tx: OfficeTx, officeId: string): Promise<VisibleMailboxRow[]> {
  return tx.selectFrom('mailboxes').select(visible).where('office_id', '=', officeId).orderBy('created_at').orderBy('id').execute();
}

export function findMailbox(tx: OfficeTx, officeId: string, mailboxId: string): Promise<VisibleMailboxRow | undefined> {
  return tx.selectFrom('mailboxes').select(visible).where('office_id', '=', officeId).where('id', '=', mailboxId).executeTakeFirst();
}

/** The same folder of the same account, added already. */
export async function sameMailboxExists(tx: OfficeTx, officeId: string, m: { host: string; username: string; folder: string }): Promise<boolean> {
  const row = await tx
    .selectFrom('mailboxes')
    .select('id')
    .where('office_id', '=', officeId)
    .where('host', '=', m.host)
    .where('username', '=', m.username)
    .where('folder', '=', m.folder)
    .executeTakeFirst();
  return row !== undefined;
}

/** The whole row, sealed password included, for a poll to fetch with. */
export function findMailboxToPoll(tx: OfficeTx, officeId: string, mailboxId: string): Promise<MailboxRow | undefined> {
  return tx.selectFrom('mailboxes').selectAll().where('office_id', '=', officeId).where('id', '=', mailboxId).executeTakeFirst();
}

/** The whole row, locked until the transaction ends: one poll's batch is stored at a time. */
export function lockMailbox(tx: OfficeTx, officeId: string, mailboxId: string): Promise<MailboxRow | undefined> {
  return tx.selectFrom('mailboxes').selectAll().where('office_id', '=', officeId).where('id', '=', mailboxId).forUpdate().executeTakeFirst();
}

export async function deleteMailbox(tx: OfficeTx, officeId: string, mailboxId: string): Promise<boolean> {
  const result = await tx.deleteFrom('mailboxes').where('office_id', '=', officeId).where('id', '=', mailboxId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export interface PollProgress {
  uidValidity: string;
  lastUid: number;
  lastError: string | null;
}

export async function recordProgress(tx: OfficeTx, officeId: string, mailboxId: string, p: PollProgress): Promise<void> {
  await tx
    .updateTable('mailboxes')
    .set({ uid_validity: p.uidValidity, last_uid: p.lastUid, last_error: p.lastError, polled_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', mailboxId)
    .execute();
}

export async function recordError(tx: OfficeTx, officeId: string, mailboxId: string, message: string): Promise<void> {
  await tx.updateTable('mailboxes').set({ last_error: message }).where('office_id', '=', officeId).where('id', '=', mailboxId).execute();
}
