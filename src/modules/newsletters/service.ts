import type { AppContext } from '../../context.js';
import { newId } from '../../db/ids.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import { assertCan, type SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { staffAccounts } from '../../platform/auth/service.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { AppError, ErrorCode, notFound, validationFailed } from '../../platform/errors/errors.js';
import { consentStates, listTopicsIn, suppressedAmong, withdrawnSince } from '../consent/service.js';
import { bouncedAmong, officeMergeContext, personValues, queueEmail, sendStateCounts } from '../correspondence/service.js';
import { audienceStandings, emailsToUse, namesOf, splitPostcodeAreas } from '../people/service.js';
import { purposeIn } from '../processing/service.js';
import { mailingContent, type RenderedMessage, renderFor } from './content.js';
import * as repo from './repo.js';
import type { LeftOutReason, MailingBody, MailingList, MailingPreview, MailingReport, MailingView, NewsletterSettings, TestSend } from './schemas.js';

export type NewslettersDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;

/**
 * Newsletters and campaign updates (issue 13): a mailing is written, previewed (who would get it
 * and, by count only, who would not and why), tried out on its writer, and sent once. Its audience
 * is computed when it is sent, never ahead: consent for its purpose (and topic) now, and the one
 * check's standing, each module's part of one statement; then fixed as its recipients, one row
 * and one message per person, queued at the office's rate by the job in jobs.ts through the one
 * send path as marketing for its purpose, which checks each person again as it goes.
 */

/** A sensible rate for an office's own mail server: Microsoft 365 allows 30 a minute, most hosts far more. */
export const DEFAULT_MESSAGES_PER_MINUTE = 120;

// ---- sealing: a mailing's words, under a message key of the mailing's own id ----

const field = { subject: 'newsletter.subject', html: 'newsletter.html', text: 'newsletter.text' } as const;

async function seal(keystore: KeyStore, officeId: string, mailingId: string, content: RenderedMessage) {
  const [subject_sealed, html_sealed, text_sealed] = await Promise.all([
    keystore.encryptField(officeId, 'message', mailingId, field.subject, content.subject),
    keystore.encryptField(officeId, 'message', mailingId, field.html, content.html),
    keystore.encryptField(officeId, 'message', mailingId, field.text, content.text),
  ]);
  return { subject_sealed, html_sealed, text_sealed };
}

export async function openContent(keystore: KeyStore, officeId: string, row: Pick<repo.MailingRow, 'id' | 'subject_sealed' | 'html_sealed' | 'text_sealed'>): Promise<RenderedMessage> {
  const [subject, html, text] = await Promise.all([
    keystore.decryptField(officeId, 'message', row.id, field.subject, row.subject_sealed),
    keystore.decryptField(officeId, 'message', row.id, field.html, row.html_sealed),
    keystore.decryptField(officeId, 'message', row.id, field.text, row.text_sealed),
  ]);
  return { subject, html, text };
}

// ---- writing ----

/**
 * The purpose (of the record of processing, needing consent, not retired) and topic (of that
 * purpose, not retired) a mailing is for, with their names; a 400 naming the field otherwise.
 * `written: true` reads what a mailing already has (sent before its purpose was retired).
 */
async function audienceChoice(tx: OfficeTx, officeId: string, purposeId: string, topicId: string | null, written = false) {
  const purpose = await purposeIn(tx, officeId, purposeId);
  const problem = (path: string, message: string) => validationFailed([{ path, message }]);
  if (!purpose) throw problem('body.purposeId', "must be a purpose in the office's record of processing");
  if (!written && purpose.retired) throw problem('body.purposeId', `is "${purpose.name}", which is retired: choose a current purpose`);
  if (!written && !purpose.consentRequired) throw problem('body.purposeId', `is "${purpose.name}", which does not rest on consent: newsletters go only for a purpose people consent to`);
  let topic: { id: string; name: string } | null = null;
  if (topicId !== null) {
    const found = (await listTopicsIn(tx, officeId)).find((t) => t.id === topicId);
    if (!found) throw problem('body.topicId', 'must be one of the office\'s subscription topics');
    if (found.purposeId !== purposeId) throw problem('body.topicId', `is "${found.name}", a topic of another purpose`);
    if (!written && found.retiredAt) throw problem('body.topicId', `is "${found.name}", which is retired`);
    topic = { id: found.id, name: found.name };
  }
  return { purpose: { id: purpose.id, name: purpose.name }, topic };
}

async function view(deps: NewslettersDeps, tx: OfficeTx, officeId: string, row: repo.MailingRow, content?: RenderedMessage): Promise<MailingView> {
  const { purpose, topic } = await audienceChoice(tx, officeId, row.purpose_id, row.topic_id, true);
  const texts = content ?? (await openContent(deps.keystore, officeId, row));
  return {
    id: row.id,
    ...texts,
    purpose,
    topic,
    postcodeAreas: row.postcode_areas,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sendStartedAt: row.send_started_at,
    queuedAt: row.queued_at,
  };
}

