import { assertCan, can, type SignedInUser } from '../../platform/access/access.js';
import { mayProcess } from '../../platform/access/processing.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import { assertCaseMayBe, auditSpecialCategoryCases, casesSeenBy, casesWithheldFrom, createCase, recordMessage, seeCase } from '../casework/service.js';
import { findStaff } from '../offices/service.js';
import { assertPeopleMayBe, standingsOf } from '../people/service.js';
import { baseName } from './attachments.js';
import * as campaigns from './campaigns/repo.js';
import { parseEmail } from './email/parse.js';
import type { MessageFlag } from './flags.js';
import { inlineImageHashes, sanitiseEmailHtml } from './html.js';
import { caseEntry, type CorrespondenceDeps } from './ingest.js';
import * as repo from './repo.js';
import type { AttachedMessage, InboxQuery, MessageDetail, MessageSummary, TriageBody } from './schemas.js';
import { messageField, openMessageTexts } from './sealing.js';
import { messageSummary } from './views.js';
import { deliveryReportsIn, openDeliveryReports } from './delivery/views.js';

/**
 * Unassigned and assigned incoming messages waiting for triage, newest first, each with the first
 * line of its text. One the user may not read (on a case they cannot see, or a restricted person's
 * to anyone but the data protection lead) is listed withheld, so the count and pages stay true;
 * its body is neither read from the database (a case hidden from them) nor opened.
 */
export async function listInbox(deps: CorrespondenceDeps, user: SignedInUser, query: InboxQuery) {
  const { officeId } = user;
  const assignee = query.assignee === 'me' ? user.userId : query.assignee;
  const { rows, shown, groups, count } = await withOffice(deps.db, officeId, async (tx) => {
    const page = await repo.inboxPage(tx, officeId, await casesSeenBy(tx, user), { before: query.before, assignee, limit: query.limit });
    const seen = page.filter((m) => m.case_seen);
    const withheldCases = await casesWithheldFrom(tx, user, seen.flatMap((m) => m.case_id ?? []));
    const senders = await standingsOf(tx, officeId, seen.flatMap((m) => m.person_id ?? []));
    const mayRead = (m: (typeof page)[number]) => {
      const sender = m.person_id ? senders.get(m.person_id) : undefined;
      return m.case_seen && !(m.case_id && withheldCases.has(m.case_id)) && !(sender && !mayProcess(sender, 'read', user).allowed);
    };
    const shown = page.filter(mayRead);
    // What they say is their case's business: an answer to a closed case (suggested) or one that came in on a case.
    await auditSpecialCategoryCases(tx, user, shown.flatMap((m) => [suggestedCaseOf(m), m.case_id].filter((id): id is string => !!id)));
    const groups = await campaigns.groupSizes(tx, officeId, page.flatMap((m) => m.campaign_group_id ?? []));
    return { rows: page, shown, groups, count: page[0] ? Number(page[0].inbox_count) : await repo.inboxCount(tx, officeId) };
  }, { genericPlans: true });
  const texts = await openMessageTexts(deps.keystore, officeId, shown);
  const opened = new Map(shown.map((row, i) => [row.id, texts[i]!]));
  return {
    messages: rows.map((row) => ({ ...messageSummary(row, opened.get(row.id) ?? null), campaign: campaignOf(row.campaign_group_id, groups) })),
    total: Math.min(count, repo.INBOX_COUNT_CAP),
    totalIsLowerBound: count > repo.INBOX_COUNT_CAP,
    next: rows.length === query.limit ? rows.at(-1)!.id : null,
  };
}

/** At most this many of a person's messages are listed on their page, newest first. */
export const PERSON_MESSAGES = 50;

/**
 * What a person and the office wrote to each other, newest first (an e-mail sent to them, a
 * campaign reply included, is on their record so). A message on a case the user may not see is
 * listed withheld; a restricted person's are not listed to anyone but the data protection lead.
 */
