import type { Tone } from './components/StatusBadge.js';
import { humanise } from './capabilities.js';

/**
 * The office's words for the server's fixed vocabularies (case statuses, outcomes, the Article 9
 * conditions...). A value this build does not know is shown tidied up rather than hidden: the
 * server may be newer than the page.
 */
function wordFor(words: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(words, value) ? (words[value] ?? humanise(value)) : humanise(value);
}

export const caseStatusTone = {
  new: 'active',
  open: 'active',
  awaiting_agency: 'waiting',
  awaiting_constituent: 'waiting',
  closed: 'done',
} as const satisfies Record<string, Tone>;

const caseStatusWords: Record<string, string> = {
  new: 'New',
  open: 'Open',
  awaiting_agency: 'Awaiting agency',
  awaiting_constituent: 'Awaiting constituent',
  closed: 'Closed',
};
export const caseStatusLabel = (status: string) => wordFor(caseStatusWords, status);
export const caseStatuses = Object.keys(caseStatusWords);

const outcomeWords: Record<string, string> = {
  resolved: 'Resolved',
  partly_resolved: 'Partly resolved',
  not_resolved: 'Not resolved',
  withdrawn: 'Withdrawn by the constituent',
  not_for_member: 'Not a matter for the member',
};
export const outcomeLabel = (outcome: string) => wordFor(outcomeWords, outcome);
export const outcomes = Object.keys(outcomeWords);

const article9Words: Record<string, string> = {
  explicit_consent: 'Explicit consent of the constituent (Article 9(2)(a))',
  dpa_sch1_para23: 'DPA 2018 Schedule 1 paragraph 23 (elected representatives responding to requests)',
  not_special_category: 'Not special category data, after review',
};
export const article9Label = (condition: string) => wordFor(article9Words, condition);
export const article9Conditions = Object.keys(article9Words);

const categoryWords: Record<string, string> = {
  health: 'Health',
  racial_or_ethnic_origin: 'Racial or ethnic origin',
  religious_or_philosophical_beliefs: 'Religious or philosophical beliefs',
  sex_life_or_sexual_orientation: 'Sex life or sexual orientation',
  trade_union_membership: 'Trade union membership',
  political_opinions: 'Political opinions',
  genetic: 'Genetic data',
  biometric: 'Biometric data',
  criminal_offences: 'Criminal offences (Article 10)',
};
export const categoryLabel = (category: string) => wordFor(categoryWords, category);

const consentMethodWords: Record<string, string> = {
  in_writing: 'In writing',
  email: 'By e-mail',
  web_form: 'Web form',
  phone: 'By phone',
  in_person: 'In person',
};
export const consentMethodLabel = (method: string) => wordFor(consentMethodWords, method);
export const consentMethods = Object.keys(consentMethodWords);

const sourceWords: Record<string, string> = {
  email: 'E-mail',
  letter: 'Letter',
  phone: 'Phone call',
  web_form: 'Web form',
  social_media: 'Social media',
  event: 'Event',
  survey: 'Survey',
  petition: 'Petition',
  donation: 'Donation',
  electoral_register: 'Electoral register',
  third_party_referral: 'Referred by someone else',
  public_source: 'Public source',
};
export const sourceLabel = (source: string) => wordFor(sourceWords, source);
export const sources = Object.keys(sourceWords);

const contactKindWords: Record<string, string> = {
  email: 'E-mail',
  phone: 'Phone',
  postal_address: 'Postal address',
  social_handle: 'Social media',
};
export const contactKindLabel = (kind: string) => wordFor(contactKindWords, kind);

const organisationKindWords: Record<string, string> = {
  community_group: 'Community group',
  charity: 'Charity',
  school: 'School',
  faith_group: 'Faith group',
  business: 'Business',
  public_body: 'Public body',
  government_agency: 'Government agency',
  local_council: 'Local council',
  nhs_trust: 'NHS trust',
  other: 'Other organisation',
};
export const organisationKindLabel = (kind: string) => wordFor(organisationKindWords, kind);
export const organisationKinds = Object.keys(organisationKindWords);

/** "1 case", "3 cases". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

const channelWords: Record<string, string> = {
  email: 'E-mail',
  web_form: 'Web form',
  phone: 'Phone call',
  letter: 'Letter',
  social_media: 'Social media',
};
export const channelLabel = (channel: string) => wordFor(channelWords, channel);

/** "2.4 MB", "18 KB": a file's size as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return count(bytes, 'byte');
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: value < 10 ? 1 : 0 })} ${unit}`;
}

const socialPlatformWords: Record<string, string> = {
  x: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  bluesky: 'Bluesky',
  threads: 'Threads',
  tiktok: 'TikTok',
  other: 'Another platform',
};
export const socialPlatformLabel = (platform: string) => wordFor(socialPlatformWords, platform);

/** What a list shows in place of a restricted person's details, or their case's text, to anyone but the data protection lead. */
export const withheldWords = 'Restricted (UK GDPR Article 18): only the data protection lead reads this';

const consentEventKindWords: Record<string, string> = { given: 'Consent given', withdrawn: 'Consent withdrawn', objected: 'Objected to direct marketing' };
export const consentEventKindLabel = (kind: string) => wordFor(consentEventKindWords, kind);

const consentStateWords: Record<string, string> = { given: 'Consented', withdrawn: 'Withdrawn', objected: 'Objected' };
export const consentStateLabel = (state: string) => wordFor(consentStateWords, state);

const consentEventMethodWords: Record<string, string> = { paper: 'On paper (a signed form)', phone: 'By phone', in_person: 'In person', email: 'By e-mail', web_form: 'Web form' };
export const consentEventMethodLabel = (method: string) => wordFor(consentEventMethodWords, method);
/** What staff record by hand: the web form records itself. */
export const staffConsentMethods = ['paper', 'phone', 'in_person', 'email'];

const suppressionReasonWords: Record<string, string> = {
  unsubscribed: 'Unsubscribed',
  objected: 'Objected to direct marketing',
  hard_bounce: 'Mail bounced (the address does not exist)',
  complaint: 'Reported our mail as spam',
  added_by_staff: 'Added by the office',
};
export const suppressionReasonLabel = (reason: string) => wordFor(suppressionReasonWords, reason);
