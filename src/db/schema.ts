import type { ColumnType, Generated } from 'kysely';
import type {
  Article9Condition,
  CaseEventKind,
  CaseOutcome,
  CaseStatus,
  ConsentEventKind,
  ConsentEventMethod,
  ConsentMethod,
  ConsentRecordedVia,
  ContactPointKind,
  DatumSource,
  LawfulBasis,
  MessageChannel,
  MessageDirection,
  MessageState,
  Nation,
  OrganisationKind,
  PurposeArticle9Condition,
  RestrictionReason,
  Role,
  SpecialCategory,
  SuppressionChannel,
  SuppressionReason,
  TemplateChannel,
  TwoFactorRequirement,
} from './enums.js';

/** Table types for Kysely, kept by hand beside the SQL migrations that define them. */

type CreatedNow = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column, read and written as 'YYYY-MM-DD' (see db/database.ts). */
type DateOnly = string;

export type {
  Article9Condition,
  CaseEventKind,
  CaseOutcome,
  CaseStatus,
  ConsentEventKind,
  ConsentEventMethod,
  ConsentMethod,
  ConsentRecordedVia,
  ContactPointKind,
  DatumSource,
  LawfulBasis,
  MessageChannel,
  MessageDirection,
  MessageState,
  Nation,
  OrganisationKind,
  PurposeArticle9Condition,
  RestrictionReason,
  Role,
  SpecialCategory,
  SuppressionChannel,
  SuppressionReason,
  TemplateChannel,
  TwoFactorRequirement,
} from './enums.js';

export interface OfficesTable {
  id: Generated<string>;
  name: string;
  member_name: string;
  nation: Generated<Nation>;
  two_factor_requirement: ColumnType<TwoFactorRequirement, TwoFactorRequirement | undefined, TwoFactorRequirement>;
  caseworkers_see_all_cases: Generated<boolean>;
  created_at: CreatedNow;
  rights_target_days: Generated<number>;
  /** The controller's details (migration 0034); null until the office gives them. */
  controller_address: string | null;
  controller_email: string | null;
  data_protection_contact: string | null;
  ico_registration: string | null;
  security_measures: Generated<string>;
}

/** Bank holidays imported from a file in the government's format (migration 0038); no office: the same for all. */
export interface BankHolidaysTable {
  division: Nation;
  date: DateOnly;
  title: string;
  notes: Generated<string>;
  bunting: boolean;
  imported_at: CreatedNow;
}

export interface UsersTable {
  office_id: string;
  id: Generated<string>;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  totp_secret_sealed: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>;
  disabled_at: Timestamp | null;
  created_at: CreatedNow;
}

/** A colleague invited by e-mail (migration 0021); only the SHA-256 of the link's token is kept. */
export interface StaffInvitesTable {
  office_id: string;
  id: string;
  email: string;
  role: Role;
  token_hash: Buffer;
  expires_at: Timestamp;
  invited_by: string;
  accepted_at: Timestamp | null;
  created_at: CreatedNow;
  /** The newer invitation to the same address that replaced this one (migration 0028). */
  replaced_by: string | null;
  /** The invitation's e-mail, whose send state the staff page shows (migration 0028). */
  message_id: string | null;
}

/** A sign-up on /subscribe (migration 0035): waiting for its confirmation link, then the record of it. Address and name sealed under the confirmation e-mail's key. */
export interface SubscriptionSignupsTable {
  office_id: string;
  id: string;
  /** SHA-256 (hex) of the link's token. */
  token_hash: string;
  /** The confirmation e-mail. */
  message_id: string;
  email_sealed: string;
  name_sealed: string;
  topic_ids: string[];
  /** The consent wording the page showed. */
  wording: string;
  notice_version: number | null;
  created_at: CreatedNow;
  expires_at: Timestamp;
  confirmed_at: Timestamp | null;
  person_id: string | null;
}

