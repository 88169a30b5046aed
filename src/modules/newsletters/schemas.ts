import { z } from 'zod';
import { lineOfText, textBlock } from '../../platform/http/fields.js';
import { strict } from '../../platform/http/strict.js';
import { postcodeArea } from '../people/service.js';

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);

export const mailingParams = z.strictObject({ mailingId: id('a mailing') });

const area = z
  .string('must be a postcode area as text')
  .transform((value, ctx) => {
    const found = postcodeArea(value);
    if (!found) {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 20)}" is not a postcode area ("DY"), district ("DY1") or sector ("DY1 4")` });
      return z.NEVER;
    }
    return found.value;
  });

/** The mailing as written: what it says, and whom it is for (the audience is computed only when it is sent). */
export const mailingBody = strict({
  subject: lineOfText({ max: 200 }),
  /** The editor's HTML; sanitised on the server, which also makes the plain-text part from it. */
  html: textBlock({ max: 200_000 }),
  /** The purpose of the record of processing it is sent for: one that needs consent. */
  purposeId: id('a purpose'),
  /** Narrowed to those who subscribed to one topic of that purpose. */
  topicId: id('a subscription topic').nullable().default(null),
  /** Postcode areas, districts or sectors; none: everyone with consent. */
  postcodeAreas: z.array(area, 'must be a list of postcode areas').max(200, 'must name at most 200 areas').default([]).transform((a) => [...new Set(a)]),
});
export type MailingBody = z.infer<typeof mailingBody>;

export const mailingStates = ['draft', 'sending', 'sent'] as const;

export const mailingSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  html: z.string(),
  /** The plain-text part, generated from the HTML. */
  text: z.string(),
  purpose: z.object({ id: z.uuid(), name: z.string() }),
  topic: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  postcodeAreas: z.array(z.string()),
  state: z.enum(mailingStates),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** When "send" was pressed and the audience fixed. */
  sendStartedAt: z.date().nullable(),
  /** When every recipient's message had been queued. */
  queuedAt: z.date().nullable(),
});
export type MailingView = z.infer<typeof mailingSchema>;

export const mailingListSchema = z.object({
  mailings: z.array(
    z.object({
      id: z.uuid(),
      subject: z.string(),
      purpose: z.string(),
      state: z.enum(mailingStates),
      createdAt: z.date(),
      sendStartedAt: z.date().nullable(),
      /** Fixed when it was sent; null for a draft. */
      recipients: z.number().int().nullable(),
    }),
  ),
});
export type MailingList = z.infer<typeof mailingListSchema>;

/** Why a person who answered for the purpose is left out of the audience: counts only, never names. */
export const leftOutReasons = ['withdrawn', 'objected', 'restricted', 'deceased', 'do_not_contact', 'no_email', 'suppressed'] as const;
export type LeftOutReason = (typeof leftOutReasons)[number];

const rendered = z.object({ to: z.string(), subject: z.string(), html: z.string(), text: z.string() });

export const previewSchema = z.object({
  /** Who would get it if it were sent now. */
  recipients: z.number().int(),
  leftOut: z.object(Object.fromEntries(leftOutReasons.map((r) => [r, z.number().int()])) as Record<LeftOutReason, z.ZodNumber>),
  /** The message as the first recipient would read it; null when there is none. */
  example: rendered.nullable(),
});
export type MailingPreview = z.infer<typeof previewSchema>;

export const testSendSchema = z.object({ messageId: z.uuid(), to: z.string() });
export type TestSend = z.infer<typeof testSendSchema>;

export const reportSchema = z.object({
  /** Fixed when it was sent. */
  recipients: z.number().int(),
  /** Handed to the SMTP server. */
  sent: z.number().int(),
  /** Queued, or waiting for the office's rate. */
  waiting: z.number().int(),
  /** The send failed for good, or the one check stopped it (consent withdrawn, an objection or suppression since it was sent). */
  failed: z.number().int(),
  /** Bounced back after it was sent (delivery status notifications). */
  bounced: z.number().int(),
  /** Recipients who withdrew their consent for its purpose since it was sent. */
  unsubscribedSince: z.number().int(),
});
export type MailingReport = z.infer<typeof reportSchema>;

export const settingsBody = strict({
  messagesPerMinute: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(60_000, 'must be at most 60,000'),
});
export const settingsSchema = z.object({ messagesPerMinute: z.number().int() });
export type NewsletterSettings = z.infer<typeof settingsSchema>;
