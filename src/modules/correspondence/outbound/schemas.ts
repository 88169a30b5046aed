import { z } from 'zod';
import { templateChannels } from '../../../db/enums.js';
import { lineOfText, textBlock } from '../../../platform/http/fields.js';
import { strict } from '../../../platform/http/strict.js';
import { deliveryFields } from '../delivery/views.js';
import { hostName, portNumber } from '../mailboxes/schemas.js';

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);
const emailAddress = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address, e.g. name@example.org'));

export const caseParams = z.strictObject({ caseId: id('a case') });
export const templateParams = z.strictObject({ templateId: id('a template') });
export const letterParams = z.strictObject({ caseId: id('a case'), messageId: id('a letter') });

// ---- the office's correspondence settings ----

export const settingsBody = strict({
  /** The address e-mail is sent from; its domain also names the Message-IDs. */
  fromAddress: emailAddress.nullable(),
  /** Under the member's name at the end of a letter, e.g. "Member of Parliament for Example". */
  signature: textBlock({ max: 1000, blank: true }),
  letterheadAddress: textBlock({ max: 1000, blank: true }),
  privacyNoticeUrl: z.url({ protocol: /^https?$/, error: 'must be a web address starting https://' }).max(2000).nullable(),
});
export type SettingsBody = z.infer<typeof settingsBody>;

export const settingsSchema = z.object({
  fromAddress: z.string().nullable(),
  signature: z.string(),
  letterheadAddress: z.string(),
  privacyNoticeUrl: z.string().nullable(),
  logo: z.object({ contentType: z.enum(['image/png', 'image/jpeg']), url: z.string() }).nullable(),
  updatedAt: z.date().nullable(),
});
export type SettingsView = z.infer<typeof settingsSchema>;

// ---- the office's SMTP server ----

export const smtpSecurities = ['tls', 'starttls'] as const;

export const smtpBody = strict({
  host: hostName('SMTP server', 'smtp.example.org'),
  port: portNumber(587),
  /** "tls": TLS from the first byte (port 465); "starttls": upgraded with STARTTLS (587), required unless the server is this machine. */
  security: z.enum(smtpSecurities, 'must be "tls" (TLS from the start, port 465) or "starttls" (port 587)'),
  /** Null: the server takes mail without signing in (a relay that knows the office's address). */
  username: lineOfText({ max: 320 }).nullable(),
  /** Left out: keep the password set already (for the same server and user). */
  password: z.string().min(1, 'must not be empty (the SMTP password)').max(1000, 'must be at most 1000 characters').optional(),
}).refine((b) => b.username !== null || b.password === undefined, { path: ['password'], message: 'needs a user name to go with it' });
export type SmtpBody = z.infer<typeof smtpBody>;

/** The office's SMTP settings as a manager sees them: never the password, only whether one is set. */
export const smtpSettingsSchema = z.object({
  server: z.object({ host: z.string(), port: z.number().int(), security: z.enum(smtpSecurities), username: z.string().nullable(), passwordSet: z.boolean() }).nullable(),
  /** POSTBAG_SMTP_URL is set: e-mail goes through it while the office has no server of its own. */
  fallback: z.boolean(),
});
export type SmtpSettingsView = z.infer<typeof smtpSettingsSchema>;
export const smtpSavedSchema = smtpSettingsSchema.extend({
  /** E-mails that had failed only because no SMTP server was set, queued again by this save. */
  requeued: z.number().int().min(0),
});
export type SmtpSavedView = z.infer<typeof smtpSavedSchema>;

export const smtpTestSchema = z.object({
  sent: z.boolean(),
  /** The server it went through (or tried to). */
  server: z.string().nullable(),
  to: z.string(),
  /** Why it did not go, in plain words. */
  problem: z.string().nullable(),
});
export type SmtpTestView = z.infer<typeof smtpTestSchema>;

// ---- templates ----

const templateFields = {
  name: lineOfText({ max: 120 }),
  subject: lineOfText({ max: 300, blank: true }),
  body: textBlock({ max: 50_000 }),
};

