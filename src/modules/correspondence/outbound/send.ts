import type { AppContext } from '../../../context.js';
import { newId } from '../../../db/ids.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { Jobs } from '../../../job-kinds.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { type Actor, recordAudit } from '../../../platform/audit/audit.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { AppError, ErrorCode, notFound } from '../../../platform/errors/errors.js';
import { assertCaseMayBe, caseForMessage, caseReference, recordMessage } from '../../casework/service.js';
import { assertPeopleMayBe, contactPointToUse, undeliverableSince } from '../../people/service.js';
import { statusWords } from '../../../platform/mail/enhanced-status.js';
import { deliveryReportsIn, openDeliveryReports } from '../delivery/views.js';
import { assertMayMarket } from '../../consent/service.js';
import { caseEntry } from '../ingest.js';
import { openMessageTexts, type SealedMessageTexts, sealMessageTexts } from '../sealing.js';
import { render } from './merge.js';
import * as repo from './repo.js';
import type { EmailBody, EmailView, FilledTemplate, SendState } from './schemas.js';
import { usableTemplate } from './templates.js';
import { caseMergeValues } from './values.js';

export type OutboundDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;

/** The case reference in the subject, `[PB-000123]`, so that replies thread back to the case. */
export const withReference = (subject: string, reference: string) => (subject.includes(`[${reference}]`) ? subject : `${subject} [${reference}]`);

/** What a message sent from a case keeps of how it was written: the template and the agency it is about. */
export const templateDetail = (templateId: string | null | undefined, agencyId: string | null | undefined): Record<string, string> => ({
  ...(templateId ? { templateId } : {}),
  ...(agencyId ? { agencyId } : {}),
});

/** The office's from address; e-mail cannot be queued without it (it also names the Message-ID). */
async function fromAddress(tx: OfficeTx, officeId: string): Promise<string> {
  const address = (await repo.findSettings(tx, officeId))?.from_address;
  if (!address) throw new AppError(ErrorCode.Conflict, "The office has no from address for e-mail yet: a manager sets it in the office's correspondence settings. Nothing was sent.");
  return address;
}

/**
 * The one check (platform/access/processing.ts) for what is sent, asked when it is queued and again
 * just before it goes: nobody on the case may be restricted, and the person it is addressed to
 * must be one who may be contacted about casework. A 409 naming the reason otherwise.
 */
export async function assertMaySend(tx: OfficeTx, officeId: string, to: { caseId: string | null; personId: string | null }): Promise<void> {
  if (to.caseId) await assertCaseMayBe(tx, officeId, to.caseId, 'change');
  if (to.personId) await assertPeopleMayBe(tx, officeId, [to.personId], 'contact_casework', { who: 'The person this is addressed to' });
}

/**
 * What an e-mail is, which every caller of `queueEmail` must say: casework (a case's update, an
 * acknowledgement, a message to staff), which consent never stops and which carries no marketing
 * unsubscribe footer; or marketing (a newsletter, a campaign update) for a purpose of the record of
 * processing and optionally a topic of it, sent only to a person with current consent for it.
 */
export type MessageKind = { kind: 'casework' } | { kind: 'marketing'; purposeId: string; topicId?: string | null };

export const casework: MessageKind = { kind: 'casework' };

/** The kind as the message keeps it (messages.detail), so that the send job checks the same thing again. */
const kindDetail = (kind: MessageKind): Record<string, string> =>
  kind.kind === 'marketing' ? { kind: 'marketing', purposeId: kind.purposeId, ...(kind.topicId ? { topicId: kind.topicId } : {}) } : {};

/** The kind a queued message was given; anything but a well-formed marketing kind was queued as casework. */
export function kindOfDetail(detail: Record<string, unknown>): MessageKind {
  if (detail.kind !== 'marketing') return casework;
  if (typeof detail.purposeId !== 'string') throw new Error('A marketing e-mail was queued without its purpose.');
  return { kind: 'marketing', purposeId: detail.purposeId, topicId: typeof detail.topicId === 'string' ? detail.topicId : null };
}

/**
 * The one check for an e-mail of either kind, at queueing and again at sending. Marketing adds the
 * consent ledger and the suppression list (consent's `assertMayMarket`) to what casework asks,
 * and needs the person it is for.
 */
export async function assertMaySendKind(keystore: KeyStore, tx: OfficeTx, officeId: string, to: { caseId: string | null; personId: string | null; address: string }, kind: MessageKind): Promise<void> {
  if (kind.kind === 'casework') return assertMaySend(tx, officeId, to);
  if (to.caseId) await assertCaseMayBe(tx, officeId, to.caseId, 'change');
  if (!to.personId) throw new AppError(ErrorCode.ProcessingRefused, 'A marketing e-mail must be addressed to a person on record, whose consent can be checked. Nothing was sent.');
  await assertMayMarket(keystore, tx, officeId, { personId: to.personId, purposeId: kind.purposeId, topicId: kind.topicId ?? null, address: to.address });
}