export async function createMailing(deps: NewslettersDeps, user: SignedInUser, body: MailingBody): Promise<MailingView> {
  assertCan(user, 'outreach:send');
  const { officeId } = user;
  const content = mailingContent(body.subject, body.html);
  const id = newId();
  const sealed = await seal(deps.keystore, officeId, id, content);
  return withOffice(deps.db, officeId, async (tx) => {
    await audienceChoice(tx, officeId, body.purposeId, body.topicId);
    const row = await repo.insertMailing(tx, {
      office_id: officeId,
      id,
      purpose_id: body.purposeId,
      topic_id: body.topicId,
      postcode_areas: body.postcodeAreas,
      ...sealed,
      created_by: user.userId,
    });
    await recordAudit(tx, officeId, user, { action: 'mailing.created', recordType: 'newsletter_mailing', recordIds: [id] });
    return view(deps, tx, officeId, row, content);
  });
}

const alreadySent = (row: Pick<repo.MailingRow, 'send_started_at'>) =>
  new AppError(ErrorCode.Conflict, `This mailing was sent on ${row.send_started_at!.toISOString()}: a mailing is sent once, and what was sent is not changed. Nothing was changed or sent; copy it into a new mailing to send it again.`);

/** A draft is rewritten whole; one that was sent is kept as it went. */
export async function updateMailing(deps: NewslettersDeps, user: SignedInUser, mailingId: string, body: MailingBody): Promise<MailingView> {
  assertCan(user, 'outreach:send');
  const { officeId } = user;
  const content = mailingContent(body.subject, body.html);
  const sealed = await seal(deps.keystore, officeId, mailingId, content);
  return withOffice(deps.db, officeId, async (tx) => {
    const found = await repo.lockMailing(tx, officeId, mailingId);
    if (!found) throw notFound('mailing');
    if (found.state !== 'draft') throw alreadySent(found);
    await audienceChoice(tx, officeId, body.purposeId, body.topicId);
    await repo.updateMailing(tx, officeId, mailingId, { purpose_id: body.purposeId, topic_id: body.topicId, postcode_areas: body.postcodeAreas, ...sealed });
    await recordAudit(tx, officeId, user, { action: 'mailing.updated', recordType: 'newsletter_mailing', recordIds: [mailingId] });
    return view(deps, tx, officeId, (await repo.findMailing(tx, officeId, mailingId))!, content);
  });
}

export async function getMailing(deps: NewslettersDeps, user: SignedInUser, mailingId: string): Promise<MailingView> {
  assertCan(user, 'outreach:read');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findMailing(tx, officeId, mailingId);
    if (!row) throw notFound('mailing');
    return view(deps, tx, officeId, row);
  });
}

export async function listMailings(deps: NewslettersDeps, user: SignedInUser): Promise<MailingList> {
  assertCan(user, 'outreach:read');
  const { officeId } = user;
  const { rows, purposes } = await withOffice(deps.db, officeId, async (tx) => {
    const rows = await repo.listMailings(tx, officeId);
    const purposes = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.purpose_id))) purposes.set(id, (await purposeIn(tx, officeId, id))!.name);
    return { rows, purposes };
  });
  const subjects = await Promise.all(rows.map((r) => deps.keystore.decryptField(officeId, 'message', r.id, field.subject, r.subject_sealed)));
  return {
    mailings: rows.map((r, i) => ({
      id: r.id,
      subject: subjects[i]!,
      purpose: purposes.get(r.purpose_id)!,
      state: r.state,
      createdAt: r.created_at,
      sendStartedAt: r.send_started_at,
      recipients: r.state === 'draft' ? null : Number(r.recipients ?? 0),
    })),
  };
}

// ---- the audience ----

interface Audience {
  /** Who would get it now, in key order, with the address it would go to. */
  recipients: { personId: string; to: string }[];
  leftOut: Record<LeftOutReason, number>;
}

/**
 * The audience now, in one statement of each module's part (consent's ledger for the purpose and
 * topic, people's standing, address and postcode areas), then the addresses' keyed hashes checked
 * against the suppression list in one more (the key is the key store's, so the database cannot
 * hash them itself).
 */
