import { z } from 'zod';
import { article9Conditions, caseEventKinds, caseOutcomes, caseStatuses, consentMethods, organisationKinds } from '../../db/enums.js';
import { calendarDate, dateTime, lineOfText, textBlock } from '../../platform/http/fields.js';
import { pageQuery } from '../../platform/http/paging.js';
import { strict } from '../../platform/http/strict.js';
import { specialCategories } from './special-category.js';

// ---- shared pieces ----

const id = (what: string) => z.uuid(`must be ${what} id (a UUID)`);
const distinctIds = (what: string, max: number) =>
  z
    .array(id(what))
    .max(max, `must name at most ${max}`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name the same one twice');

export const caseParams = z.strictObject({ caseId: id('a case') });
export const taskParams = z.strictObject({ caseId: id('a case'), taskId: id('a task') });
export const topicParams = z.strictObject({ topicId: id('a topic') });

const agencyInput = strict({ organisationId: id('an organisation'), agencyReference: lineOfText({ max: 100 }).optional() });

// ---- requests ----

export const createCaseBody = strict({
  /** The first is the lead constituent. */
  constituentIds: distinctIds('a person', 20).min(1, 'must name at least one constituent'),
  summary: textBlock({ max: 2000 }),
  topicIds: distinctIds('a topic', 20).default([]),
  agencies: z.array(agencyInput).max(20, 'must name at most 20').default([]),
  /** Default: the user creating the case. Null: nobody yet. */
  ownerId: id('a user').nullable().optional(),
  dueOn: calendarDate().optional(),
  sensitive: z.boolean().default(false),
});
export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const updateCaseBody = strict({
  summary: textBlock({ max: 2000 }).optional(),
  constituentIds: distinctIds('a person', 20).min(1, 'must name at least one constituent').optional(),
  topicIds: distinctIds('a topic', 20).optional(),
  agencies: z.array(agencyInput).max(20, 'must name at most 20').optional(),
  ownerId: id('a user').nullable().optional(),
  dueOn: calendarDate().nullable().optional(),
  sensitive: z.boolean().optional(),
  /** Those who may see the case besides its owner (for a sensitive case, the only others). */
  sharedWithIds: distinctIds('a user', 50).optional(),
}).refine((b) => Object.keys(b).length > 0, 'must change something: give at least one field');
export type UpdateCaseBody = z.infer<typeof updateCaseBody>;

export const reassignBody = strict({
  caseIds: distinctIds('a case', 500).min(1, 'must name at least one case'),
  ownerId: id('a user'),
});
export type ReassignBody = z.infer<typeof reassignBody>;

export const statusBody = strict({
  status: z.enum(['open', 'awaiting_agency', 'awaiting_constituent'], 'must be open, awaiting_agency or awaiting_constituent (to close a case, use /close with an outcome)'),
});

export const closeBody = strict({
  outcome: z.enum(caseOutcomes, `must be the outcome: one of ${caseOutcomes.join(', ')}`),
  outcomeNote: textBlock({ max: 1000 }),
  /** What becomes of the case's open tasks: closed with it, or kept open in their assignees' lists. Needed only when it has any. */
  openTasks: z.enum(['close', 'keep'], 'must be close or keep (what to do with the case’s open tasks)').optional(),
});
export type CloseBody = z.infer<typeof closeBody>;

export const article9Body = strict({
  condition: z.enum(article9Conditions, `must be one of ${article9Conditions.join(', ')}`),
});

export const noteBody = strict({ text: textBlock({ max: 10_000 }) });

export const taskBody = strict({
  text: textBlock({ max: 500 }),
  assigneeId: id('a user').optional(),
  dueOn: calendarDate().optional(),
  remindAt: dateTime('future').optional(),
});

export const agencyContactBody = strict({
  organisationId: id('an organisation'),
  direction: z.enum(['outgoing', 'incoming'], 'must be outgoing or incoming'),
  text: textBlock({ max: 10_000 }),
  at: dateTime('past').optional(),
});

export const sharingConsentBody = strict({
  personId: id('a constituent'),
  organisationId: id('an agency'),
  agreed: z.boolean(),
  method: z.enum(consentMethods, `must be how they answered: one of ${consentMethods.join(', ')}`),
  givenAt: dateTime('past'),
});

export const caseListQuery = pageQuery.extend({
  status: z.enum([...caseStatuses, 'active'], `must be one of ${caseStatuses.join(', ')} or active (anything not closed)`).optional(),
  /** A user's id, `me`, or `none` for cases with no owner. */
  owner: z.union([z.literal('me'), z.literal('none'), id('a user')], 'must be a user id, me or none').optional(),
  topicId: id('a topic').optional(),
  /** Cases this person is a constituent on. */
  personId: id('a person').optional(),
  overdue: z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true').optional(),
  sort: z.enum(['opened', 'due', 'reference', 'status', 'updated'], 'must be one of opened, due, reference, status, updated').default('opened'),
  order: z.enum(['asc', 'desc'], 'must be asc or desc').default('desc'),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

const topicName = lineOfText({ max: 80 });
export const topicBody = strict({ name: topicName });
export const updateTopicBody = strict({ name: topicName.optional(), retired: z.boolean().optional() });

// ---- responses ----

const userRef = z.object({ id: z.uuid(), name: z.string() });
const topicRef = z.object({ id: z.uuid(), name: z.string() });

export const caseSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  summary: z.string(),
  status: z.enum(caseStatuses),
  lead: z.object({ id: z.uuid(), name: z.string() }),
  owner: userRef.nullable(),
  topics: z.array(topicRef),
  sensitive: z.boolean(),
  specialCategory: z.boolean(),
  openedAt: z.date(),
  updatedAt: z.date(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  /** A constituent's processing is restricted (UK GDPR Art. 18) and the reader is not the data protection lead: the summary and the rest are left out. */
  withheld: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
export const caseListSchema = z.object({
  cases: z.array(caseSummarySchema),
  /** Counted up to 1,000; beyond that `totalIsLowerBound` is true ("more than 1,000"). */
  total: z.number().int(),
  totalIsLowerBound: z.boolean(),
});

export const specialCategorySchema = z.object({
  /** What the case's text mentions, and the words that say so. */
  found: z.array(z.object({ category: z.enum(specialCategories), words: z.array(z.string()) })),
  condition: z.enum(article9Conditions).nullable(),
  recordedAt: z.date().nullable(),
  recordedBy: z.string().nullable(),
  /** Flagged and no condition recorded yet: the case cannot be closed until one is. */
  needsCondition: z.boolean(),
});

export const sharingConsentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  organisationId: z.uuid(),
  agreed: z.boolean(),
  method: z.enum(consentMethods),
  givenAt: z.date(),
  recordedAt: z.date(),
  recordedBy: z.string(),
  /** False once a later answer for the same constituent and agency was recorded. */
  current: z.boolean(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  constituents: z.array(z.object({ id: z.uuid(), name: z.string(), lead: z.boolean() })),
  agencies: z.array(z.object({ organisationId: z.uuid(), name: z.string(), kind: z.enum(organisationKinds), agencyReference: z.string().nullable() })),
  sharedWith: z.array(userRef),
  outcome: z.enum(caseOutcomes).nullable(),
  outcomeNote: z.string().nullable(),
  closedAt: z.date().nullable(),
  sharingConsents: z.array(sharingConsentSchema),
  specialCategory: specialCategorySchema,
  /** Tasks on the case not done yet: closing the case asks what becomes of them. */
  openTasks: z.number().int(),
  /** The statuses this case may move to next (closing also needs an outcome). */
  nextStatuses: z.array(z.enum(caseStatuses)),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(caseEventKinds),
  at: z.date(),
  by: z.string().nullable(),
  text: z.string().nullable(),
  /** Status changes: from and to; agency contacts: direction; closing: the outcome. */
  detail: z.record(z.string(), z.unknown()),
  organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  task: z
    .object({
      assignee: userRef.nullable(),
      dueOn: z.string().nullable(),
      remindAt: z.date().nullable(),
      remindedAt: z.date().nullable(),
      doneAt: z.date().nullable(),
      overdue: z.boolean(),
    })
    .nullable(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;
export const timelineSchema = z.object({ events: z.array(caseEventSchema) });

export const reassignResultSchema = z.object({
  /** The cases given to the new owner, in the order asked. */
  reassigned: z.array(z.uuid()),
  /** Those the new owner had already: nothing was written for them. */
  alreadyTheirs: z.array(z.uuid()),
});

export const topicSchema = z.object({ id: z.uuid(), name: z.string(), retired: z.boolean(), cases: z.number().int() });
export const topicListSchema = z.object({ topics: z.array(topicSchema) });

export const myTasksSchema = z.object({
  tasks: z.array(
    z.object({
      id: z.uuid(),
      caseId: z.uuid(),
      reference: z.string(),
      /** Empty when `withheld`. */
      text: z.string(),
      /** The case has a restricted constituent (UK GDPR Art. 18) and the reader is not the data protection lead. */
      withheld: z.boolean(),
      dueOn: z.string().nullable(),
      remindAt: z.date().nullable(),
      /** The reminder has come due and the task is not done. */
      reminded: z.boolean(),
      overdue: z.boolean(),
    }),
  ),
});
