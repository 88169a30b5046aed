import { type OfficeTx, withOffice } from '../../../db/scope.js';
import { assertCan, type SignedInUser } from '../../../platform/access/access.js';
import { mayProcess, refusalMessage } from '../../../platform/access/processing.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../../platform/errors/errors.js';
import { contactPointToUse, standingsOf } from '../../people/service.js';
import { getMessage } from '../inbox-service.js';
import type { CorrespondenceDeps } from '../ingest.js';
import { fieldsIn, render } from '../outbound/merge.js';
import * as outboundRepo from '../outbound/repo.js';
import { casework, queueEmail } from '../outbound/send.js';
import { usableTemplate } from '../outbound/templates.js';
import { personMergeValues } from '../outbound/values.js';
import * as messages from '../repo.js';
import type { MessageDetail } from '../schemas.js';
import { openMessageTexts } from '../sealing.js';
import * as repo from './repo.js';
import type { CampaignPreview, CampaignReply, CampaignReplyBody, CampaignView } from './schemas.js';

/**
 * A campaign group's senders, newest first, and what the newest message the viewer may read says.
 * A restricted person's message is listed withheld, as in the inbox. Audited: the list names people.
 */
export async function getCampaign(deps: CorrespondenceDeps, user: SignedInUser, campaignId: string): Promise<CampaignView> {
  assertCan(user, 'inbox:read');
  const { officeId } = user;
  const { rows, readable } = await withOffice(deps.db, officeId, async (tx) => {
    const rows = await repo.members(tx, officeId, campaignId);
    if (rows.length === 0) throw notFound('campaign');
    const standings = await standingsOf(tx, officeId, rows.flatMap((r) => r.person_id ?? []));
    const readable = new Set(rows.filter((r) => !r.person_id || mayProcess(standings.get(r.person_id)!, 'read', user).allowed).map((r) => r.id));
    await recordAudit(tx, officeId, user, { action: 'campaign.read', recordType: 'campaign_group', recordIds: [campaignId] });
    return { rows, readable };
  });
  const shown = rows.filter((r) => readable.has(r.id));
  const sample = shown[0];
  const senders = await openMessageTexts(deps.keystore, officeId, shown.map(({ id, counterpart_address_sealed, counterpart_name_sealed }) => ({ id, counterpart_address_sealed, counterpart_name_sealed })));
  const [sampleTexts] = sample ? await openMessageTexts(deps.keystore, officeId, [{ id: sample.id, subject_sealed: sample.subject_sealed, body_sealed: sample.body_sealed }]) : [];
  const opened = new Map(shown.map((r, i) => [r.id, senders[i]!]));
  return {
    id: campaignId,
    count: rows.length,
    sample: sample && sampleTexts ? { messageId: sample.id, subject: sampleTexts.subject ?? '', text: sampleTexts.body ?? '' } : null,
    members: rows.map((r) => {
      const texts = opened.get(r.id);
      const common = { messageId: r.id, channel: r.channel, occurredAt: r.occurred_at, receivedAt: r.received_at };
      if (!texts) return { ...common, withheld: true, from: { address: null, name: null }, person: null };
      const person = r.person_id ? { id: r.person_id, name: [r.given_name, r.family_name].filter(Boolean).join(' ') } : null;
      return { ...common, withheld: false, from: { address: texts.counterpartAddress, name: texts.counterpartName }, person };
    }),
  };
}

/** The reply as one sender will read it, and who it cannot go to and why: nothing is written. */
export async function previewCampaignReply(deps: CorrespondenceDeps, user: SignedInUser, campaignId: string, body: CampaignReplyBody): Promise<CampaignPreview> {
  assertCan(user, 'cases:write');
  const plan = await withOffice(deps.db, user.officeId, (tx) => planReply(tx, deps, user, campaignId, body, false));
  const first = plan.sendable[0];
  return { example: first ? { messageId: first.messageId, to: first.to, subject: first.subject, body: first.body } : null, sendable: plan.sendable.length, notSendable: plan.notSendable };
}

/**
 * One reply to every sender of the group, each personalised and queued through the one send path
 * to the sender's own address, on their record (the e-mail's person). Those answered leave the
 * inbox (archived); those it cannot go to stay in the group, named with the reason. The group is
 * locked while it is answered, so a second submit waits and finds only those not yet answered:
 * nobody is sent the reply twice.
 */