export const createTemplateBody = strict({ ...templateFields, channel: z.enum(templateChannels, 'must be "email" or "letter"'), subject: templateFields.subject.default('') }).refine(
  (t) => t.channel !== 'email' || t.subject !== '',
  { path: ['subject'], message: 'must not be empty for an e-mail template' },
);
export const updateTemplateBody = strict({ name: templateFields.name.optional(), subject: templateFields.subject.optional(), body: templateFields.body.optional() });
export type CreateTemplateBody = z.infer<typeof createTemplateBody>;
export type UpdateTemplateBody = z.infer<typeof updateTemplateBody>;

export const templateListQuery = strict({
  channel: z.enum(templateChannels, 'must be "email" or "letter"').optional(),
  includeRetired: z.enum(['true', 'false'], 'must be true or false').default('false').transform((v) => v === 'true'),
});

export const templateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(templateChannels),
  subject: z.string(),
  body: z.string(),
  /** The merge fields it uses. */
  fields: z.array(z.string()),
  retiredAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TemplateView = z.infer<typeof templateSchema>;
export const templateListSchema = z.object({ templates: z.array(templateSchema) });

// ---- e-mails and letters from a case ----

export const fillParams = z.strictObject({ caseId: id('a case'), templateId: id('a template') });
export const fillQuery = strict({ agencyId: id('an organisation').optional() });
/** A template with its merge fields filled in for one case: the draft the caseworker edits. */
export const filledTemplateSchema = z.object({ templateId: z.uuid(), channel: z.enum(templateChannels), subject: z.string(), body: z.string() });
export type FilledTemplate = z.infer<typeof filledTemplateSchema>;
export const starterLibrarySchema = z.object({ added: z.number().int() });

/** Either a template, or the subject and text written for this message (merge fields allowed in both). */
export const content = {
  templateId: id('a template').optional(),
  subject: lineOfText({ max: 300 }).optional(),
  body: textBlock({ max: 50_000 }).optional(),
};

export const emailBody = strict({
  /** Default: the lead constituent's preferred e-mail address. */
  to: emailAddress.optional(),
  ...content,
  /** The agency the e-mail is about ({{agency.name}}); it must be on the case. */
  agencyId: id('an organisation').optional(),
}).superRefine((b, ctx) => {
  if (b.templateId && (b.subject !== undefined || b.body !== undefined)) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'cannot be given with subject and body: choose one' });
  if (!b.templateId && (b.subject === undefined || b.body === undefined)) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required with subject when no templateId is given' });
});
export type EmailBody = z.infer<typeof emailBody>;

export const letterBody = strict({
  ...content,
  recipient: z.union([z.literal('constituent'), strict({ agencyId: id('an organisation') })], 'must be "constituent" or { "agencyId": ... }'),
  /** For a letter to the constituent about an agency ({{agency.name}}); a letter to an agency is about that agency. */
  agencyId: id('an organisation').optional(),
}).superRefine((b, ctx) => {
  if (b.templateId && b.body !== undefined) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'cannot be given with body: choose one' });
  if (!b.templateId && b.body === undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required when no templateId is given' });
  if (b.agencyId && b.recipient !== 'constituent' && b.recipient.agencyId !== b.agencyId) ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'must be the agency the letter is to' });
});
export type LetterBody = z.infer<typeof letterBody>;

export const outboundStates = ['queued', 'sent', 'failed'] as const;

/** Why an outgoing e-mail has not gone, and when it is tried again: on the case's e-mails and the message. */
export const sendStatusFields = {
  /** The last try's problem in plain words ("the server refused the recipient: 550 ..."); null once sent or before any try failed. */
  sendProblem: z.string().nullable(),
  /** When a waiting e-mail is tried again after a failed try. */
  nextTryAt: z.date().nullable(),
};