export async function listPersonMessages(deps: CorrespondenceDeps, user: SignedInUser, personId: string) {
  assertCan(user, 'cases:read');
  const { officeId } = user;
  const { rows, shown } = await withOffice(deps.db, officeId, async (tx) => {
    await assertPeopleMayBe(tx, officeId, [personId], 'read', { reader: user, who: 'This person' });
    const rows = await repo.personMessages(tx, officeId, await casesSeenBy(tx, user), personId, PERSON_MESSAGES);
    const seen = rows.filter((m) => m.case_seen);
    const withheldCases = await casesWithheldFrom(tx, user, seen.flatMap((m) => m.case_id ?? []));
    const shown = seen.filter((m) => !(m.case_id && withheldCases.has(m.case_id)));
    await auditSpecialCategoryCases(tx, user, shown.flatMap((m) => m.case_id ?? []));
    return { rows, shown };
  });
  const texts = await openMessageTexts(deps.keystore, officeId, shown);
  const opened = new Map(shown.map((row, i) => [row.id, texts[i]!]));
  return { messages: rows.map((row) => ({ ...messageSummary(row, opened.get(row.id) ?? null), campaign: null })) };
}

/** A group of one is no campaign: its message is listed as itself. */
function campaignOf(groupId: string | null, sizes: ReadonlyMap<string, number>): MessageSummary['campaign'] {
  const count = groupId ? (sizes.get(groupId) ?? 0) : 0;
  return groupId && count >= 2 ? { id: groupId, count } : null;
}

const suggestedCaseOf = (message: { detail: unknown }) => (message.detail as { suggestedCaseId?: string }).suggestedCaseId;

/**
 * A message in full. One on a case is shown only to those who may see the case; one in the inbox
 * to anyone who works the inbox. Every read is audited: what people write is often special
 * category data.
 */
export async function getMessage(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, showRemoteImages: boolean): Promise<MessageDetail> {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findMessage(tx, officeId, messageId);
    const access = row && (await readAccess(tx, user, row.case_id));
    if (!row || !access) return undefined;
    await assertMayRead(tx, user, row);
    await recordAudit(tx, officeId, user, { action: 'message.read', recordType: 'message', recordIds: [messageId] });
    const groupId = await campaigns.groupOfMessage(tx, officeId, messageId);
    const groups = await campaigns.groupSizes(tx, officeId, groupId ? [groupId] : []);
    const delivery = row.direction === 'out' ? await deliveryReportsIn(tx, officeId, [messageId]) : [];
    return { row, onCase: access.case, attachments: await repo.listAttachments(tx, officeId, messageId), campaign: campaignOf(groupId ?? null, groups), delivery };
  });
  if (!found) throw notFound('message');
  const { row, onCase, attachments, campaign } = found;
  const delivery = await openDeliveryReports(deps.keystore, officeId, [messageId], found.delivery);
  const [texts] = await openMessageTexts(deps.keystore, officeId, [row]);
  const names = await deps.keystore.decryptMany(officeId, 'message', attachments.map((a) => ({ ownerId: messageId, field: messageField.attachmentName(a.id), ciphertext: a.filename_sealed })));
  const html = texts!.html === null ? null : await formatted(deps, officeId, messageId, texts!.html, attachments, showRemoteImages);
  const detail = row.detail as { withheldFiles?: MessageDetail['withheldFiles']; charsetProblem?: boolean; suggestedCaseId?: string; flags?: MessageFlag[] };
  return {
    ...messageSummary(row, texts!),
    campaign,
    text: texts!.body ?? '',
    html: html?.html ?? null,
    remoteImagesBlocked: html?.remoteImagesBlocked ?? 0,
    inlineImagesHidden: html?.inlineImagesHidden ?? 0,
    to: row.to_addresses,
    case: onCase,
    suggestedCaseId: detail.suggestedCaseId ?? null,
    attachments: attachments.map((a, i) => ({ id: a.id, filename: names[i]!, contentType: a.content_type, sizeBytes: a.size_bytes })),
    withheldFiles: detail.withheldFiles ?? [],
    charsetProblem: detail.charsetProblem ?? false,
    flags: detail.flags ?? [],
    sentAt: row.sent_at,
    sendProblem: texts!.sendProblem,
    nextTryAt: row.next_try_at,
    delivery: delivery.get(messageId) ?? [],
  };
}

