/**
 * The fixed vocabularies of the schema, once each: the table types, the Zod schemas of the API and
 * the SQL CHECK constraints (in the migrations) all say the same lists.
 */
export const roles = ['member', 'manager', 'caseworker', 'volunteer', 'researcher', 'data_protection_lead'] as const;
export type Role = (typeof roles)[number];

/** Whom the office requires to use two-factor sign-in (migration 0010). */
export const twoFactorRequirements = ['none', 'managers_and_dpo', 'everyone'] as const;
export type TwoFactorRequirement = (typeof twoFactorRequirements)[number];

export const nations = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof nations)[number];

export const caseStatuses = ['new', 'open', 'awaiting_agency', 'awaiting_constituent', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** How a datum was collected (the `datum_source` domain, migration 0003). */
export const datumSources = [
  'email',
  'letter',
  'phone',
  'web_form',
  'social_media',
  'event',
  'survey',
  'petition',
  'donation',
  'electoral_register',
  'third_party_referral',
  'public_source',
] as const;
export type DatumSource = (typeof datumSources)[number];

/** Why processing is restricted: the four grounds of UK GDPR Article 18(1) (migration 0013). */
export const restrictionReasons = ['accuracy_contested', 'unlawful_processing', 'legal_claims', 'objection_pending'] as const;
export type RestrictionReason = (typeof restrictionReasons)[number];

export const contactPointKinds = ['email', 'phone', 'postal_address', 'social_handle'] as const;
export type ContactPointKind = (typeof contactPointKinds)[number];

export const organisationKinds = [
  'community_group',
  'charity',
  'school',
  'faith_group',
  'business',
  'public_body',
  'government_agency',
  'local_council',
  'nhs_trust',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const caseOutcomes = ['resolved', 'partly_resolved', 'not_resolved', 'withdrawn', 'not_for_member'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/**
 * The Article 9 condition for a case flagged as special category: the constituent's explicit
 * consent (9(2)(a)), or substantial public interest under DPA 2018 Schedule 1 paragraph 23
 * (elected representatives responding to requests); or, after review, not special category.
 */
export const article9Conditions = ['explicit_consent', 'dpa_sch1_para23', 'not_special_category'] as const;
export type Article9Condition = (typeof article9Conditions)[number];

/** How a constituent gave (or refused) consent to share their details with an agency. */
export const consentMethods = ['in_writing', 'email', 'web_form', 'phone', 'in_person'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const caseEventKinds = ['opened', 'note', 'task', 'agency_contact', 'status_change', 'message'] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

export const messageDirections = ['in', 'out'] as const;
export type MessageDirection = (typeof messageDirections)[number];

/** How a message came or went: the ways the privacy notices promise constituents can get in touch. */
export const messageChannels = ['email', 'web_form', 'phone', 'letter', 'social_media'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** In: inbox → filed (on a case) or archived. Out: queued → sending (handed to SMTP) → sent (an e-mail whose send job failed reads as failed: outbound/repo.ts). */
export const messageStates = ['inbox', 'filed', 'archived', 'queued', 'sending', 'sent'] as const;
export type MessageState = (typeof messageStates)[number];

export const templateChannels = ['email', 'letter'] as const;
export type TemplateChannel = (typeof templateChannels)[number];

/** The lawful bases of UK GDPR Article 6(1), (a) to (f), for a purpose in the record of processing (migration 0029). */
export const lawfulBases = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export type LawfulBasis = (typeof lawfulBases)[number];

/** The special categories of personal data, UK GDPR Article 9(1). */
export const specialCategories = [
  'racial_or_ethnic_origin',
  'political_opinions',
  'religious_or_philosophical_beliefs',
  'trade_union_membership',
  'genetic',
  'biometric',
  'health',
  'sex_life_or_sexual_orientation',
] as const;
export type SpecialCategory = (typeof specialCategories)[number];

/**
 * The Article 9(2) conditions a purpose can rest on for special category data; (b), (g), (h),
 * (i) and (j) also need a condition in DPA 2018 Schedule 1 (Parts 1 and 2).
 */
export const purposeArticle9Conditions = [
  'explicit_consent',
  'employment',
  'vital_interests',
  'made_public',
  'legal_claims',
  'substantial_public_interest',
  'health_or_social_care',
  'public_health',
  'archiving_or_research',
] as const;
export type PurposeArticle9Condition = (typeof purposeArticle9Conditions)[number];

/** A consent ledger entry (migration 0033): given, withdrawn, or an objection to direct marketing. */
export const consentEventKinds = ['given', 'withdrawn', 'objected'] as const;
export type ConsentEventKind = (typeof consentEventKinds)[number];

/** How a consent, withdrawal or objection reached the office. */
export const consentEventMethods = ['web_form', 'paper', 'email', 'phone', 'in_person'] as const;
export type ConsentEventMethod = (typeof consentEventMethods)[number];

/** Who wrote a ledger entry: a member of staff, or the public sign-up pages. */
export const consentRecordedVia = ['staff', 'public_form'] as const;
export type ConsentRecordedVia = (typeof consentRecordedVia)[number];

/** The channels of the suppression list. */
export const suppressionChannels = ['email', 'phone'] as const;
export type SuppressionChannel = (typeof suppressionChannels)[number];

/** Why an address is on the suppression list. */
export const suppressionReasons = ['unsubscribed', 'objected', 'hard_bounce', 'complaint', 'added_by_staff'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