interface NewEmail {
  id: string;
  caseId: string | null;
  personId: string | null;
  to: string;
  subject: string;
  text: string;
  /** Who asked; `user` (when a person sends from a case) must be able to see the case. */
  actor: Actor;
  user: SignedInUser | null;
  detail: Record<string, string>;
}

/**
 * The one way an e-mail is queued: the message (queued, with its Message-ID fixed now so that a
 * resend after a crash carries the same one), its place on the case timeline, the audit entry and
 * the send job, all in the caller's transaction.
 */
async function writeQueuedEmail(keystore: KeyStore, jobs: Jobs, tx: OfficeTx, officeId: string, email: NewEmail, sealed: SealedMessageTexts) {
  const from = await fromAddress(tx, officeId);
  const now = new Date();
  const internetMessageId = `${email.id}@${from.slice(from.lastIndexOf('@') + 1)}`;
  await repo.insertMessage(tx, {
    office_id: officeId,
    id: email.id,
    direction: 'out',
    channel: 'email',
    state: 'queued',
    person_id: email.personId,
    case_id: email.caseId,
    internet_message_id: internetMessageId,
    to_addresses: [email.to],
    ...sealed,
    occurred_at: now,
    created_by: email.actor.userId,
    detail: JSON.stringify(email.detail),
  });
  if (email.caseId) {
    const entry = caseEntry(email.caseId, email.id, email.actor.userId, { subject: email.subject, text: email.text, occurredAt: now, channel: 'email', direction: 'out' });
    await recordMessage(keystore, tx, officeId, email.user, entry);
  }
  await recordAudit(tx, officeId, email.actor, { action: 'message.email_queued', recordType: 'message', recordIds: email.caseId ? [email.id, email.caseId] : [email.id] });
  await jobs.enqueue(tx, { kind: repo.SEND_EMAIL, officeId, payload: { messageId: email.id }, dedupeKey: email.id });
  return { internetMessageId, queuedAt: now };
}

/**
 * Queues an e-mail inside the caller's own transaction (the contact form's acknowledgement, ...):
 * it is sent by the job runner once that transaction commits, and never if it rolls back. Its
 * kind is required: marketing is checked against consent now and again when it is sent. The
 * subject gets the case reference when there is a case. Throws a 409 AppError when the office has
 * no from address. Sealing reaches the key store (another database) from inside the transaction.
 */
export async function queueEmail(
  keystore: KeyStore,
  jobs: Jobs,
  tx: OfficeTx,
  officeId: string,
  actorUserId: string | null,
  email: { caseId: string | null; personId: string | null; to: string; subject: string; text: string; kind: MessageKind; /** An HTML part beside the text (a newsletter's), already sanitised. */ html?: string },
): Promise<{ messageId: string }> {
  const id = newId();
  let subject = email.subject;
  if (email.caseId) {
    const reference = await caseReference(tx, officeId, email.caseId);
    if (!reference) throw notFound('case');
    subject = withReference(subject, reference);
  }
  await assertMaySendKind(keystore, tx, officeId, { ...email, address: email.to }, email.kind);
  const sealed = await sealMessageTexts(keystore, officeId, id, { subject, body: email.text, html: email.html ?? null, counterpartAddress: email.to, counterpartName: null });
  await writeQueuedEmail(keystore, jobs, tx, officeId, { ...email, id, subject, actor: { userId: actorUserId, sessionId: null }, user: null, detail: kindDetail(email.kind) }, sealed);
  return { messageId: id };
}

/**
 * Stops an e-mail queued by `queueEmail` that is no longer wanted (an invitation replaced by a
 * newer one), in the caller's transaction: its send job is cancelled if it has not gone, so that
 * neither a retry nor the office setting its SMTP server later sends it.
 */
export async function withdrawEmail(jobs: Jobs, tx: OfficeTx, officeId: string, messageId: string): Promise<void> {
  await jobs.cancel(tx, { kind: repo.SEND_EMAIL, officeId, dedupeKey: messageId });
}