/** A draft e-mail or letter saved on a case (migration 0027); its words sealed with the case's key. */
export interface MessageDraftsTable {
  office_id: string;
  id: string;
  case_id: string;
  channel: TemplateChannel;
  template_id: string | null;
  to_sealed: string | null;
  to_organisation_id: string | null;
  agency_id: string | null;
  subject_sealed: string | null;
  body_sealed: string;
  version: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: CreatedNow;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A staff member's one-time recovery codes, by SHA-256 (migration 0010). */
export interface RecoveryCodesTable {
  office_id: string;
  user_id: string;
  code_hash: Buffer;
  used_at: Timestamp | null;
  created_at: CreatedNow;
}

/** Failed sign-ins per (e-mail address tried, client address), keyed by their HMAC (migration 0010). */
export interface SignInFailuresTable {
  key: Buffer;
  failures: number;
  locked_until: Timestamp | null;
  last_failed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  office_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedNow;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface AuditLogTable {
  office_id: string;
  seq: ColumnType<string, string | number, never>;
  at: Timestamp;
  actor_user_id: string | null;
  session_id: string | null;
  action: string;
  record_type: string | null;
  record_ids: ColumnType<string[], string, never>;
  prev_hash: string;
  hash: string;
  /** 1: SHA-256, from before migration 0009; 2: HMAC under the audit key (platform/audit/chain.ts). */
  chain_version: ColumnType<number, number, never>;
}

export interface AuditHeadsTable {
  office_id: string;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
  /** HMAC over office, position and hash; NULL only for a chain not yet keyed. */
  seal: ColumnType<string | null, string | undefined, string>;
}


export interface PersonsTable {
  office_id: string;
  id: Generated<string>;
  /** How they are addressed, "Ms" or "Dr" (migration 0024). */
  title: ColumnType<string | null, string | null | undefined, string | null>;
  given_name: string;
  family_name: string;
  source: DatumSource;
  collected_at: CreatedNow;
  created_at: CreatedNow;
  referred_by_third_party: Generated<boolean>;
  contact_confirmed_at: Timestamp | null;
  contact_confirmed_source: DatumSource | null;
  deceased: Generated<boolean>;
  do_not_contact: Generated<boolean>;
  out_of_constituency: Generated<boolean>;
  child_marked: Generated<boolean>;
  /** Under 18 by the encrypted date of birth when it was last set; the date itself is never in clear. */
  child_by_date_of_birth: Generated<boolean>;
  vulnerable: Generated<boolean>;
  /** lower(given_name) and lower(family_name), kept by PostgreSQL for name search (migration 0006). */
  given_key: ColumnType<string, never, never>;
  family_key: ColumnType<string, never, never>;
  /** Ciphertexts from the key store (the person's data key), never plaintext. */
  date_of_birth_sealed: string | null;
  ni_number_sealed: string | null;
  /** Processing restricted (UK GDPR Art. 18, migration 0013): all three set, or none. */
  restricted_at: Timestamp | null;
  restricted_by: string | null;
  restriction_reason: RestrictionReason | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OfficeCountersTable {
  office_id: string;
  name: string;
  value: ColumnType<string, string | number | undefined, string | number>;
}

export interface CasesTable {
  office_id: string;
  id: Generated<string>;
  reference: string;
  /** The lead constituent; every constituent (this one too) is in case_constituents. */
  person_id: string;
  /** Only on rows from before migration 0006, until start-up seals them (casework/legacy.ts). */
  summary: string | null;
  /** Case text is sealed with the case's own data key (casework/text.ts). */
  summary_sealed: string | null;
  status: Generated<CaseStatus>;
  owner_user_id: string | null;
  sensitive: Generated<boolean>;
  opened_at: CreatedNow;
  due_on: DateOnly | null;
  outcome: CaseOutcome | null;
  outcome_note_sealed: string | null;
  closed_at: Timestamp | null;
  special_categories: Generated<string[]>;
  article9_condition: Article9Condition | null;
  article9_recorded_at: Timestamp | null;
  article9_recorded_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TopicsTable {
  office_id: string;
  id: Generated<string>;
  name: string;
  retired_at: Timestamp | null;
  created_at: CreatedNow;
}

export interface CaseConstituentsTable {
  office_id: string;
  case_id: string;
  person_id: string;
}

export interface CaseTopicsTable {
  office_id: string;
  case_id: string;
  topic_id: string;
}

export interface CaseAgenciesTable {
  office_id: string;
  case_id: string;
  organisation_id: string;
  agency_reference: string | null;
}

export interface CaseSharingConsentsTable {
  office_id: string;
  id: Generated<string>;
  case_id: string;
  person_id: string;
  organisation_id: string;
  agreed: boolean;
  method: ConsentMethod;
  given_at: Timestamp;
  recorded_by: string;
  recorded_at: CreatedNow;
}

/** The case timeline; `detail` holds codes and ids only, text is sealed. */
export interface CaseEventsTable {
  office_id: string;
  id: Generated<string>;
  case_id: string;
  kind: CaseEventKind;
  actor_user_id: string | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  text_sealed: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  organisation_id: string | null;
  assignee_user_id: string | null;
  due_on: DateOnly | null;
  remind_at: Timestamp | null;
  reminded_at: Timestamp | null;
  done_at: Timestamp | null;
  done_by: string | null;
  message_id: string | null;
}

/** Keyed hashes of word prefixes of a case's sealed text (a signed 64-bit integer, as text). */
export interface CaseSearchTermsTable {
  office_id: string;
  term: string;
  case_id: string;
}

export interface CaseAccessTable {
  office_id: string;
  case_id: string;
  user_id: string;
}

export interface PersonMergesTable {
  office_id: string;
  id: Generated<string>;
  kept_person_id: string;
  merged_person_id: string;
  merged_by_user_id: string;
  merged_at: CreatedNow;
  /** jsonb: read as an object, written as JSON text. */
  moved: ColumnType<Record<string, number>, string, never>;
}

export interface DB {
  offices: OfficesTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_failures: SignInFailuresTable;
  bank_holidays: BankHolidaysTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  persons: PersonsTable;
  person_merges: PersonMergesTable;
  office_counters: OfficeCountersTable;
  cases: CasesTable;
  case_access: CaseAccessTable;
  topics: TopicsTable;
  case_constituents: CaseConstituentsTable;
  case_topics: CaseTopicsTable;
  case_agencies: CaseAgenciesTable;
  case_sharing_consents: CaseSharingConsentsTable;
  case_events: CaseEventsTable;
  case_search_terms: CaseSearchTermsTable;
  jobs: JobsTable;
  contact_points: ContactPointsTable;
  organisations: OrganisationsTable;
  organisation_memberships: OrganisationMembershipsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  constituency_postcodes: ConstituencyPostcodesTable;
  message_templates: MessageTemplatesTable;
  office_correspondence: OfficeCorrespondenceTable;
  mailboxes: MailboxesTable;
  staff_invites: StaffInvitesTable;
  processing_purposes: ProcessingPurposesTable;
  message_drafts: MessageDraftsTable;
  campaign_groups: CampaignGroupsTable;
  campaign_members: CampaignMembersTable;
  privacy_notice_versions: PrivacyNoticeVersionsTable;
  subscription_topics: SubscriptionTopicsTable;
  consent_evidence: ConsentEvidenceTable;
  consent_events: ConsentEventsTable;
  suppressions: SuppressionsTable;
  subscription_signups: SubscriptionSignupsTable;
  newsletter_mailings: NewsletterMailingsTable;
  newsletter_recipients: NewsletterRecipientsTable;
  newsletter_settings: NewsletterSettingsTable;
  delivery_reports: DeliveryReportsTable;
  unmatched_delivery_reports: UnmatchedDeliveryReportsTable;
}

/** Every message in and out (migration 0007). Subject, text and HTML sealed with the message's own key. */
export interface MessagesTable {
  office_id: string;
  id: string;
  direction: MessageDirection;
  channel: MessageChannel;
  state: MessageState;
  person_id: string | null;
  case_id: string | null;
  assignee_user_id: string | null;
  /** Not unique (migration 0008): a reused Message-ID with other content is kept, flagged in detail.flags. */
  internet_message_id: string | null;
  in_reply_to: string | null;
  reference_ids: ColumnType<string[], string[] | undefined, string[]>;
  content_hash: string | null;
  /** Plain only in rows from before migration 0015, until start-up seals them. */
  counterpart_address: string | null;
  counterpart_name: string | null;
  counterpart_address_sealed: string | null;
  counterpart_name_sealed: string | null;
  to_addresses: ColumnType<string[], string[] | undefined, string[]>;
  subject_sealed: string | null;
  body_sealed: string | null;
  html_sealed: string | null;
  occurred_at: Timestamp;
  received_at: ColumnType<Date, Date | string | undefined, Date | string>;
  out_of_constituency: Generated<boolean>;
  attachment_count: Generated<number>;
  /** `flags`: what was done to store it as it came (see correspondence/storable.ts). */
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_by: string | null;
  sent_at: Timestamp | null;
  /** Migration 0019: why an outgoing e-mail has not gone yet, sealed (a refusal can quote the address); null once sent. */
  send_problem_sealed: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AttachmentsTable {
  office_id: string;
  id: string;
  message_id: string;
  filename_sealed: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content_sealed: string;
}

export interface ConstituencyPostcodesTable {
  office_id: string;
  postcode: string;
}

export interface MessageTemplatesTable {
  office_id: string;
  id: string;
  name: string;
  channel: TemplateChannel;
  subject: Generated<string>;
  body: string;
  retired_at: Timestamp | null;
  created_at: CreatedNow;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OfficeCorrespondenceTable {
  office_id: string;
  from_address: string | null;
  signature: Generated<string>;
  letterhead_address: Generated<string>;
  logo: Buffer | null;
  logo_type: 'image/png' | 'image/jpeg' | null;
  privacy_notice_url: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Migration 0019: the office's own SMTP server; none: POSTBAG_SMTP_URL. The password is sealed (a mailbox key under the office's id). */
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: SmtpSecurity | null;
  smtp_username: string | null;
  smtp_password_sealed: string | null;
}

/** TLS from the first byte (port 465), or STARTTLS (587), required unless the server is this machine. */
export type SmtpSecurity = 'tls' | 'starttls';

export interface MailboxesTable {
  office_id: string;
  id: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password_sealed: string;
  folder: Generated<string>;
  uid_validity: ColumnType<string | null, string | number | null, string | number | null>;
  last_uid: ColumnType<string, string | number | undefined, string | number>;
  polled_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedNow;
}

/** Durable jobs (migration 0002, src/platform/jobs). `payload` holds ids only, never personal data. */
export interface JobsTable {
  id: Generated<string>;
  /** NULL for a deployment-wide job. */
  office_id: string | null;
  kind: string;
  /** jsonb: read as an object, written as JSON text. */
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Timestamp | null;
  created_at: CreatedNow;
  updated_at: Generated<Date>;
  finished_at: Timestamp | null;
  dedupe_key: string | null;
  /** jsonb (migration 0014): the cursor the job's committed steps left; the next attempt resumes from it. */
  progress: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** A failed job's missing prerequisite (migration 0028): providing it queues the job again. */
  waiting_for: string | null;
}

/** A way to reach a person (migration 0003); `value` is normalised for matching. */
export interface ContactPointsTable {
  office_id: string;
  id: Generated<string>;
  person_id: string;
  kind: ContactPointKind;
  value: string;
  /** jsonb: read as an array, written as JSON text; postal addresses only. */
  address_lines: ColumnType<string[] | null, string | null | undefined, string | null>;
  postcode: string | null;
  platform: string | null;
  preferred: Generated<boolean>;
  source: DatumSource;
  collected_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedNow;
  /** An e-mail address that bounced for good (migration 0036), and the status code saying why. */
  undeliverable_at: Date | null;
  undeliverable_status: string | null;
}


export interface OrganisationsTable {
  office_id: string;
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  contact_route: string | null;
  /** The route's parts (migration 0022): phone in E.164, address as lines separated by line breaks. */
  contact_email: string | null;
  contact_phone: string | null;
  contact_address: string | null;
  contact_web: string | null;
  check_before_use: Generated<boolean>;
  notes: string | null;
  source: DatumSource;
  collected_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedNow;
}

export interface OrganisationMembershipsTable {
  office_id: string;
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  role: string | null;
  source: DatumSource;
  collected_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedNow;
}

/** The record of processing (migration 0029): one row a purpose, retired rather than deleted. */
export interface ProcessingPurposesTable {
  office_id: string;
  id: string;
  name: string;
  description: string;
  /** Null: not decided yet (migration 0034), and no notice is published until it is. */
  lawful_basis: LawfulBasis | null;
  special_categories: ColumnType<SpecialCategory[], SpecialCategory[] | undefined, SpecialCategory[]>;
  article9_condition: PurposeArticle9Condition | null;
  schedule1_paragraph: number | null;
  data_categories: string[];
  data_subjects: string[];
  sources: string[];
  recipients: string[];
  retention_months: number | null;
  retention_note: string;
  consent_required: boolean;
  modules: ColumnType<string[], string[] | undefined, string[]>;
  retired_at: Timestamp | null;
  created_at: CreatedNow;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Campaign mail (migration 0026): one row per distinct normalised text; `signature` is its HMAC under the office's key. */
export interface CampaignGroupsTable {
  office_id: string;
  id: string;
  signature: Buffer;
  created_at: CreatedNow;
}

/** A message waiting in the inbox, in its campaign group. */
export interface CampaignMembersTable {
  office_id: string;
  message_id: string;
  group_id: string;
}

/** A published privacy notice (migration 0034), append-only: the page as rendered, its text, and the record and details it came from. */
export interface PrivacyNoticeVersionsTable {
  office_id: string;
  number: number;
  published_at: CreatedNow;
  published_by: string;
  note: string;
  significant: boolean;
  html: string;
  text: string;
  source: ColumnType<unknown, string, never>;
}

/** What people may subscribe to (migration 0033): a purpose of the record of processing, narrowed. */
export interface SubscriptionTopicsTable {
  office_id: string;
  id: string;
  name: string;
  description: string;
  purpose_id: string;
  retired_at: Timestamp | null;
  created_at: CreatedNow;
}

/** Evidence of a consent event (a signed form), sealed with the person's key; written once. */
export interface ConsentEvidenceTable {
  office_id: string;
  id: string;
  person_id: string;
  filename_sealed: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content_sealed: string;
  created_by: string;
  created_at: CreatedNow;
}

/** The consent ledger: append-only (the database refuses UPDATE and DELETE but for erasure and merge). */
export interface ConsentEventsTable {
  office_id: string;
  id: string;
  person_id: string;
  purpose_id: string;
  topic_id: string | null;
  kind: ConsentEventKind;
  method: ConsentEventMethod;
  wording: string;
  notice_version: number | null;
  evidence_id: string | null;
  occurred_at: Timestamp;
  recorded_at: CreatedNow;
  recorded_by: string | null;
  recorded_via: ConsentRecordedVia;
}

/** The suppression list: keyed hashes of addresses, kept after erasure; added to, never rewritten. */
export interface SuppressionsTable {
  office_id: string;
  address_hash: Buffer;
  channel: SuppressionChannel;
  reason: SuppressionReason;
  suppressed_at: CreatedNow;
}

export type MailingState = 'draft' | 'sending' | 'sent';

/** A newsletter or campaign update (migration 0039); its texts sealed under a message key of its own id. */
export interface NewsletterMailingsTable {
  office_id: string;
  id: string;
  purpose_id: string;
  topic_id: string | null;
  postcode_areas: ColumnType<string[], string[] | undefined, string[]>;
  subject_sealed: string;
  html_sealed: string;
  text_sealed: string;
  state: ColumnType<MailingState, MailingState | undefined, MailingState>;
  created_by: string | null;
  created_at: CreatedNow;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  sent_by: string | null;
  send_started_at: Timestamp | null;
  queued_at: Timestamp | null;
}

/** Who a mailing went to, fixed when it was sent: one row, one message, per person per mailing. */
export interface NewsletterRecipientsTable {
  office_id: string;
  mailing_id: string;
  person_id: string;
  message_id: string | null;
  refused_at: Timestamp | null;
}

/** The office's sending rate for mailings; no row: the default. */
export interface NewsletterSettingsTable {
  office_id: string;
  messages_per_minute: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type DeliveryAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | 'complaint';

/** What a delivery report said of one recipient of an outgoing e-mail (migration 0036); the diagnostic sealed with the message's key. */
export interface DeliveryReportsTable {
  office_id: string;
  id: string;
  message_id: string;
  recipient: string;
  action: DeliveryAction;
  status: string | null;
  permanent: boolean;
  diagnostic_sealed: string | null;
  reported_at: Date;
  received_at: CreatedNow;
  report_hash: string;
}

/** A delivery report that matched no e-mail the office sent: counted, nothing else kept (migration 0036). */
export interface UnmatchedDeliveryReportsTable {
  office_id: string;
  report_hash: string;
  kind: 'bounce' | 'complaint';
  received_at: CreatedNow;
}
