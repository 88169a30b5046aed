import { type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, sql } from 'kysely';
import type { AttachmentsTable, DB, MessagesTable } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import { leaveGroups } from './campaigns/repo.js';
import { sendStatusColumns } from './outbound/repo.js';
import type { SealedMessageTexts } from './sealing.js';

/** Messages in and out, and their attachments. */

/**
 * Messages already stored with any of these content hashes. Only the same content makes a
 * duplicate: a Message-ID is the sender's claim and may be reused for another message.
 */
export function findDuplicates(tx: OfficeTx, officeId: string, contentHashes: readonly (string | null | undefined)[]) {
  const hashes = contentHashes.flatMap((h) => h ?? []);
  if (hashes.length === 0) return Promise.resolve([]);
  return tx.selectFrom('messages').select(['id', 'content_hash']).where('office_id', '=', officeId).where('content_hash', 'in', hashes).execute();
}

/** A message already stored with this content, if any. */
export async function findDuplicate(tx: OfficeTx, officeId: string, contentHash: string) {
  return (await findDuplicates(tx, officeId, [contentHash]))[0];
}

/** The first message stored with this Message-ID, if any (a later one with other content clashes with it). */
export function firstWithMessageId(tx: OfficeTx, officeId: string, internetMessageId: string) {
  return tx
    .selectFrom('messages')
    .select('id')
    .where('office_id', '=', officeId)
    .where('internet_message_id', '=', internetMessageId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The case of the first of these Message-IDs that is on one (an answer joins its thread). */
export async function caseOfThread(tx: OfficeTx, officeId: string, internetMessageIds: readonly string[]): Promise<string | null> {
  if (internetMessageIds.length === 0) return null;
  const rows = await tx
    .selectFrom('messages')
    .select(['internet_message_id', 'case_id'])
    .where('office_id', '=', officeId)
    .where('internet_message_id', 'in', [...internetMessageIds])
    .where('case_id', 'is not', null)
    .orderBy('id', 'desc')
    .execute();
  // Newest first into the map, so the first message that had a reused Message-ID wins: a later
  // message cannot pull a thread's answers onto its own case by copying the ID.
  const byId = new Map(rows.map((r) => [r.internet_message_id, r.case_id]));
  return internetMessageIds.map((id) => byId.get(id)).find((caseId) => caseId) ?? null;
}

/** False if another import stored the same content first (the unique content hash said so). */
export async function insertMessage(tx: OfficeTx, values: Insertable<MessagesTable>): Promise<boolean> {
  const inserted = await tx.insertInto('messages').values(values).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

export async function insertAttachments(tx: OfficeTx, rows: readonly Insertable<AttachmentsTable>[]): Promise<void> {
  if (rows.length) await tx.insertInto('attachments').values([...rows]).execute();
}

export const messageColumns = [
  'm.id',
  'm.direction',
  'm.channel',
  'm.person_id',
  'm.case_id',
  'm.assignee_user_id',
  'm.counterpart_address_sealed',
  'm.counterpart_name_sealed',
  'm.subject_sealed',
  'm.occurred_at',
  'm.received_at',
  'm.out_of_constituency',
  'm.attachment_count',
  'm.detail',
] as const;

/**
 * Messages as lists show them, each naming its case and saying whether the viewer may see that
 * case (`case_seen`, casework's rule); the body comes back (sealed, for the preview) only if so.
 */
function listedMessages(tx: OfficeTx, officeId: string, caseSeen: CaseSeen) {
  return tx
    .selectFrom('messages as m')
    .leftJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'm.office_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('users as u', (j) => j.onRef('u.office_id', '=', 'm.office_id').onRef('u.id', '=', 'm.assignee_user_id'))
    .leftJoin('cases', (j) => j.onRef('cases.office_id', '=', 'm.office_id').onRef('cases.id', '=', 'm.case_id'))
    .select([...messageColumns, 'm.state', 'p.given_name', 'p.family_name', 'u.display_name as assignee_name', 'cases.reference as case_reference'])
    .select((eb) => {
      const seen = eb.or([eb('m.case_id', 'is', null), caseSeen(eb)]);
      return [seen.as('case_seen'), eb.case().when(seen).then(eb.ref('m.body_sealed')).end().as('body_sealed')];
    })
    .where('m.office_id', '=', officeId);
}

/**
 * The inbox, newest first, a page after `before` (an id: ids are time-ordered). Of a campaign
 * group only the newest message is listed (with its group's id), standing for the group.
 */
export function inboxPage(tx: OfficeTx, officeId: string, caseSeen: CaseSeen, options: { before?: string | undefined; assignee?: string | 'none' | undefined; limit: number }) {
  return listedMessages(tx, officeId, caseSeen)
    .leftJoin('campaign_members as cm', (j) => j.onRef('cm.office_id', '=', 'm.office_id').onRef('cm.message_id', '=', 'm.id'))
    .select('cm.group_id as campaign_group_id')
    // The size of the group a listed message stands for, in the page's own statement (one round trip).
    .select((eb) =>
      eb
        .selectFrom('campaign_members as members')
        .select((sub) => sub.fn.countAll<string>().as('n'))
        .whereRef('members.office_id', '=', 'cm.office_id')
        .whereRef('members.group_id', '=', 'cm.group_id')
        .as('campaign_size'),
    )
    // The inbox's count rides with the page, a sub-select the server runs once: one round trip, not two.
    .select(inboxCounted(officeId).as('inbox_count'))
    .where('m.state', '=', 'inbox')
    // A campaign group is listed once, where its newest message is.
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('campaign_members as newer').select('newer.message_id').whereRef('newer.office_id', '=', 'cm.office_id').whereRef('newer.group_id', '=', 'cm.group_id').whereRef('newer.message_id', '>', 'cm.message_id'))),
    )
    .$if(options.before !== undefined, (q) => q.where('m.id', '<', options.before!))
    .$if(options.assignee === 'none', (q) => q.where('m.assignee_user_id', 'is', null))
    .$if(options.assignee !== undefined && options.assignee !== 'none', (q) => q.where('m.assignee_user_id', '=', options.assignee!))
    .orderBy('m.id', 'desc')
    .limit(options.limit)
    .execute();
}

