import { z } from 'zod';
import { messageChannels, messageDirections, messageStates } from '../../db/enums.js';
import { textBlock } from '../../platform/http/fields.js';
import { strict } from '../../platform/http/strict.js';
import { messageFlags } from './flags.js';
import { deliveryFields } from './delivery/views.js';
import { sendStatusFields } from './outbound/schemas.js';

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);

export const messageParams = z.strictObject({ messageId: id('a message') });
export const personParams = z.strictObject({ personId: id('a person') });
export const attachmentParams = z.strictObject({ messageId: id('a message'), attachmentId: id('an attachment') });

export const inboxQuery = z.strictObject({
  /** The page after this message (the last id of the previous page). */
  before: id('a message').optional(),
  /** `me`, `none` (nobody yet) or a user's id. */
  assignee: z.union([z.literal('me'), z.literal('none'), id('a user')], 'must be me, none or a user id').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const messageQuery = z.strictObject({
  /** Remote images in HTML e-mail stay blocked (they tell the sender the message was read) until the user asks. */
  images: z.literal('show', 'must be "show" (or left out)').optional(),
});

export const triageBody = z.discriminatedUnion(
  'action',
  [
    strict({
      action: z.literal('new_case'),
      summary: textBlock({ max: 2000 }),
      /** Default: the person the message is from. */
      constituentIds: z.array(id('a person')).min(1).max(20).optional(),
      topicIds: z.array(id('a topic')).max(20).default([]),
      ownerId: id('a user').nullable().optional(),
    }),
    strict({ action: z.literal('file'), caseId: id('a case') }),
    strict({ action: z.literal('archive') }),
  ],
  { error: 'must have action new_case (with a summary), file (with a caseId) or archive' },
);
export type TriageBody = z.infer<typeof triageBody>;

export const assignBody = strict({ assigneeId: id('a user').nullable() });

// ---- responses ----

const ref = z.object({ id: z.uuid(), name: z.string() });

/** A message's state as staff see it: an e-mail whose sending failed for good reads 'failed' (its send job says so). */
export const messageStateSchema = z.enum([...messageStates, 'failed']);

export const messageSummarySchema = z.object({
  id: z.uuid(),
  direction: z.enum(messageDirections),
  channel: z.enum(messageChannels),
  state: messageStateSchema,
  from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
  person: ref.nullable(),
  /** The case it came in on or was filed on, if any. */
  case: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
  subject: z.string(),
  /** The first line of its text, shortened; null when it has none or is withheld. */
  preview: z.string().nullable(),
  /** The viewer may not read it (a case they cannot see, a restricted person): no sender, subject, preview or case. */
  withheld: z.boolean(),
  /** When it was sent (an incoming e-mail: the date its sender's program wrote, else when it arrived). */
  occurredAt: z.date(),
  receivedAt: z.date(),
  assignee: ref.nullable(),
  attachmentCount: z.number().int(),
  outOfConstituency: z.boolean(),
  /** The campaign group it is in when two or more wait in the inbox: the inbox lists the group as this one item. */
  campaign: z.object({ id: z.uuid(), count: z.number().int() }).nullable(),
});
export type MessageSummary = z.infer<typeof messageSummarySchema>;

export const inboxSchema = z.object({
  messages: z.array(messageSummarySchema),
  /** How many wait in the inbox, counted to 1,000 at most. */
  total: z.number().int(),
  totalIsLowerBound: z.boolean(),
  /** Pass as `before` for the next page; null on the last. */
  next: z.uuid().nullable(),
});

/** A person's messages, in and out, newest first (the newest 50). */
export const personMessagesSchema = z.object({ messages: z.array(messageSummarySchema) });

export const attachmentSchema = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number().int() });

export const messageDetailSchema = messageSummarySchema.extend({
  text: z.string(),
  /** Sanitised: no scripts, no styles that reach out, remote images only if asked for. */
  html: z.string().nullable(),
  remoteImagesBlocked: z.number().int(),
  /** Images the message carries itself (cid:), hidden until images are shown. */
  inlineImagesHidden: z.number().int(),
  to: z.array(z.string()),
  /** A closed case this answers: staff decide whether to reopen it or open a new one. */
  suggestedCaseId: z.uuid().nullable(),
  attachments: z.array(attachmentSchema),
  withheldFiles: z.array(z.object({ contentType: z.string(), sizeBytes: z.number().int(), reason: z.string() })),
  charsetProblem: z.boolean(),
  /** What was odd about the message as it came, or done to store it (flags.ts says each). */
  flags: z.array(z.enum(messageFlags)),
  sentAt: z.date().nullable(),
  ...sendStatusFields,
  ...deliveryFields,
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

/** An e-mail attached to a message (a forward as attachment), read in Postbag: its text, not its HTML, and its files named. */
export const attachedMessageSchema = z.object({
  from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
  to: z.array(z.string()),
  subject: z.string(),
  /** Null: its program gave none. */
  date: z.date().nullable(),
  text: z.string(),
  files: z.array(z.object({ filename: z.string(), contentType: z.string(), sizeBytes: z.number().int() })),
  flags: z.array(z.enum(messageFlags)),
});
export type AttachedMessage = z.infer<typeof attachedMessageSchema>;

export const importResultSchema = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  filed: z.number().int(),
  duplicates: z.number().int(),
  /** Bounces and spam complaints: recorded on the e-mails they report on, not stored as messages. */
  deliveryReports: z.number().int(),
  /** Each message that could not be read, by its place in the upload (1 = the first), and why. */
  rejected: z.array(z.object({ position: z.number().int(), reason: z.string() })),
  /** Every message of the upload, in order: what became of it. */
  messages: z.array(
    z.object({
      position: z.number().int(),
      outcome: z.enum(['stored', 'duplicate', 'rejected', 'delivery_report']),
      messageId: z.uuid().optional(),
      /** A bounce or complaint: on which of the office's e-mails it was recorded (none: it matched none it sent). */
      report: z.object({ kind: z.enum(['bounce', 'complaint']), matched: z.boolean(), messageIds: z.array(z.uuid()) }).optional(),
      /** What was odd about it, or done to store it (flags.ts). */
      flags: z.array(z.enum(messageFlags)).optional(),
      reason: z.string().optional(),
    }),
  ),
  /** An mbox's "From " lines that looked like the start of a message but were not taken as one, and why. */
  framing: z.array(z.object({ position: z.number().int(), line: z.number().int(), note: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