/** The send state of e-mails queued by `queueEmail`, read in the caller's transaction; open the problems with `openSendStates` after it. */
export function sendStatesIn(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<repo.SendStateRow[]> {
  return repo.sendStates(tx, officeId, messageIds);
}

/** The states read by `sendStatesIn`, with why each has not gone opened (sealed: it may quote the address), by message id. */
export async function openSendStates(keystore: KeyStore, officeId: string, rows: readonly repo.SendStateRow[]): Promise<Map<string, SendState>> {
  const texts = await openMessageTexts(keystore, officeId, rows);
  return new Map(rows.map((r, i) => [r.id, { state: r.state, sentAt: r.sent_at, sendProblem: texts[i]!.sendProblem, nextTryAt: r.next_try_at }]));
}

/**
 * A template filled in for this case (and the agency it is about), as the draft the caseworker
 * reads and edits before sending: a field with no value here is a 409 naming it, as at sending.
 */
export async function fillTemplate(deps: OutboundDeps, user: SignedInUser, caseId: string, templateId: string, agencyId: string | undefined): Promise<FilledTemplate> {
  const { officeId } = user;
  const { template, values } = await withOffice(deps.db, officeId, async (tx) => {
    const found = await caseForMessage(tx, user, caseId);
    if (!found) throw notFound('case');
    const template = await repo.findTemplate(tx, officeId, templateId);
    if (!template) throw notFound('template');
    return { template: await usableTemplate(tx, officeId, templateId, template.channel), ...(await caseMergeValues(tx, officeId, found, agencyId)) };
  });
  return { templateId: template.id, channel: template.channel, ...render({ subject: template.subject, body: template.body }, values) };
}

/** Sending a saved draft (drafts.ts): the template it was filled from goes on the message, and the draft goes in the message's own transaction. */
export interface FromDraft {
  templateId: string | null;
  /** Deletes the draft, refusing one saved over meanwhile; given the message it became. */
  remove: (tx: OfficeTx, messageId: string) => Promise<void>;
}

/** An e-mail from a case, written or from a template, to the lead constituent or the address given. */
export async function sendCaseEmail(deps: OutboundDeps, user: SignedInUser, caseId: string, body: EmailBody, fromDraft?: FromDraft): Promise<EmailView> {
  const { officeId } = user;
  const prepared = await withOffice(deps.db, officeId, async (tx) => {
    const found = await caseForMessage(tx, user, caseId);
    if (!found) throw notFound('case');
    await fromAddress(tx, officeId);
    const template = body.templateId ? await usableTemplate(tx, officeId, body.templateId, 'email') : undefined;
    const { values } = await caseMergeValues(tx, officeId, found, body.agencyId);
    const preferred = (await contactPointToUse(tx, officeId, found.person_id, 'email'))?.value;
    const to = body.to ?? preferred;
    // The lead constituent's message only when it goes to their own address.
    const personId = to !== undefined && to === preferred ? found.person_id : null;
    await assertMaySend(tx, officeId, { caseId, personId });
    return { found, template, values, personId, to, bounced: to === undefined ? undefined : await undeliverableSince(tx, officeId, to) };
  });
  const { found, template, values, personId, to, bounced } = prepared;
  if (!to) {
    throw new AppError(ErrorCode.Conflict, 'The constituent has no e-mail address on record: add one to their record, or give the address to send to ("to"). Nothing was sent.');
  }
  const rendered = render(template ? { subject: template.subject, body: template.body } : { subject: body.subject!, body: body.body! }, values);
  const id = newId();
  const subject = withReference(rendered.subject, found.reference);
  const sealed = await sealMessageTexts(deps.keystore, officeId, id, { subject, body: rendered.body, html: null, counterpartAddress: to, counterpartName: null });
  const email: NewEmail = {
    id,
    caseId,
    personId,
    to,
    subject,
    text: rendered.body,
    actor: user,
    user,
    detail: templateDetail(template?.id ?? fromDraft?.templateId, body.agencyId),
  };
  const queued = await withOffice(deps.db, officeId, async (tx) => {
    await fromDraft?.remove(tx, id);
    return writeQueuedEmail(deps.keystore, deps.jobs, tx, officeId, email, sealed);
  });
  return { id, caseId, to, subject, body: rendered.body, state: 'queued', sentAt: null, sendProblem: null, nextTryAt: null, ...queued, delivery: [], warning: bounced ? bouncedWarning(to, bounced) : null };
}

/** Casework still writes to an address that bounced for good (the person may have fixed their mailbox), and says so. */
function bouncedWarning(to: string, bounced: { at: Date; status: string | null }): string {
  const why = bounced.status ? ` (${statusWords(bounced.status)}, ${bounced.status})` : '';
  return `${to} has not taken mail since ${bounced.at.toISOString().slice(0, 10)}${why}: the e-mail was queued, but it may not arrive. Check the address with the constituent.`;
}

/** The e-mails sent (or waiting to be sent) from a case, oldest first. */
export async function listCaseEmails(deps: OutboundDeps, user: SignedInUser, caseId: string): Promise<{ emails: EmailView[] }> {
  const { officeId } = user;
  const { rows, reports } = await withOffice(deps.db, officeId, async (tx) => {
    if (!(await caseForMessage(tx, user, caseId))) throw notFound('case');
    await assertCaseMayBe(tx, officeId, caseId, 'read', user);
    const rows = await repo.listCaseEmails(tx, officeId, caseId);
    return { rows, reports: await deliveryReportsIn(tx, officeId, rows.map((r) => r.id)) };
  });
  const texts = await openMessageTexts(deps.keystore, officeId, rows);
  const delivery = await openDeliveryReports(deps.keystore, officeId, rows.map((r) => r.id), reports);
  return {
    emails: rows.map((r, i) => ({
      id: r.id,
      caseId: r.case_id,
      to: r.to_addresses.join(', '),
      subject: texts[i]!.subject ?? '',
      body: texts[i]!.body ?? '',
      state: r.state,
      internetMessageId: r.internet_message_id!,
      queuedAt: r.occurred_at,
      sentAt: r.sent_at,
      sendProblem: texts[i]!.sendProblem,
      nextTryAt: r.next_try_at,
      delivery: delivery.get(r.id) ?? [],
    })),
  };
}