/** A person's messages, in and out, newest first: what the office and they wrote to each other. */
export function personMessages(tx: OfficeTx, officeId: string, caseSeen: CaseSeen, personId: string, limit: number) {
  return listedMessages(tx, officeId, caseSeen).where('m.person_id', '=', personId).orderBy('m.id', 'desc').limit(limit).execute();
}

/** Need-to-know for cases as an expression on `cases` (casework's `casesSeenBy`). */
export type CaseSeen = (eb: ExpressionBuilder<DB, 'cases'>) => Expression<SqlBool>;

/** The inbox is counted this far at most: beyond it the page says "more than". */
export const INBOX_COUNT_CAP = 1000;

const inboxCounted = (officeId: string) => sql<string>`(select count(*) from (select 1 from messages where office_id = ${officeId} and state = 'inbox' limit ${INBOX_COUNT_CAP + 1}) capped)`;

/** The inbox's count on its own, for a page that came back empty (`inbox_count` comes with every row of one that did not). */
export async function inboxCount(tx: OfficeTx, officeId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select ${inboxCounted(officeId)} as n`.execute(tx);
  return Number(rows[0]!.n);
}

export function findMessage(tx: OfficeTx, officeId: string, messageId: string) {
  return tx
    .selectFrom('messages as m')
    .leftJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'm.office_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('users as u', (j) => j.onRef('u.office_id', '=', 'm.office_id').onRef('u.id', '=', 'm.assignee_user_id'))
    .leftJoin('cases as c', (j) => j.onRef('c.office_id', '=', 'm.office_id').onRef('c.id', '=', 'm.case_id'))
    .select([
      ...messageColumns,
      ...sendStatusColumns,
      'm.body_sealed',
      'm.html_sealed',
      'm.internet_message_id',
      'm.to_addresses',
      'p.given_name',
      'p.family_name',
      'u.display_name as assignee_name',
      'c.reference as case_reference',
    ])
    .where('m.office_id', '=', officeId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}
export type MessageRow = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

/** The case a message is on, if any (the message exists if a row comes back). */
export function messageCase(tx: OfficeTx, officeId: string, messageId: string) {
  return tx.selectFrom('messages').select(['case_id', 'person_id', 'state']).where('office_id', '=', officeId).where('id', '=', messageId).executeTakeFirst();
}

export function lockMessage(tx: OfficeTx, officeId: string, messageId: string) {
  return tx
    .selectFrom('messages')
    .select(['id', 'state', 'direction', 'case_id', 'person_id', 'subject_sealed', 'body_sealed', 'occurred_at', 'channel', 'created_by'])
    .where('office_id', '=', officeId)
    .where('id', '=', messageId)
    .forUpdate()
    .executeTakeFirst();
}

/** A message filed, archived or linked to a case (by triage, a reply, the contact form) leaves its campaign group too. */
export async function updateMessage(tx: OfficeTx, officeId: string, messageId: string, values: Partial<Pick<Insertable<MessagesTable>, 'state' | 'case_id' | 'person_id' | 'assignee_user_id'>>): Promise<void> {
  await tx.updateTable('messages').set(values).where('office_id', '=', officeId).where('id', '=', messageId).execute();
  if ((values.state !== undefined && values.state !== 'inbox') || values.case_id) await leaveGroups(tx, officeId, [messageId]);
}

export function listAttachments(tx: OfficeTx, officeId: string, messageId: string) {
  return tx
    .selectFrom('attachments')
    .select(['id', 'filename_sealed', 'content_type', 'size_bytes', 'sha256'])
    .where('office_id', '=', officeId)
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
}

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number];

/** These files' contents (sealed), in the order asked for. */
export async function attachmentContents(tx: OfficeTx, officeId: string, messageId: string, attachmentIds: readonly string[]): Promise<string[]> {
  if (attachmentIds.length === 0) return [];
  const rows = await tx
    .selectFrom('attachments')
    .select(['id', 'content_sealed'])
    .where('office_id', '=', officeId)
    .where('message_id', '=', messageId)
    .where('id', 'in', [...attachmentIds])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r.content_sealed]));
  return attachmentIds.map((id) => byId.get(id)!);
}

export function findAttachment(tx: OfficeTx, officeId: string, messageId: string, attachmentId: string) {
  return tx
    .selectFrom('attachments')
    .select(['id', 'filename_sealed', 'content_type', 'size_bytes', 'content_sealed'])
    .where('office_id', '=', officeId)
    .where('message_id', '=', messageId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** Every message and mailbox id of the office: the key store's legacy keys are sorted by them (key-store migration 0002). */
export async function keyOwnerIds(tx: OfficeTx, officeId: string): Promise<{ messages: string[]; mailboxes: string[] }> {
  const messages = await tx.selectFrom('messages').select('id').where('office_id', '=', officeId).execute();
  const mailboxes = await tx.selectFrom('mailboxes').select('id').where('office_id', '=', officeId).execute();
  return { messages: messages.map((r) => r.id), mailboxes: mailboxes.map((r) => r.id) };
}

/** The person's messages, and every message filed on these cases. */
export async function messagesOfPerson(tx: OfficeTx, officeId: string, personId: string, caseIds: readonly string[]): Promise<string[]> {
  const rows = await tx
    .selectFrom('messages')
    .select('id')
    .where('office_id', '=', officeId)
    .where((eb) => (caseIds.length ? eb.or([eb('person_id', '=', personId), eb('case_id', 'in', caseIds)]) : eb('person_id', '=', personId)))
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes messages; their attachments go with them (ON DELETE CASCADE). */
export async function deleteMessages(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length) await tx.deleteFrom('messages').where('office_id', '=', officeId).where('id', 'in', messageIds).execute();
}

/** Offices with messages from before migration 0015, whose counterpart is still plain text. */
export async function officesWithPlainCounterparts(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('messages').select('office_id').distinct().where((eb) => eb.or([eb('counterpart_address', 'is not', null), eb('counterpart_name', 'is not', null)])).execute();
  return rows.map((r) => r.office_id);
}

export function plainCounterparts(tx: OfficeTx, officeId: string, limit: number) {
  return tx
    .selectFrom('messages')
    .select(['id', 'counterpart_address', 'counterpart_name'])
    .where('office_id', '=', officeId)
    .where((eb) => eb.or([eb('counterpart_address', 'is not', null), eb('counterpart_name', 'is not', null)]))
    .limit(limit)
    .execute();
}

export async function sealCounterpart(tx: OfficeTx, officeId: string, messageId: string, sealed: Pick<SealedMessageTexts, 'counterpart_address_sealed' | 'counterpart_name_sealed'>): Promise<void> {
  await tx.updateTable('messages').set({ ...sealed, counterpart_address: null, counterpart_name: null }).where('office_id', '=', officeId).where('id', '=', messageId).execute();
}
