import { z } from 'zod';
import { messageChannels } from '../../../db/enums.js';
import { strict } from '../../../platform/http/strict.js';
import { content } from '../outbound/schemas.js';

export const campaignParams = z.strictObject({ campaignId: z.uuid('must be a campaign id (a UUID)') });

/** The reply to every sender: a template, or the subject and text written for it (merge fields allowed in both). */
export const campaignReplyBody = strict(content).superRefine((b, ctx) => {
  if (b.templateId && (b.subject !== undefined || b.body !== undefined)) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'cannot be given with subject and body: choose one' });
  if (!b.templateId && (b.subject === undefined || b.body === undefined)) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required with subject when no templateId is given' });
});
export type CampaignReplyBody = z.infer<typeof campaignReplyBody>;

const member = z.object({
  messageId: z.uuid(),
  channel: z.enum(messageChannels),
  /** Null when withheld (a restricted person's, to anyone but the data protection lead). */
  from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** When it was sent, and when it reached the office. */
  occurredAt: z.date(),
  receivedAt: z.date(),
  withheld: z.boolean(),
});

export const campaignSchema = z.object({
  id: z.uuid(),
  count: z.number().int(),
  /** What the newest message the viewer may read says: what the campaign asks. */
  sample: z.object({ messageId: z.uuid(), subject: z.string(), text: z.string() }).nullable(),
  members: z.array(member),
});
export type CampaignView = z.infer<typeof campaignSchema>;

/** A member the reply cannot go to, and why in plain words. */
const unsendable = z.object({ messageId: z.uuid(), from: z.string().nullable(), reason: z.string() });

export const campaignPreviewSchema = z.object({
  /** The reply as the first sender it can go to will read it; null when it can go to none. */
  example: z.object({ messageId: z.uuid(), to: z.string(), subject: z.string(), body: z.string() }).nullable(),
  sendable: z.number().int(),
  notSendable: z.array(unsendable),
});
export type CampaignPreview = z.infer<typeof campaignPreviewSchema>;

export const campaignReplySchema = z.object({
  /** Each e-mail queued, through the one send path, one per sender. */
  sent: z.array(z.object({ messageId: z.uuid(), emailId: z.uuid(), to: z.string() })),
  /** They stay in the group, in the inbox, to be answered another way. */
  notSent: z.array(unsendable),
});
export type CampaignReply = z.infer<typeof campaignReplySchema>;