/** The sanitised HTML; its inline images are opened (only those it shows) when images are to be shown. */
async function formatted(deps: CorrespondenceDeps, officeId: string, messageId: string, html: string, attachments: readonly repo.AttachmentRow[], showImages: boolean) {
  const wanted = new Set(inlineImageHashes(html));
  const images = attachments.filter((a) => a.content_type.startsWith('image/') && wanted.has(a.sha256));
  const sealed = showImages && images.length ? await withOffice(deps.db, officeId, (tx) => repo.attachmentContents(tx, officeId, messageId, images.map((a) => a.id))) : [];
  const contents = await deps.keystore.decryptManyBytes(officeId, 'message', images.flatMap((a, i) => (sealed[i] ? [{ ownerId: messageId, field: messageField.attachmentContent(a.id), ciphertext: sealed[i] }] : [])));
  const inline = new Map(images.map((a, i) => [a.sha256, showImages ? `data:${a.content_type};base64,${contents[i]!.toString('base64')}` : null]));
  return sanitiseEmailHtml(html, { images: showImages, inline });
}

/** An attachment's file, for download: the same rule as reading its message. `accept` refuses one of the wrong type before it is read. */
export async function getAttachment(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, attachmentId: string, accept?: (contentType: string) => void) {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const message = await repo.messageCase(tx, officeId, messageId);
    if (!message || !(await readAccess(tx, user, message.case_id))) return undefined;
    await assertMayRead(tx, user, message);
    const file = await repo.findAttachment(tx, officeId, messageId, attachmentId);
    if (file) accept?.(file.content_type);
    if (file) await recordAudit(tx, officeId, user, { action: 'attachment.read', recordType: 'attachment', recordIds: [attachmentId, messageId] });
    return file;
  });
  if (!found) throw notFound('attachment');
  const [filename] = await deps.keystore.decryptMany(officeId, 'message', [{ ownerId: messageId, field: messageField.attachmentName(attachmentId), ciphertext: found.filename_sealed }]);
  const [content] = await deps.keystore.decryptManyBytes(officeId, 'message', [{ ownerId: messageId, field: messageField.attachmentContent(attachmentId), ciphertext: found.content_sealed }]);
  return { filename: filename!, contentType: found.content_type, content: content! };
}

/** An e-mail attached to a message (message/rfc822), as Postbag reads e-mail: who, when, its text and its files' names. */
export async function readAttachedMessage(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, attachmentId: string): Promise<AttachedMessage> {
  const file = await getAttachment(deps, user, messageId, attachmentId, (contentType) => {
    if (contentType !== 'message/rfc822') throw new AppError(ErrorCode.BadRequest, 'This file is not an e-mail, so it cannot be read here: download it instead.');
  });
  const parsed = await parseEmail(file.content);
  if (!parsed.ok) throw new AppError(ErrorCode.BadRequest, `The attached e-mail cannot be read: ${parsed.reason} Download it instead.`);
  const { email } = parsed;
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    date: email.date,
    text: email.text,
    files: email.attachments.map((a) => ({ filename: baseName(a.filename), contentType: a.contentType, sizeBytes: a.content.length })),
    flags: email.flags,
  };
}

/**
 * Whether the user may read a message: one on a case if they may see the case (its reference
 * returned), one in the inbox if they work the inbox.
 */
async function readAccess(tx: OfficeTx, user: SignedInUser, caseId: string | null): Promise<{ case: { id: string; reference: string } | null } | undefined> {
  if (caseId === null) return can(user, 'inbox:read') ? { case: null } : undefined;
  const onCase = await seeCase(tx, user, caseId);
  return onCase && { case: onCase };
}

/** The read rule of the one check for a message (and its files): the constituents of the case it is filed on, and its sender. */
async function assertMayRead(tx: OfficeTx, user: SignedInUser, message: { case_id: string | null; person_id: string | null }): Promise<void> {
  if (message.case_id) await assertCaseMayBe(tx, user.officeId, message.case_id, 'read', user);
  if (message.person_id) await assertPeopleMayBe(tx, user.officeId, [message.person_id], 'read', { reader: user, who: 'The person who sent this message' });
}

/**
 * Works an inbox message: files it on a new case or on an existing case the user may see, or
 * archives it. One that came in on a case already (threaded, or from the contact form) is filed
 * on that case, where its timeline entry is already, or archived; never moved to another.
 */