async function audienceOf(deps: Pick<NewslettersDeps, 'keystore'>, tx: OfficeTx, officeId: string, mailing: Pick<repo.MailingRow, 'purpose_id' | 'topic_id' | 'postcode_areas'>): Promise<Audience> {
  const { counts, eligible } = await repo.audience(
    tx,
    consentStates(tx, officeId, { purposeId: mailing.purpose_id, topicId: mailing.topic_id }),
    audienceStandings(tx, officeId, splitPostcodeAreas(mailing.postcode_areas)),
  );
  const leftOut: Record<LeftOutReason, number> = { withdrawn: 0, objected: 0, restricted: 0, deceased: 0, do_not_contact: 0, no_email: 0, suppressed: 0 };
  for (const [reason, n] of counts) if (reason !== 'eligible') leftOut[reason] = n;
  const suppressed = await suppressedAmong(deps.keystore, tx, officeId, eligible.map((e) => e.to));
  const recipients = eligible.filter((e) => !suppressed.has(e.to));
  leftOut.suppressed = eligible.length - recipients.length;
  return { recipients, leftOut };
}

/** Merge values for a batch of recipients: each person's names with the office's and member's. */
async function valuesFor(tx: OfficeTx, officeId: string, personIds: readonly string[]) {
  const context = await officeMergeContext(tx, officeId);
  const people = await namesOf(tx, officeId, personIds);
  return new Map(people.map((p) => [p.id, personValues(p, context)]));
}

/** Who would get it if it were sent now, who would not and why (counts only), and how it reads for the first. */
export async function previewMailing(deps: NewslettersDeps, user: SignedInUser, mailingId: string): Promise<MailingPreview> {
  assertCan(user, 'outreach:send');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findMailing(tx, officeId, mailingId);
    if (!row) throw notFound('mailing');
    const { recipients, leftOut } = await audienceOf(deps, tx, officeId, row);
    const first = recipients[0];
    let example: MailingPreview['example'] = null;
    if (first) {
      const content = await openContent(deps.keystore, officeId, row);
      example = { to: first.to, ...renderFor(content, (await valuesFor(tx, officeId, [first.personId])).get(first.personId)!) };
    }
    return { recipients: recipients.length, leftOut, example };
  });
}

/** The mailing to the member of staff's own address, marked as a test: not to anyone on the list, and not in its report. */
export async function sendTest(deps: NewslettersDeps, user: SignedInUser, mailingId: string): Promise<TestSend> {
  assertCan(user, 'outreach:send');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findMailing(tx, officeId, mailingId);
    if (!row) throw notFound('mailing');
    const me = (await staffAccounts(tx, officeId)).find((a) => a.id === user.userId)!;
    const [given = me.name, ...family] = me.name.split(' ');
    const content = renderFor(await openContent(deps.keystore, officeId, row), personValues({ title: null, given_name: given, family_name: family.join(' ') }, await officeMergeContext(tx, officeId)));
    const { messageId } = await queueEmail(deps.keystore, deps.jobs, tx, officeId, user.userId, {
      caseId: null,
      personId: null,
      to: me.email,
      subject: `[Test] ${content.subject}`,
      text: content.text,
      html: content.html,
      kind: { kind: 'casework' },
    });
    await recordAudit(tx, officeId, user, { action: 'mailing.test_sent', recordType: 'newsletter_mailing', recordIds: [mailingId, messageId] });
    return { messageId, to: me.email };
  });
}

/**
 * Sends the mailing, once: the mailing is locked, so a second "send" (or two at once) waits and
 * finds it sent, and is refused with nothing changed. The audience is computed now and fixed as
 * its recipients; the job then queues their messages at the office's rate.
 */
export async function sendMailing(deps: NewslettersDeps, user: SignedInUser, mailingId: string): Promise<MailingView> {
  assertCan(user, 'outreach:send');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.lockMailing(tx, officeId, mailingId);
    if (!row) throw notFound('mailing');
    if (row.state !== 'draft') throw alreadySent(row);
    // Checked again now: the purpose may have been retired, or the topic, since it was written.
    await audienceChoice(tx, officeId, row.purpose_id, row.topic_id);
    const { recipients, leftOut } = await audienceOf(deps, tx, officeId, row);
    if (recipients.length === 0) {
      const why = Object.entries(leftOut).filter(([, n]) => n > 0);
      throw new AppError(
        ErrorCode.Conflict,
        `Nobody would get this mailing: no one has current consent for its purpose${row.topic_id ? ' and topic' : ''}${row.postcode_areas.length ? ' in its postcode areas' : ''} and may be sent it${why.length ? ` (${why.map(([r, n]) => `${n} left out: ${r.replaceAll('_', ' ')}`).join('; ')})` : ''}. Nothing was sent.`,
      );
    }
    await repo.fixRecipients(tx, officeId, mailingId, recipients.map((r) => r.personId));
    await repo.updateMailing(tx, officeId, mailingId, { state: 'sending', sent_by: user.userId, send_started_at: new Date() });
    await deps.jobs.enqueue(tx, { kind: 'newsletters.queue_mailing', officeId, payload: { mailingId, turn: 0 }, dedupeKey: `${mailingId}:0` });
    await recordAudit(tx, officeId, user, { action: 'mailing.sent', recordType: 'newsletter_mailing', recordIds: [mailingId] });
    return view(deps, tx, officeId, (await repo.findMailing(tx, officeId, mailingId))!);
  });
}

