import { type Insertable, type NotNull, type Selectable, sql } from 'kysely';
import type { OfficeTx } from '../../../db/scope.js';
import type { MessagesTable, MessageTemplatesTable, OfficeCorrespondenceTable, TemplateChannel } from '../../../db/schema.js';
import type { JobKind } from '../../../job-kinds.js';

export const SEND_EMAIL = 'correspondence.send_email' satisfies JobKind;
/** What a send job that found no SMTP server waits for: setting one queues it again (smtp-settings.ts). */
export const WAITING_FOR_SMTP_SERVER = 'smtp_server';

// ---- the office's correspondence settings ----

/** The settings without the logo's bytes; undefined until the office first saves them. */
export function findSettings(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('office_correspondence')
    .select(['from_address', 'signature', 'letterhead_address', 'privacy_notice_url', 'logo_type', 'updated_at'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
}
export type SettingsRow = NonNullable<Awaited<ReturnType<typeof findSettings>>>;

/** The office's own SMTP server, password sealed; undefined when it has none (POSTBAG_SMTP_URL then). */
export function findSmtp(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('office_correspondence')
    .select(['smtp_host as host', 'smtp_port as port', 'smtp_security as security', 'smtp_username as username', 'smtp_password_sealed as password_sealed'])
    .where('office_id', '=', officeId)
    .where('smtp_host', 'is not', null)
    // The table's check: host, port and security are set together.
    .$narrowType<{ host: NotNull; port: NotNull; security: NotNull }>()
    .executeTakeFirst();
}
export type SmtpRow = NonNullable<Awaited<ReturnType<typeof findSmtp>>>;

export function findLogo(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('office_correspondence').select(['logo', 'logo_type']).where('office_id', '=', officeId).where('logo', 'is not', null).executeTakeFirst();
}

/** Writes some settings, creating the office's row on first use. */
export async function saveSettings(tx: OfficeTx, officeId: string, values: Partial<Omit<Insertable<OfficeCorrespondenceTable>, 'office_id'>>) {
  const changes = { ...values, updated_at: new Date() };
  await tx
    .insertInto('office_correspondence')
    .values({ office_id: officeId, ...changes })
    .onConflict((oc) => oc.column('office_id').doUpdateSet(changes))
    .execute();
}

// ---- templates ----

export function listTemplates(tx: OfficeTx, officeId: string, filter: { channel?: TemplateChannel; includeRetired: boolean }) {
  return tx
    .selectFrom('message_templates')
    .selectAll()
    .where('office_id', '=', officeId)
    .$if(filter.channel !== undefined, (q) => q.where('channel', '=', filter.channel!))
    .$if(!filter.includeRetired, (q) => q.where('retired_at', 'is', null))
    .orderBy(sql`lower(name)`)
    .execute();
}

export function findTemplate(tx: OfficeTx, officeId: string, templateId: string) {
  return tx.selectFrom('message_templates').selectAll().where('office_id', '=', officeId).where('id', '=', templateId).executeTakeFirst();
}
export type TemplateRow = Selectable<MessageTemplatesTable>;

export function insertTemplate(tx: OfficeTx, row: Insertable<MessageTemplatesTable>) {
  return tx.insertInto('message_templates').values(row).returningAll().executeTakeFirstOrThrow();
}

export function insertTemplates(tx: OfficeTx, rows: Insertable<MessageTemplatesTable>[]) {
  return tx.insertInto('message_templates').values(rows).returning('id').execute();
}

export function updateTemplate(tx: OfficeTx, officeId: string, templateId: string, values: Partial<Pick<TemplateRow, 'name' | 'subject' | 'body' | 'retired_at'>>) {
  return tx
    .updateTable('message_templates')
    .set({ ...values, updated_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', templateId)
    .returningAll()
    .executeTakeFirst();
}

// ---- messages ----

export async function insertMessage(tx: OfficeTx, row: Insertable<MessagesTable>) {
  await tx.insertInto('messages').values(row).execute();
}

/** An outgoing e-mail, locked for the job sending it. */
export function lockOutboundEmail(tx: OfficeTx, officeId: string, messageId: string) {
  return tx
    .selectFrom('messages')
    .select(['id', 'state', 'case_id', 'person_id', 'internet_message_id', 'to_addresses', 'subject_sealed', 'body_sealed', 'html_sealed', 'occurred_at', 'detail'])
    .where('office_id', '=', officeId)
    .where('id', '=', messageId)
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .forUpdate()
    .executeTakeFirst();
}

/** Where an e-mail to a person went (an unsubscribe link names the message and the person). */
export async function emailRecipient(tx: OfficeTx, officeId: string, messageId: string, personId: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('messages')
    .select('to_addresses')
    .where('office_id', '=', officeId)
    .where('id', '=', messageId)
    .where('person_id', '=', personId)
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .executeTakeFirst();
  return row?.to_addresses[0];
}

/** About to be handed to the SMTP server (see send-job.ts). */
export async function markSending(tx: OfficeTx, officeId: string, messageId: string) {
  await tx.updateTable('messages').set({ state: 'sending' }).where('office_id', '=', officeId).where('id', '=', messageId).execute();
}

export async function markSent(tx: OfficeTx, officeId: string, messageId: string) {
  await tx.updateTable('messages').set({ state: 'sent', sent_at: new Date(), send_problem_sealed: null }).where('office_id', '=', officeId).where('id', '=', messageId).execute();
}

/** Why the last try did not send it (sealed), kept on the e-mail for the office to read. */
export async function recordSendProblem(tx: OfficeTx, officeId: string, messageId: string, problemSealed: string) {
  await tx.updateTable('messages').set({ send_problem_sealed: problemSealed }).where('office_id', '=', officeId).where('id', '=', messageId).where('state', '!=', 'sent').execute();
}

/**
 * An e-mail's state as the office sees it. The row says 'queued', then 'sending' while its job
 * hands it to the SMTP server (both read as 'queued': it is not sent yet), then 'sent'; when the
 * send job has failed for good (or was cancelled) it is 'failed'. A failure is read from the job
 * rather than written to the row, so that a manager retrying the job on the jobs page turns the
 * e-mail back to 'queued' with nothing else to undo.
 */
export const emailState = sql<'queued' | 'sent' | 'failed'>`CASE
    WHEN m.state IN ('queued', 'sending') AND EXISTS (
      SELECT 1 FROM jobs j WHERE j.office_id = m.office_id AND j.status IN ('failed', 'cancelled')
        AND j.kind = ${SEND_EMAIL} AND j.dedupe_key = m.id::text
    ) THEN 'failed'
    WHEN m.state = 'sending' THEN 'queued'
    ELSE m.state END`;

/** When a waiting e-mail is tried again, after a try that failed; null before its first try and once it has gone. */
export const nextTryAt = sql<Date | null>`(
    SELECT j.run_at FROM jobs j WHERE j.office_id = m.office_id AND j.status = 'queued' AND j.attempts > 0
      AND j.kind = ${SEND_EMAIL} AND j.dedupe_key = m.id::text
  )`;

/** What an outgoing e-mail's row says of its sending: its state, its problem (sealed) and next try. */
export const sendStatusColumns = [emailState.as('state'), nextTryAt.as('next_try_at'), 'm.send_problem_sealed', 'm.sent_at'] as const;

/** The send state of these outgoing e-mails (those of another module, found by id). */
export function sendStates(tx: OfficeTx, officeId: string, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('messages as m').select(['m.id', ...sendStatusColumns]).where('m.office_id', '=', officeId).where('m.id', 'in', messageIds).where('m.direction', '=', 'out').execute();
}
export type SendStateRow = Awaited<ReturnType<typeof sendStates>>[number];

export function listCaseEmails(tx: OfficeTx, officeId: string, caseId: string) {
  return tx
    .selectFrom('messages as m')
    .select(['m.id', 'm.case_id', 'm.to_addresses', 'm.subject_sealed', 'm.body_sealed', 'm.internet_message_id', 'm.occurred_at', ...sendStatusColumns])
    .where('m.office_id', '=', officeId)
    .where('m.case_id', '=', caseId)
    .where('m.direction', '=', 'out')
    .where('m.channel', '=', 'email')
    .orderBy('m.occurred_at')
    .orderBy('m.id')
    .execute();
}

export function findLetter(tx: OfficeTx, officeId: string, caseId: string, messageId: string) {
  return tx
    .selectFrom('messages as m')
    .innerJoin('attachments as a', (j) => j.onRef('a.office_id', '=', 'm.office_id').onRef('a.message_id', '=', 'm.id'))
    .select(['m.id', 'a.id as attachment_id', 'a.content_sealed', 'a.content_type'])
    .where('m.office_id', '=', officeId)
    .where('m.case_id', '=', caseId)
    .where('m.id', '=', messageId)
    .where('m.channel', '=', 'letter')
    .where('a.content_type', '=', 'application/pdf')
    .executeTakeFirst();
}