export async function triageMessage(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, body: TriageBody): Promise<MessageDetail> {
  assertCan(user, 'cases:write');
  const { officeId } = user;
  const fileOn = async (tx: OfficeTx, caseId: string) => {
    const message = await lockInboxMessage(tx, user, messageId);
    if (message.case_id !== null && message.case_id !== caseId) throw onCaseAlready();
    if (message.case_id === null) {
      const [texts] = await openMessageTexts(deps.keystore, officeId, [message]);
      const entry = caseEntry(caseId, messageId, message.direction === 'in' ? null : message.created_by, { ...message, subject: texts!.subject, text: texts!.body ?? '', occurredAt: message.occurred_at });
      await recordMessage(deps.keystore, tx, officeId, user, entry);
    }
    // After recordMessage has said "not found" for a case the user may not see; the transaction undoes its entry.
    await assertCaseMayBe(tx, officeId, caseId, 'change');
    if (message.person_id) await assertPeopleMayBe(tx, officeId, [message.person_id], 'change', { who: 'The person who sent this message' });
    await repo.updateMessage(tx, officeId, messageId, { state: 'filed', case_id: caseId });
    await recordAudit(tx, officeId, user, { action: 'message.filed', recordType: 'message', recordIds: [messageId, caseId] });
  };
  if (body.action === 'new_case') {
    const constituentIds = await constituentsOfNewCase(deps, user, messageId, body.constituentIds);
    await createCase(deps, user, { constituentIds, summary: body.summary, topicIds: body.topicIds, agencies: [], ownerId: body.ownerId, sensitive: false }, (tx, caseId) =>
      fileOn(tx, caseId),
    );
  } else if (body.action === 'file') {
    await withOffice(deps.db, officeId, (tx) => fileOn(tx, body.caseId));
  } else {
    await withOffice(deps.db, officeId, async (tx) => {
      await lockInboxMessage(tx, user, messageId);
      await repo.updateMessage(tx, officeId, messageId, { state: 'archived' });
      await recordAudit(tx, officeId, user, { action: 'message.archived', recordType: 'message', recordIds: [messageId] });
    });
  }
  return getMessage(deps, user, messageId, false);
}

const onCaseAlready = () => new AppError(ErrorCode.Conflict, 'This message came in on a case already: mark it as dealt with on that case, or archive it.');

/** Gives an inbox message to a colleague who works the inbox (or to nobody). */
export async function assignMessage(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, assigneeId: string | null): Promise<MessageDetail> {
  assertCan(user, 'cases:write');
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    await lockInboxMessage(tx, user, messageId);
    if (assigneeId) {
      const assignee = await findStaff(tx, officeId, assigneeId);
      if (!assignee || !can(assignee, 'cases:write')) {
        throw new AppError(ErrorCode.ValidationFailed, 'The message can only be given to a colleague who works cases.', [{ path: 'body.assigneeId', message: 'must be a caseworker, manager or the member' }]);
      }
    }
    await repo.updateMessage(tx, officeId, messageId, { assignee_user_id: assigneeId });
    await recordAudit(tx, officeId, user, { action: 'message.assigned', recordType: 'message', recordIds: assigneeId ? [messageId, assigneeId] : [messageId] });
  });
  return getMessage(deps, user, messageId, false);
}

/** The inbox message, locked, if the user may read it (one on a case they cannot see is "not found"). */
async function lockInboxMessage(tx: OfficeTx, user: SignedInUser, messageId: string) {
  const message = await repo.lockMessage(tx, user.officeId, messageId);
  if (!message || !(await readAccess(tx, user, message.case_id))) throw notFound('message');
  if (message.state !== 'inbox') {
    throw new AppError(ErrorCode.Conflict, `This message is no longer in the inbox (it is ${message.state === 'filed' ? 'filed on a case' : message.state}); reload to see where it went.`);
  }
  return message;
}

/** A new case's constituents: those chosen, else the message's sender. A message on a case already stays there. */
async function constituentsOfNewCase(deps: CorrespondenceDeps, user: SignedInUser, messageId: string, chosen: string[] | undefined): Promise<string[]> {
  const message = await withOffice(deps.db, user.officeId, async (tx) => {
    const row = await repo.messageCase(tx, user.officeId, messageId);
    return row && (await readAccess(tx, user, row.case_id)) ? row : undefined;
  });
  if (!message) throw notFound('message');
  // One already worked is refused by its lock, saying where it went.
  if (message.case_id && message.state === 'inbox') throw onCaseAlready();
  if (chosen) return chosen;
  if (!message.person_id) {
    throw new AppError(ErrorCode.ValidationFailed, 'Postbag does not know who this message is from: choose the constituent (or add them) first.', [
      { path: 'body.constituentIds', message: 'must name the constituent, as the sender is not matched to a person' },
    ]);
  }
  return [message.person_id];
}
