import { z } from 'zod';
import { dateTime, lineOfText, textBlock } from '../../../platform/http/fields.js';
import { strict } from '../../../platform/http/strict.js';
import { messageStateSchema } from '../schemas.js';
import { normaliseHandle, normalisePhone } from '../../people/service.js';

// ---- shared pieces ----

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);
/** A moment in the past (a minute's grace for clocks that differ), as a Date. */
const pastDateTime = dateTime('past').transform((v) => new Date(v));

export const MAX_SCANS = 5;
export const MAX_SOCIAL_IMPORT = 5_000;

// ---- phone calls and letters (multipart/form-data fields) ----

export const noteChannels = ['phone', 'letter'] as const;

/** The text fields of a note; scans come as files named "scans" (letters only). */
export const noteFields = strict({
  channel: z.enum(noteChannels, "must be 'phone' (a call) or 'letter'"),
  direction: z.enum(['in', 'out'], "must be 'in' (to the office) or 'out' (from the office)"),
  occurredAt: pastDateTime,
  personId: id('a person').optional(),
  caseId: id('a case').optional(),
  counterpartName: lineOfText({ max: 200 }).optional(),
  counterpartPhone: z
    .string()
    .max(40, 'must be at most 40 characters')
    .transform((value, ctx) => normalisePhone(value) ?? (ctx.addIssue({ code: 'custom', message: 'must be a phone number, e.g. 07911 123456 or 020 7946 0000' }), z.NEVER))
    .optional(),
  summary: textBlock({ max: 20_000 }),
  durationMinutes: z.coerce
    .number('must be a whole number of minutes')
    .int('must be a whole number of minutes')
    .min(0, 'must not be negative')
    .max(24 * 60, 'must be at most 1440 (a day)')
    .optional(),
}).superRefine((note, ctx) => {
  if (note.channel === 'letter') {
    for (const field of ['counterpartPhone', 'durationMinutes'] as const) {
      if (note[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is for phone calls only' });
    }
  }
  if (!note.personId && !note.counterpartName && !note.counterpartPhone) {
    ctx.addIssue({ code: 'custom', path: ['counterpartName'], message: 'is needed to say who the call or letter was with (or give personId or counterpartPhone)' });
  }
});
export type NoteFields = z.infer<typeof noteFields>;

const withheldFile = z.object({ contentType: z.string(), sizeBytes: z.number().int(), reason: z.string() });

export const noteReply = z.object({
  messageId: z.uuid(),
  /** True when the same note had been recorded before: nothing new was stored. */
  duplicate: z.boolean(),
  /** Where it went: 'inbox' (incoming, for triage), 'filed' (on the case), 'sent' (a note of something the office did). */
  state: messageStateSchema,
  case: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
  personId: z.uuid().nullable(),
  attachmentCount: z.number().int(),
  /** Files not kept, and why; the note itself is kept. */
  withheldFiles: z.array(withheldFile),
});
export type NoteReply = z.infer<typeof noteReply>;

// ---- social media (JSON) ----

export const socialPlatforms = ['x', 'facebook', 'instagram', 'linkedin', 'bluesky', 'threads', 'tiktok', 'other'] as const;
const platform = z.enum(socialPlatforms, `must be one of ${socialPlatforms.join(', ')}`);

const socialMessage = {
  /** Stored as people keep handles: without a leading '@', in lower case. */
  handle: lineOfText({ max: 200, messages: { empty: 'must be the sender\'s handle' } })
    .transform(normaliseHandle)
    .pipe(z.string().min(1, 'must not be empty')),
  text: textBlock({ max: 20_000 }),
  sentAt: pastDateTime,
  url: z.url({ protocol: /^https?$/, error: 'must be a web address starting with https://' }).max(2_000, 'must be at most 2,000 characters').optional(),
};

export const pastedSocialMessage = strict({ platform, ...socialMessage });
/** One message of an export; checked one by one, so that a bad one does not stop the rest. */
export const exportedSocialMessage = strict({
  /** The platform's own id (some exports give it as a number). */
  id: z.union([z.string(), z.number().int()], "must be the message's id on the platform").transform(String).pipe(lineOfText({ max: 200 })),
  ...socialMessage,
});
export type ExportedSocialMessage = z.infer<typeof exportedSocialMessage>;

export const socialImport = strict({
  platform,
  messages: z.array(z.unknown(), 'must be a list of messages').min(1, 'must hold at least one message').max(MAX_SOCIAL_IMPORT, `must hold at most ${MAX_SOCIAL_IMPORT.toLocaleString('en-GB')} messages: split the export`),
});

const SHAPES = 'one message ({ platform, handle, text, sentAt, url? }) or an import ({ platform, messages: [...] })';

/** Either one pasted message or an import of an export, told apart by `messages`: a problem is reported against the one meant. */
export const socialBody = z.union([socialImport, pastedSocialMessage], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const input = issue.input;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return `must be a JSON object: ${SHAPES}`;
    const meant = issue.errors['messages' in input ? 0 : 1] ?? [];
    return `is not ${SHAPES}: ${meant.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
  },
});

export const socialMessageReply = z.object({
  messageId: z.uuid(),
  duplicate: z.boolean(),
  state: messageStateSchema,
  /** The person who has this handle as a contact point, if exactly one does. */
  personId: z.uuid().nullable(),
});

export const socialImportReply = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  /** Each message not stored: its position in `messages` (1 for the first) and why. */
  rejected: z.array(z.object({ position: z.number().int(), reason: z.string() })),
});

export const socialReply = z.union([socialImportReply, socialMessageReply]);
