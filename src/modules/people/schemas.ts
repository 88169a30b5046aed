import { z } from 'zod';
import { contactPointKinds, datumSources, organisationKinds, restrictionReasons } from '../../db/enums.js';
import { calendarDate, dateTime, lineOfText, textBlock } from '../../platform/http/fields.js';
import { pageQuery } from '../../platform/http/paging.js';
import { strict } from '../../platform/http/strict.js';
import { councilRegionNames, councils } from './organisation-councils.js';
import { normaliseHandle, normaliseNiNumber, normalisePhone, normalisePostcode } from './normalise.js';

// ---- shared pieces ----


export const sourceSchema = z.enum(datumSources, `must be how the datum was collected: one of ${datumSources.join(', ')}`);

/** When the datum was collected (default: now). Not in the future. */
const collectedAt = dateTime('past').optional();

/** A transform that normalises a string or reports `message` against the field. */
const normalisedBy = (normalise: (input: string) => string | null, message: string) => (input: string, ctx: z.RefinementCtx<string>) => {
  const normalised = normalise(input);
  if (normalised !== null) return normalised;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

const name = lineOfText({ max: 100 });
/** "Ms", "Dr", "Revd": as the person writes it. */
const title = lineOfText({ max: 30 });
const PLATFORMS = ['x', 'facebook', 'instagram', 'linkedin', 'bluesky', 'mastodon', 'threads', 'tiktok', 'youtube', 'other'] as const;

// ---- contact points ----

const contactBase = { preferred: z.boolean().default(false), source: sourceSchema, collectedAt };

const emailInput = strict({
  kind: z.literal('email'),
  value: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address, e.g. name@example.org')),
  ...contactBase,
});
const phoneInput = strict({
  kind: z.literal('phone'),
  value: z
    .string()
    .max(40, 'must be at most 40 characters')
    .transform(normalisedBy(normalisePhone, 'must be a UK phone number, e.g. 07911 123456 or 020 7946 0000')),
  ...contactBase,
});
const addressInput = strict({
  kind: z.literal('postal_address'),
  lines: z.array(lineOfText({ max: 200 })).max(6, 'must be at most 6 lines').default([]),
  postcode: z
    .string()
    .max(10, 'must be at most 10 characters')
    .transform(normalisedBy(normalisePostcode, 'must be a UK postcode, e.g. B63 3AA')),
  ...contactBase,
});
const socialInput = strict({
  kind: z.literal('social_handle'),
  platform: z.enum(PLATFORMS, `must be one of ${PLATFORMS.join(', ')}`),
  handle: lineOfText({ max: 200 })
    .transform(normaliseHandle)
    .pipe(z.string().min(1, 'must not be empty')),
  ...contactBase,
});

export const contactPointInput = z.discriminatedUnion('kind', [emailInput, phoneInput, addressInput, socialInput], {
  error: 'must be one of email, phone, postal_address, social_handle',
});
export type ContactPointInput = z.infer<typeof contactPointInput>;

export const contactPointSchema = z.object({
  id: z.uuid(),
  kind: z.enum(contactPointKinds),
  /** Normalised: e-mail in lower case, phone in E.164, an address on one line, a handle without '@'. */
  value: z.string(),
  lines: z.array(z.string()).nullable(),
  postcode: z.string().nullable(),
  platform: z.string().nullable(),
  preferred: z.boolean(),
  source: sourceSchema,
  collectedAt: z.date(),
  /** An e-mail address that bounced for good: since when, the status code and what it means ("the mailbox does not exist"). */
  undeliverable: z.object({ since: z.date(), status: z.string().nullable(), reason: z.string().nullable() }).nullable(),
});
export type ContactPointView = z.infer<typeof contactPointSchema>;

// ---- persons ----

const flagsInput = strict({
  deceased: z.boolean().optional(),
  doNotContact: z.boolean().optional(),
  outOfConstituency: z.boolean().optional(),
  /** Marked a child by staff; a date of birth under 18 makes the person a child regardless. */
  child: z.boolean().optional(),
  vulnerable: z.boolean().optional(),
});
export type FlagsInput = z.infer<typeof flagsInput>;

const dateOfBirth = calendarDate().refine((v) => Date.parse(v) <= Date.now(), 'must be a date between 1900-01-01 and today');
const niNumber = z
  .string()
  .max(20, 'must be at most 20 characters')
  .transform(normalisedBy(normaliseNiNumber, 'must be a National Insurance number: two letters, six digits and A, B, C or D, e.g. AB 12 34 56 C'));

export const identifiersInput = strict({ dateOfBirth: dateOfBirth.nullable().optional(), niNumber: niNumber.nullable().optional() });
export type IdentifiersInput = z.infer<typeof identifiersInput>;

/** At most one preferred contact point of each kind, and no value twice. */
function checkContactPoints(points: readonly ContactPointInput[], ctx: z.RefinementCtx): void {
  const preferred = new Set<string>();
  const seen = new Set<string>();
  points.forEach((p, i) => {
    if (p.preferred && preferred.has(p.kind)) {
      ctx.addIssue({ code: 'custom', path: ['contactPoints', i, 'preferred'], message: `must be false: another ${p.kind} is already preferred` });
    }
    if (p.preferred) preferred.add(p.kind);
    const key = `${p.kind}/${contactValue(p)}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['contactPoints', i], message: `repeats an earlier ${p.kind}` });
    seen.add(key);
  });
}

export const createPersonBody = strict({
  title: title.optional(),
  givenName: name,
  familyName: name,
  source: sourceSchema,
  collectedAt,
  referredByThirdParty: z.boolean().default(false),
  flags: flagsInput.default({}),
  identifiers: identifiersInput.optional(),
  contactPoints: z.array(contactPointInput).max(20, 'must be at most 20 contact points').default([]),
}).superRefine((body, ctx) => checkContactPoints(body.contactPoints, ctx));
export type CreatePersonBody = z.infer<typeof createPersonBody>;

export const updatePersonBody = strict({
  /** null takes the title away. */
  title: title.nullable().optional(),
  givenName: name.optional(),
  familyName: name.optional(),
  flags: flagsInput.optional(),
  identifiers: identifiersInput.optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), 'must change something: title, givenName, familyName, flags or identifiers');
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;

export const confirmContactBody = strict({ source: sourceSchema.describe('how the person confirmed they are happy to be contacted') });

export const personQuery = strict({ include: z.literal('identifiers', 'must be "identifiers" (or left out)').optional() });

export const personSchema = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  source: z.string(),
  collectedAt: z.date(),
  /** Restricted (UK GDPR Art. 18): e-mail and postcode are withheld from all but the data protection lead. */
  restricted: z.boolean(),
});
export type PersonView = z.infer<typeof personSchema>;

export const personDetailSchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  source: sourceSchema,
  collectedAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
  referral: z.object({
    referredByThirdParty: z.boolean(),
    /** Referred by someone else and not yet confirmed: contact only about the referral. */
    awaitingConfirmation: z.boolean(),
    contactConfirmedAt: z.date().nullable(),
    contactConfirmedSource: sourceSchema.nullable(),
  }),
  flags: z.object({
    deceased: z.boolean(),
    doNotContact: z.boolean(),
    outOfConstituency: z.boolean(),
    child: z.boolean(),
    childMarked: z.boolean(),
    childByDateOfBirth: z.boolean(),
    vulnerable: z.boolean(),
  }),
  /** Not deceased, not do-not-contact, not awaiting a third-party referral's confirmation. */
  contactable: z.boolean(),
  hasIdentifiers: z.object({ dateOfBirth: z.boolean(), niNumber: z.boolean() }),
  /** Only with ?include=identifiers (and the read is audited). */
  identifiers: z.object({ dateOfBirth: z.string().nullable(), niNumber: z.string().nullable() }).optional(),
  contactPoints: z.array(contactPointSchema),
  organisations: z.array(
    z.object({ membershipId: z.uuid(), organisationId: z.uuid(), name: z.string(), kind: z.string(), role: z.string().nullable(), source: sourceSchema, collectedAt: z.date() }),
  ),
  /** Processing restricted (UK GDPR Art. 18) by the data protection lead, or null. */
  restriction: z.object({ restrictedAt: z.date(), restrictedBy: z.uuid(), reason: z.enum(restrictionReasons) }).nullable(),
  /**
   * The person is restricted and the reader is not the data protection lead: only the name is
   * shown; flags, referral, contact points, organisations and identifiers are left empty.
   */
  withheld: z.boolean(),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const restrictionBody = strict({
  reason: z.enum(restrictionReasons, `must be the ground of UK GDPR Article 18(1) it is restricted on: one of ${restrictionReasons.join(', ')}`),
});

export const personParams = strict({ personId: z.uuid('must be a person id (a UUID)') });
export const contactPointParams = strict({
  personId: z.uuid('must be a person id (a UUID)'),
  contactPointId: z.uuid('must be a contact point id (a UUID)'),
});
export const personListSchema = z.object({ people: z.array(personSchema), total: z.number().int() });

// ---- organisations ----

const organisationKind = z.enum(organisationKinds, `must be one of ${organisationKinds.join(', ')}`);

/** "www.gov.uk/pip" as people type it, or a full http(s) address; anything else (javascript:, ftp:) is refused. */
function webAddress(input: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
  try {
    const url = new URL(withScheme);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The casework contact route: how to use it (an MP hotline, a reference to quote) and its parts.
 * In an edit, null removes a part.
 */
const contactRoute = {
  contactRoute: textBlock({ max: 2000 }),
  contactEmail: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address, e.g. mp.enquiries@example.gov.uk')),
  contactPhone: z
    .string()
    .max(40, 'must be at most 40 characters')
    .transform(normalisedBy(normalisePhone, 'must be a phone number, e.g. 0800 123 4567 or 020 7946 0000')),
  contactAddress: textBlock({ max: 1000 }),
  contactWeb: z
    .string()
    .trim()
    .max(500, 'must be at most 500 characters')
    .transform(normalisedBy(webAddress, 'must be a web address, e.g. www.gov.uk/contact-the-dvla')),
};
const optional = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };
const removable = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.nullable().optional()])) as { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };

export const createOrganisationBody = strict({
  name: lineOfText({ max: 200 }),
  kind: organisationKind,
  ...optional(contactRoute),
  notes: textBlock({ max: 4000 }).optional(),
  source: sourceSchema,
  collectedAt,
});
export type CreateOrganisationBody = z.infer<typeof createOrganisationBody>;

export const addMemberBody = strict({
  personId: z.uuid('must be a person id (a UUID)'),
  role: lineOfText({ max: 200 }).optional(),
  source: sourceSchema,
  collectedAt,
});
export type AddMemberBody = z.infer<typeof addMemberBody>;

export const organisationParams = strict({ organisationId: z.uuid('must be an organisation id (a UUID)') });

export const membershipSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  personId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  role: z.string().nullable(),
  source: sourceSchema,
  collectedAt: z.date(),
});
export type MembershipView = z.infer<typeof membershipSchema>;

export const organisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(organisationKinds),
  contactRoute: z.string().nullable(),
  contactEmail: z.string().nullable(),
  /** E.164. */
  contactPhone: z.string().nullable(),
  contactAddress: z.string().nullable(),
  contactWeb: z.string().nullable(),
  checkBeforeUse: z.boolean(),
  notes: z.string().nullable(),
  source: sourceSchema,
  collectedAt: z.date(),
  createdAt: z.date(),
  members: z.array(membershipSchema),
});
export type OrganisationView = z.infer<typeof organisationSchema>;

export const organisationListQuery = pageQuery.extend({
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  kind: organisationKind.optional(),
});
export type OrganisationListQuery = z.infer<typeof organisationListQuery>;

const directoryEntrySchema = organisationSchema.omit({ members: true });
export type DirectoryEntryView = z.infer<typeof directoryEntrySchema>;
export const organisationListSchema = z.object({ organisations: z.array(directoryEntrySchema), total: z.number().int() });

/**
 * An edit names where the new details came from. Any part of the contact route written by a
 * person, or `confirmed: true`, clears "check before use": someone in the office has now checked it.
 */
export const updateOrganisationBody = strict({
  name: lineOfText({ max: 200 }).optional(),
  kind: organisationKind.optional(),
  ...removable(contactRoute),
  notes: textBlock({ max: 4000 }).nullable().optional(),
  confirmed: z.literal(true, 'can only be true (the route has been checked)').optional(),
  source: sourceSchema,
});
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBody>;

const councilNames = new Set(councils.map((c) => c.name));

/** Councils of the office's area, chosen from the list by name. */
export const addCouncilsBody = strict({
  names: z
    .array(z.string().refine((name) => councilNames.has(name), 'must be a council on the list of UK councils, named as it is there'))
    .min(1, 'must name at least one council')
    .max(100, 'must name at most 100 councils at once'),
});
export type AddCouncilsBody = z.infer<typeof addCouncilsBody>;

export const councilListSchema = z.object({
  councils: z.array(z.object({ name: z.string(), region: z.enum(councilRegionNames), inDirectory: z.boolean() })),
});
export type CouncilList = z.infer<typeof councilListSchema>;

export const starterDirectoryAddedSchema = z.object({ added: z.array(z.object({ id: z.uuid(), name: z.string() })) });
export type StarterDirectoryAdded = z.infer<typeof starterDirectoryAddedSchema>;

// ---- helpers shared with the services ----

/** The normalised one-line value a contact point is stored and matched under. */
export function contactValue(p: ContactPointInput): string {
  switch (p.kind) {
    case 'email':
    case 'phone':
      return p.value;
    case 'postal_address':
      return [...p.lines, p.postcode].join(', ');
    case 'social_handle':
      return p.handle;
  }
}

// ---- matching an incoming contact ----

export const matchQuery = strict({
  name: lineOfText({ max: 200 }).optional(),
  email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address, e.g. name@example.org')).optional(),
  phone: z
    .string()
    .max(40, 'must be at most 40 characters')
    .transform(normalisedBy(normalisePhone, 'must be a UK phone number, e.g. 07911 123456 or 020 7946 0000'))
    .optional(),
  postcode: z
    .string()
    .max(10, 'must be at most 10 characters')
    .transform(normalisedBy(normalisePostcode, 'must be a UK postcode, e.g. B63 3AA'))
    .optional(),
}).refine((q) => q.email || q.phone || (q.name && q.postcode), {
  message: 'needs an e-mail address, a phone number, or a name with a postcode to match on',
});
export type MatchQuery = z.infer<typeof matchQuery>;

export const matchCandidateSchema = z.object({ person: personSchema, score: z.number(), reasons: z.array(z.string()) });
export type MatchCandidate = z.infer<typeof matchCandidateSchema>;
export const matchListSchema = z.object({ candidates: z.array(matchCandidateSchema) });

// ---- merging duplicate records ----

export const mergeBody = strict({ mergePersonId: z.uuid('must be a person id (a UUID)') });

export const mergeSchema = z.object({
  id: z.uuid(),
  /** The record folded in; it no longer exists. */
  mergedPersonId: z.uuid(),
  mergedAt: z.date(),
  /** Who merged (absent in the answer to the merge itself: it is you). */
  mergedBy: z.string().nullable(),
  /** How many of each moved to the kept record. */
  moved: z.record(z.string(), z.number()),
});
export type MergeView = z.infer<typeof mergeSchema>;
export const mergeResultSchema = z.object({ merge: mergeSchema, person: personDetailSchema });
export const mergeListSchema = z.object({ merges: z.array(mergeSchema) });