/** Whether an e-mail another module queued (a colleague's invitation) has gone, as the case's e-mails say it. */
export const sendStateSchema = z.object({ state: z.enum(outboundStates), sentAt: z.date().nullable(), ...sendStatusFields });
export type SendState = z.infer<typeof sendStateSchema>;

export const emailSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  /** queued until the SMTP server accepts it; failed when it refused for good or retries ran out. */
  state: z.enum(outboundStates),
  internetMessageId: z.string(),
  queuedAt: z.date(),
  sentAt: z.date().nullable(),
  ...sendStatusFields,
  ...deliveryFields,
  /** Sent to an address that has bounced for good: queued all the same (casework goes where the person asked), with this warning. */
  warning: z.string().nullable().optional(),
});
export type EmailView = z.infer<typeof emailSchema>;
export const emailListSchema = z.object({ emails: z.array(emailSchema) });

export const letterSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  recipientName: z.string(),
  subject: z.string(),
  pdfUrl: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.date(),
});
export type LetterView = z.infer<typeof letterSchema>;

// ---- drafts saved on a case ----

export const draftParams = z.strictObject({ caseId: id('a case'), draftId: id('a draft') });
const versionProblem = 'must be the version you opened (a number)';
const asVersion = (n: z.ZodNumber) => n.int('must be a whole number').min(1, 'must be at least 1');
const version = asVersion(z.number(versionProblem));

/** What a draft holds: the words as the caseworker left them, and whom it is to. A subject may wait until it is sent. */
const draftContent = {
  /** The template it was filled from, kept on the message sent. */
  templateId: id('a template').nullable().default(null),
  subject: lineOfText({ max: 300, blank: true }).default(''),
  body: textBlock({ max: 50_000 }),
  /** The agency it is about ({{agency.name}}); it must be on the case. */
  agencyId: id('an organisation').nullable().default(null),
};
const emailDraft = {
  channel: z.literal('email'),
  /** Null: the lead constituent's preferred address. */
  to: emailAddress.nullable().default(null),
  ...draftContent,
};
const letterRecipient = z.union([z.literal('constituent'), strict({ agencyId: id('an organisation') })], 'must be "constituent" or { "agencyId": ... }');
const letterDraft = { channel: z.literal('letter'), recipient: letterRecipient.default('constituent'), ...draftContent };
const channelProblem = { error: 'must be "email" or "letter"' };

export const draftBody = z.discriminatedUnion('channel', [strict(emailDraft), strict(letterDraft)], channelProblem);
export type DraftBody = z.infer<typeof draftBody>;
/** Saving over a draft names the version it was opened at, so that a colleague's save in between is not lost. */
export const draftUpdateBody = z.discriminatedUnion('channel', [strict({ ...emailDraft, version }), strict({ ...letterDraft, version })], channelProblem);
export type DraftUpdateBody = z.infer<typeof draftUpdateBody>;
export const draftVersionBody = strict({ version });
export const draftVersionQuery = strict({ version: asVersion(z.coerce.number(versionProblem)) });

const colleague = z.object({ id: z.uuid(), name: z.string() });
export const draftSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  channel: z.enum(templateChannels),
  templateId: z.uuid().nullable(),
  /** An e-mail's address; null: the lead constituent's preferred one (and always null for a letter). */
  to: z.string().nullable(),
  /** A letter's recipient; null for an e-mail. */
  recipient: z.union([z.literal('constituent'), z.object({ agencyId: z.uuid() })]).nullable(),
  agencyId: z.uuid().nullable(),
  subject: z.string(),
  body: z.string(),
  version: z.number().int(),
  startedBy: colleague,
  startedAt: z.date(),
  lastEditedBy: colleague,
  lastEditedAt: z.date(),
});
export type DraftView = z.infer<typeof draftSchema>;
export const draftListSchema = z.object({ drafts: z.array(draftSchema) });
/** What sending a draft made: the e-mail queued or the letter written. */
export const sentDraftSchema = z.object({ email: emailSchema.nullable(), letter: letterSchema.nullable() });
export type SentDraftView = z.infer<typeof sentDraftSchema>;
