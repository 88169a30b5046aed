import { z } from 'zod';
import { consentEventKinds, consentEventMethods, consentRecordedVia, suppressionChannels, suppressionReasons } from '../../db/enums.js';
import { dateTime, lineOfText, textBlock } from '../../platform/http/fields.js';
import { strict } from '../../platform/http/strict.js';

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);

export const personParams = z.strictObject({ personId: id('a person') });
export const evidenceParams = z.strictObject({ personId: id('a person'), evidenceId: id('an evidence file') });

export const topicSchema = z.object({ id: z.uuid(), name: z.string(), description: z.string(), purposeId: z.uuid(), retiredAt: z.date().nullable() });
export const topicBody = strict({ name: lineOfText({ max: 120 }), description: textBlock({ max: 2000 }), purposeId: id('a purpose') });

/** What the consent form offers: the purposes that rest on consent, and their current topics. */
export const choicesSchema = z.object({
  purposes: z.array(z.object({ id: z.uuid(), name: z.string() })),
  topics: z.array(topicSchema),
});

export const consentEventBody = strict({
  purposeId: id('a purpose'),
  topicId: id('a topic').nullable().optional(),
  kind: z.enum(consentEventKinds, `must be one of: ${consentEventKinds.join(', ')}`),
  method: z.enum(consentEventMethods, `must be how it reached the office: one of ${consentEventMethods.join(', ')}`),
  wording: textBlock({ max: 4000 }),
  noticeVersion: z.int('must be a whole number').min(1, 'must be 1 or more').nullable().optional(),
  evidenceId: id('an evidence file').nullable().optional(),
  occurredAt: dateTime('past').optional(),
});
export type ConsentEventBody = z.infer<typeof consentEventBody>;

const evidenceSchema = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() });

export const consentEventSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  purposeId: z.uuid(),
  purposeName: z.string(),
  topicId: z.uuid().nullable(),
  topicName: z.string().nullable(),
  kind: z.enum(consentEventKinds),
  method: z.enum(consentEventMethods),
  wording: z.string(),
  noticeVersion: z.number().nullable(),
  evidence: evidenceSchema.nullable(),
  occurredAt: z.date(),
  recordedAt: z.date(),
  recordedVia: z.enum(consentRecordedVia),
  recordedBy: z.object({ userId: z.uuid(), name: z.string().nullable() }).nullable(),
});
export type ConsentEventResponse = z.infer<typeof consentEventSchema>;

export const consentPageSchema = z.object({
  current: z.array(
    z.object({
      purposeId: z.uuid(),
      purposeName: z.string(),
      topicId: z.uuid().nullable(),
      topicName: z.string().nullable(),
      state: z.enum(['given', 'withdrawn', 'objected']),
      since: z.date(),
    }),
  ),
  objectedAt: z.date().nullable(),
  history: z.array(consentEventSchema),
});
export type ConsentPage = z.infer<typeof consentPageSchema>;

export const evidenceUploadedSchema = evidenceSchema;

export const suppressionCountsSchema = z.object({
  total: z.number(),
  byReason: z.array(z.object({ reason: z.enum(suppressionReasons), email: z.number(), phone: z.number() })),
});
export type SuppressionCounts = z.infer<typeof suppressionCountsSchema>;

export const suppressBody = strict({
  address: lineOfText({ max: 320 }),
  channel: z.enum(suppressionChannels, `must be one of: ${suppressionChannels.join(', ')}`).optional(),
});

export const suppressedSchema = z.object({ added: z.boolean(), channel: z.enum(suppressionChannels), message: z.string(), counts: suppressionCountsSchema });