export async function replyToCampaign(deps: CorrespondenceDeps, user: SignedInUser, campaignId: string, body: CampaignReplyBody): Promise<CampaignReply> {
  assertCan(user, 'cases:write');
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const plan = await planReply(tx, deps, user, campaignId, body, true);
    const sent: CampaignReply['sent'] = [];
    for (const reply of plan.sendable) {
      const { messageId: emailId } = await queueEmail(deps.keystore, deps.jobs, tx, officeId, user.userId, { caseId: null, personId: reply.personId, to: reply.to, subject: reply.subject, text: reply.body, kind: casework });
      await messages.updateMessage(tx, officeId, reply.messageId, { state: 'archived' });
      sent.push({ messageId: reply.messageId, emailId, to: reply.to });
    }
    // Archived, they left the group (messages.updateMessage).
    await recordAudit(tx, officeId, user, { action: 'campaign.replied', recordType: 'campaign_group', recordIds: [campaignId, ...sent.map((s) => s.messageId)] });
    return { sent, notSent: plan.notSendable };
  });
}

interface Planned {
  sendable: { messageId: string; personId: string; to: string; subject: string; body: string }[];
  notSendable: CampaignReply['notSent'];
}

/** Who the reply can go to, each with their own rendering, and who it cannot and why. */
async function planReply(tx: OfficeTx, deps: CorrespondenceDeps, user: SignedInUser, campaignId: string, body: CampaignReplyBody, lock: boolean): Promise<Planned> {
  const { officeId } = user;
  if (lock && !(await repo.lockGroup(tx, officeId, campaignId))) throw notFound('campaign');
  const rows = await repo.members(tx, officeId, campaignId);
  if (rows.length === 0) {
    if (lock) throw new AppError(ErrorCode.Conflict, 'No message of this campaign waits in the inbox any more (each was answered or taken out of the group): nothing was sent.');
    throw notFound('campaign');
  }
  if (!(await outboundRepo.findSettings(tx, officeId))?.from_address) {
    throw new AppError(ErrorCode.Conflict, "The office has no from address for e-mail yet: a manager sets it in the office's correspondence settings. Nothing was sent.");
  }
  const template = body.templateId ? await usableTemplate(tx, officeId, body.templateId, 'email') : undefined;
  const texts = template ? { subject: template.subject, body: template.body } : { subject: body.subject!, body: body.body! };
  // An unknown field is the request's fault, whoever it would go to.
  fieldsIn(texts.subject, 'body.subject');
  fieldsIn(texts.body, 'body.body');
  const standings = await standingsOf(tx, officeId, rows.flatMap((r) => r.person_id ?? []));
  const senders = await openMessageTexts(deps.keystore, officeId, rows.map(({ id, counterpart_address_sealed }) => ({ id, counterpart_address_sealed })));
  const planned: Planned = { sendable: [], notSendable: [] };
  for (const [i, row] of rows.entries()) {
    const standing = row.person_id ? standings.get(row.person_id) : undefined;
    const readable = !standing || mayProcess(standing, 'read', user).allowed;
    const refuse = (reason: string) => planned.notSendable.push({ messageId: row.id, from: readable ? senders[i]!.counterpartAddress : null, reason });
    if (!row.person_id || !standing) {
      refuse('Postbag does not know who sent it (the sender is not matched to a person): add them from the message, or answer it on its own.');
      continue;
    }
    const contact = mayProcess(standing, 'contact_casework');
    if (!contact.allowed) {
      refuse(refusalMessage(contact.reason, 'contact_casework', 'The sender'));
      continue;
    }
    const to = (await contactPointToUse(tx, officeId, row.person_id, 'email'))?.value;
    if (!to) {
      refuse('The sender has no e-mail address on record: add one to their record, or write to them another way.');
      continue;
    }
    try {
      const rendered = render(texts, (await personMergeValues(tx, officeId, row.person_id)).values);
      planned.sendable.push({ messageId: row.id, personId: row.person_id, to, ...rendered });
    } catch (error) {
      // A merge field with no value for this sender ("{{constituent.title}}"): the others still go.
      if (!(error instanceof AppError) || error.code !== ErrorCode.Conflict) throw error;
      refuse(error.message);
    }
  }
  return planned;
}

/** A message that is really casework: out of its group, back in the inbox as an item of its own. */
export async function ungroupMessage(deps: CorrespondenceDeps, user: SignedInUser, messageId: string): Promise<MessageDetail> {
  assertCan(user, 'cases:write');
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    if (!(await messages.messageCase(tx, officeId, messageId))) throw notFound('message');
    const groupId = await repo.groupOfMessage(tx, officeId, messageId);
    if (!groupId) throw new AppError(ErrorCode.Conflict, 'This message is in no campaign group (it was taken out already, or answered): nothing was changed.');
    await repo.leaveGroups(tx, officeId, [messageId]);
    await recordAudit(tx, officeId, user, { action: 'campaign.message_ungrouped', recordType: 'message', recordIds: [messageId, groupId] });
  });
  return getMessage(deps, user, messageId, false);
}