/** How the mailing went, by count: from its recipients, their e-mails' send states, bounces and the ledger since. */
export async function mailingReport(deps: NewslettersDeps, user: SignedInUser, mailingId: string): Promise<MailingReport> {
  assertCan(user, 'outreach:read');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const row = await repo.findMailing(tx, officeId, mailingId);
    if (!row) throw notFound('mailing');
    const recipients = await repo.recipientCounts(tx, officeId, mailingId);
    const messages = repo.recipientMessageIds(tx, officeId, mailingId);
    const states = await sendStateCounts(tx, officeId, messages);
    const bounced = await bouncedAmong(tx, officeId, (await messages.execute()).map((m) => m.message_id!));
    const unsubscribedSince = row.send_started_at
      ? await withdrawnSince(tx, officeId, { purposeId: row.purpose_id, topicId: row.topic_id }, repo.recipientPersonIds(tx, officeId, mailingId), row.send_started_at)
      : 0;
    return {
      recipients: recipients.all,
      sent: states.sent,
      waiting: states.queued + recipients.waiting,
      failed: states.failed + recipients.refused,
      bounced,
      unsubscribedSince,
    };
  });
}

// ---- the office's rate ----

export async function getSettings(deps: NewslettersDeps, user: SignedInUser): Promise<NewsletterSettings> {
  assertCan(user, 'outreach:read');
  return withOffice(deps.db, user.officeId, async (tx) => ({ messagesPerMinute: await rateOf(tx, user.officeId) }));
}

export async function setSettings(deps: NewslettersDeps, user: SignedInUser, settings: NewsletterSettings): Promise<NewsletterSettings> {
  assertCan(user, 'outreach:send');
  return withOffice(deps.db, user.officeId, async (tx) => {
    await repo.setMessagesPerMinute(tx, user.officeId, settings.messagesPerMinute);
    await recordAudit(tx, user.officeId, user, { action: 'newsletter.settings_changed' });
    return settings;
  });
}

export async function rateOf(tx: OfficeTx, officeId: string): Promise<number> {
  return (await repo.messagesPerMinute(tx, officeId)) ?? DEFAULT_MESSAGES_PER_MINUTE;
}

// ---- for the job: one slice of a mailing's messages ----

/**
 * Queues up to `limit` of the mailing's waiting recipients' messages, each through the one send
 * path as marketing for its purpose (which checks the person again, and refuses one who withdrew,
 * objected or was suppressed since the audience was fixed: they are marked refused). The mailing
 * is locked first, so two runs of the job never queue one recipient twice; a recipient's message
 * and its row are written in the same transaction, so a crash leaves both or neither.
 * Answers how many are left to queue.
 */
export async function queueSlice(deps: Pick<NewslettersDeps, 'keystore' | 'jobs'>, tx: OfficeTx, officeId: string, mailingId: string, limit: number): Promise<number> {
  const row = await repo.lockMailing(tx, officeId, mailingId);
  if (!row || row.state !== 'sending') return 0;
  const waiting = await repo.waitingRecipients(tx, officeId, mailingId, limit + 1);
  const batch = waiting.slice(0, limit);
  if (batch.length > 0) {
    const content = await openContent(deps.keystore, officeId, row);
    const values = await valuesFor(tx, officeId, batch);
    const addresses = await emailsToUse(tx, officeId, batch);
    const refused: string[] = [];
    for (const personId of batch) {
      const to = addresses.get(personId);
      const personal = values.get(personId);
      let message: RenderedMessage;
      try {
        if (!to || !personal) throw new AppError(ErrorCode.Conflict, 'no address');
        message = renderFor(content, personal);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused.push(personId);
        continue;
      }
      try {
        const { messageId } = await queueEmail(deps.keystore, deps.jobs, tx, officeId, row.sent_by, {
          caseId: null,
          personId,
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          kind: { kind: 'marketing', purposeId: row.purpose_id, topicId: row.topic_id },
        });
        await repo.setRecipientMessage(tx, officeId, mailingId, personId, messageId);
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.ProcessingRefused)) throw error;
        refused.push(personId);
      }
    }
    await repo.refuseRecipients(tx, officeId, mailingId, refused);
  }
  const left = waiting.length - batch.length;
  if (left === 0) await repo.updateMailing(tx, officeId, mailingId, { state: 'sent', queued_at: new Date() });
  return left;
}
