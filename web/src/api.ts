/**
 * The one way the web app talks to the server: JSON under /api/v1, the session cookie sent
 * same-origin, the CSRF token on every request that changes something, and every failure
 * turned into an ApiError that carries the server's code and its message for the user.
 *
 * Response types come from the server's own Zod schemas (type-only imports: nothing of the server
 * is bundled), so the two cannot drift apart.
 */

import type { z } from 'zod';
import type {
  agencyContactBody,
  caseDetailSchema,
  caseEventSchema,
  caseListSchema,
  CaseSummary as CaseSummaryOut,
  closeBody,
  createCaseBody,
  updateCaseBody,
  myTasksSchema,
  reassignBody,
  reassignResultSchema,
  sharingConsentBody,
  taskBody,
  timelineSchema,
  topicListSchema,
} from '../../src/modules/casework/schemas.js';
import type { unmatchedReportsSchema } from '../../src/modules/correspondence/delivery/views.js';
import type { attachedMessageSchema, importResultSchema, inboxSchema, messageDetailSchema, personMessagesSchema, triageBody } from '../../src/modules/correspondence/schemas.js';
import type { campaignPreviewSchema, campaignReplyBody, campaignReplySchema, campaignSchema } from '../../src/modules/correspondence/campaigns/schemas.js';
import type { constituencySchema } from '../../src/modules/correspondence/contact-form/schemas.js';
import type { addMailboxBody, mailboxListSchema, pollQueuedSchema } from '../../src/modules/correspondence/mailboxes/schemas.js';
import type { noteReply, pastedSocialMessage, socialImportReply, socialMessageReply, socialPlatforms } from '../../src/modules/correspondence/notes/schemas.js';
import type {
  createTemplateBody,
  draftBody,
  draftListSchema,
  draftSchema,
  draftUpdateBody,
  emailBody,
  emailSchema,
  filledTemplateSchema,
  letterBody,
  letterSchema,
  emailListSchema,
  sentDraftSchema,
  settingsBody,
  settingsSchema,
  smtpBody,
  smtpSavedSchema,
  smtpSettingsSchema,
  smtpTestSchema,
  templateListSchema,
  updateTemplateBody,
} from '../../src/modules/correspondence/outbound/schemas.js';
import type { mergeFields } from '../../src/modules/correspondence/outbound/merge.js';
import type { invitationSchema, invitedSchema, inviteBody, officeSchema, officeSettingsBody, staffAccountsSchema, staffListSchema } from '../../src/modules/offices/schemas.js';
import type {
  contactPointInput,
  contactPointSchema,
  councilListSchema,
  createOrganisationBody,
  createPersonBody,
  matchListSchema,
  mergeListSchema,
  mergeResultSchema,
  organisationListSchema,
  organisationSchema,
  personDetailSchema,
  personListSchema,
  updateOrganisationBody,
  updatePersonBody,
} from '../../src/modules/people/schemas.js';
import type { choicesSchema, purposeBody, purposeListSchema } from '../../src/modules/processing/schemas.js';
import type { searchResponseSchema } from '../../src/modules/search/schemas.js';
import type { dashboardSchema } from '../../src/modules/dashboard/schemas.js';

type Out<S extends z.ZodType> = Wire<z.infer<S>>;

export type Role = 'member' | 'manager' | 'caseworker' | 'volunteer' | 'researcher' | 'data_protection_lead';

export interface Me {
  user: { id: string; email: string; displayName: string; role: Role };
  office: { id: string; name: string; memberName: string };
  csrfToken: string;
  permissions: string[];
  twoFactor: { enrolled: boolean; enrolmentRequired: boolean };
}

/** What JSON makes of a server type: dates arrive as ISO strings. */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type CaseSummary = Wire<CaseSummaryOut>;
export type CaseList = Out<typeof caseListSchema>;
export type CaseDetail = Out<typeof caseDetailSchema>;
export type CaseEvent = Out<typeof caseEventSchema>;
export type Timeline = Out<typeof timelineSchema>;
export type TopicList = Out<typeof topicListSchema>;
export type MyTasks = Out<typeof myTasksSchema>;
export type MyTask = MyTasks['tasks'][number];
export type StaffList = Out<typeof staffListSchema>;
export type Dashboard = Out<typeof dashboardSchema>;
export type Office = Out<typeof officeSchema>;
export type OfficeSettings = z.input<typeof officeSettingsBody>;
export type TwoFactorRequirement = Office['twoFactorRequirement'];
export type StaffMember = StaffList['staff'][number];
export type StaffAccounts = Out<typeof staffAccountsSchema>;
export type StaffAccount = StaffAccounts['accounts'][number];
export type NewInvite = z.input<typeof inviteBody>;
export type Invited = Out<typeof invitedSchema>;
export type Invitation = Out<typeof invitationSchema>;
export type Topic = TopicList['topics'][number];
export type PersonList = Out<typeof personListSchema>;
export type PersonDetail = Out<typeof personDetailSchema>;
export type NewPerson = z.input<typeof createPersonBody>;
export type PersonChanges = z.input<typeof updatePersonBody>;
export type NewContactPoint = z.input<typeof contactPointInput>;
export type ContactPoint = Out<typeof contactPointSchema>;
export type Organisation = Out<typeof organisationSchema>;
export type OrganisationList = Out<typeof organisationListSchema>;
export type DirectoryEntry = OrganisationList['organisations'][number];
export type NewOrganisation = z.input<typeof createOrganisationBody>;
export type OrganisationChange = z.input<typeof updateOrganisationBody>;
export type CouncilList = Out<typeof councilListSchema>;
export type MergeResult = Out<typeof mergeResultSchema>;
export type MergeList = Out<typeof mergeListSchema>;
export type SearchResponse = Out<typeof searchResponseSchema>;
export type SearchResult = SearchResponse['results'][number];
export type MatchList = Out<typeof matchListSchema>;
export type Inbox = Out<typeof inboxSchema>;
export type MessageSummary = Inbox['messages'][number];
export type MessageDetail = Out<typeof messageDetailSchema>;
export type AttachedMessage = Out<typeof attachedMessageSchema>;
export type PersonMessages = Out<typeof personMessagesSchema>;
export type Campaign = Out<typeof campaignSchema>;
export type CampaignPreview = Out<typeof campaignPreviewSchema>;
export type CampaignReply = Out<typeof campaignReplySchema>;
export type CampaignReplyBody = z.input<typeof campaignReplyBody>;
export type ImportResult = Out<typeof importResultSchema>;
export type Triage = z.input<typeof triageBody>;
export type TemplateList = Out<typeof templateListSchema>;
export type EmailView = Out<typeof emailSchema>;
export type LetterView = Out<typeof letterSchema>;
export type NoteReply = Out<typeof noteReply>;
export type NewEmail = z.input<typeof emailBody>;
export type NewLetter = z.input<typeof letterBody>;
export type Template = TemplateList['templates'][number];
export type FilledTemplate = Out<typeof filledTemplateSchema>;
export type DraftView = Out<typeof draftSchema>;
export type DraftList = Out<typeof draftListSchema>;
export type NewDraft = z.input<typeof draftBody>;
export type DraftChange = z.input<typeof draftUpdateBody>;
export type SentDraft = Out<typeof sentDraftSchema>;
export type NewTemplate = z.input<typeof createTemplateBody>;
export type TemplateChange = z.input<typeof updateTemplateBody>;
export type MergeField = (typeof mergeFields)[number];
export type CorrespondenceSettings = Out<typeof settingsSchema>;
export type CorrespondenceSettingsChange = z.input<typeof settingsBody>;
export type SmtpSettings = Out<typeof smtpSettingsSchema>;
export type SmtpSaved = Out<typeof smtpSavedSchema>;
export type SmtpChange = z.input<typeof smtpBody>;
export type SmtpTest = Out<typeof smtpTestSchema>;
export type EmailList = Out<typeof emailListSchema>;
export type UnmatchedReports = Out<typeof unmatchedReportsSchema>;
export type Constituency = Out<typeof constituencySchema>;
export type MailboxList = Out<typeof mailboxListSchema>;
export type Mailbox = MailboxList['mailboxes'][number];
export type NewMailbox = z.input<typeof addMailboxBody>;
export type PollQueued = Out<typeof pollQueuedSchema>;
export type SocialPlatform = (typeof socialPlatforms)[number];
export type PastedSocialMessage = z.input<typeof pastedSocialMessage>;
export type SocialMessageReply = Out<typeof socialMessageReply>;
export type SocialImportReply = Out<typeof socialImportReply>;
export type PurposeList = Out<typeof purposeListSchema>;
export type Purpose = PurposeList['purposes'][number];
export type PurposeFields = z.input<typeof purposeBody>;
export type ProcessingChoices = Out<typeof choicesSchema>;

/** What the forms send, as the server's schemas accept it (before their defaults apply). */
export type NewCase = z.input<typeof createCaseBody>;
export type CaseChange = z.input<typeof updateCaseBody>;
export type NewTask = z.input<typeof taskBody>;
export type CaseClosing = z.input<typeof closeBody>;
export type Reassignment = z.input<typeof reassignBody>;
export type ReassignResult = Out<typeof reassignResultSchema>;
export type NewAgencyContact = z.input<typeof agencyContactBody>;
export type NewSharingConsent = z.input<typeof sharingConsentBody>;
export type CaseOutcome = NonNullable<CaseDetail['outcome']>;
export type Article9Condition = NonNullable<CaseDetail['specialCategory']['condition']>;

/** The filters and order of the case list, as GET /cases takes them; absent means "any". */
export interface CaseQuery {
  limit: number;
  offset: number;
  status?: string | undefined;
  owner?: string | undefined;
  topicId?: string | undefined;
  personId?: string | undefined;
  overdue?: 'true' | undefined;
  sort?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface JobList {
  jobs: Job[];
  total: number;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  /** The otpauth address as a QR code: an SVG document. */
  qrSvg: string;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** Codes the client makes itself, when there is no answer from the server to read. */
const ClientErrorCode = {
  Network: 'NETWORK_ERROR',
  BadResponse: 'BAD_RESPONSE',
} as const;

/** A failed request. `code` is the server's error code (e.g. INVALID_CREDENTIALS) or a ClientErrorCode. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The session is missing, expired or revoked: the user has to sign in again. */
  get isSignedOut(): boolean {
    return this.status === 401 && (this.code === 'UNAUTHENTICATED' || this.code === 'SESSION_EXPIRED' || this.code === 'SESSION_INVALID');
  }
}

let csrfToken: string | null = null;

export interface SessionHandlers {
  /** A request found the session gone (not for /me or sign-in, whose callers handle 401 themselves). */
  signedOut(error: ApiError): void;
  /** The office now requires two-step verification and this user has not set it up. */
  enrolmentRequired(error: ApiError): void;
}
let sessionHandlers: SessionHandlers | null = null;

/** The token from `Me.csrfToken`, sent as `x-csrf-token` on every non-GET request (null after sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setSessionHandlers(handlers: SessionHandlers | null): void {
  sessionHandlers = handlers;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the signed-out handler on 401: the caller deals with it. */
  quietOn401?: boolean;
  /** Sent as it is instead of `body` as JSON: a file (a Blob, its type the content type) or a multipart form. */
  upload?: Blob | FormData;
}

function isErrorBody(value: unknown): value is { error: { code: string; message: string; requestId?: string; problems?: FieldProblem[] } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: e.g. a proxy's HTML error page
  }
  if (isErrorBody(body)) {
    const { code, message, requestId, problems } = body.error;
    return new ApiError(response.status, code, message, requestId ?? null, Array.isArray(problems) ? problems : []);
  }
  return new ApiError(
    response.status,
    ClientErrorCode.BadResponse,
    `The server gave an unexpected answer (HTTP ${response.status}). Try again in a moment; if it keeps happening, tell your office manager.`,
  );
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (options.signal) init.signal = options.signal;
  if (method !== 'GET') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    // For an upload, fetch sets the type itself (a form's needs its boundary).
    if (options.upload === undefined) headers['content-type'] = 'application/json';
    init.body = options.upload ?? JSON.stringify(options.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, ClientErrorCode.Network, 'Postbag could not reach the server. Check your connection and try again.');
  }

  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.isSignedOut && !options.quietOn401) sessionHandlers?.signedOut(error);
    if (error.code === 'TWO_FACTOR_ENROLMENT_REQUIRED') sessionHandlers?.enrolmentRequired(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, ClientErrorCode.BadResponse, 'The server sent an answer Postbag could not read. Try again in a moment.');
  }
}

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
const messagePath = (messageId: string) => `/messages/${encodeURIComponent(messageId)}`;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  return search.toString();
}

export const api = {
  me: (signal?: AbortSignal) => request<Me>('GET', '/me', { signal, quietOn401: true }),
  /** `recoveryCode` instead of `code` when the authenticator is lost. */
  signIn: (body: { email: string; password: string; code?: string; recoveryCode?: string }) => request<Me>('POST', '/auth/sign-in', { body, quietOn401: true }),
  signOut: () => request<void>('POST', '/auth/sign-out', { body: {}, quietOn401: true }),
  twoFactorSetup: () => request<TwoFactorSetup>('POST', '/auth/two-factor/setup', { body: {} }),
  /** Answers the recovery codes too, this once. */
  twoFactorConfirm: (code: string) => request<Me & { recoveryCodes: string[] }>('POST', '/auth/two-factor/confirm', { body: { code } }),
  office: (signal?: AbortSignal) => request<Office>('GET', '/office', { signal }),
  /** `code`: the manager's current code, needed to loosen the two-factor requirement once they use it. */
  updateOffice: (body: OfficeSettings) => request<Office>('PATCH', '/office', { body }),
  /** A colleague lost their authenticator: it and their recovery codes stop working, and they set it up again. */
  resetTwoFactor: (userId: string) => request<void>('POST', `/office/staff/${encodeURIComponent(userId)}/two-factor-reset`, { body: {} }),
  cases: (filter: CaseQuery, signal?: AbortSignal) => request<CaseList>('GET', `/cases?${query({ ...filter })}`, { signal }),
  caseDetail: (caseId: string, signal?: AbortSignal) => request<CaseDetail>('GET', casePath(caseId), { signal }),
  createCase: (body: NewCase) => request<CaseDetail>('POST', '/cases', { body }),
  updateCase: (caseId: string, body: CaseChange) => request<CaseDetail>('PATCH', casePath(caseId), { body }),
  changeStatus: (caseId: string, status: string) => request<CaseDetail>('POST', `${casePath(caseId)}/status`, { body: { status } }),
  /** An outcome not chosen yet goes as '', for the server to refuse beside the field. */
  closeCase: (caseId: string, body: Omit<CaseClosing, 'outcome'> & { outcome: string }) => request<CaseDetail>('POST', `${casePath(caseId)}/close`, { body }),
  /** Managers only: every case to the new owner, or none (the error names each case that stopped it). */
  reassignCases: (body: Reassignment) => request<ReassignResult>('POST', '/cases/reassign', { body }),
  recordArticle9: (caseId: string, condition: string) => request<CaseDetail>('POST', `${casePath(caseId)}/article9`, { body: { condition } }),
  recordSharingConsent: (caseId: string, body: NewSharingConsent) => request<CaseDetail>('POST', `${casePath(caseId)}/sharing-consents`, { body }),
  timeline: (caseId: string, signal?: AbortSignal) => request<Timeline>('GET', `${casePath(caseId)}/timeline`, { signal }),
  addNote: (caseId: string, text: string) => request<CaseEvent>('POST', `${casePath(caseId)}/notes`, { body: { text } }),
  addTask: (caseId: string, body: NewTask) => request<CaseEvent>('POST', `${casePath(caseId)}/tasks`, { body }),
  completeTask: (caseId: string, taskId: string) => request<CaseEvent>('POST', `${casePath(caseId)}/tasks/${encodeURIComponent(taskId)}/done`, { body: {} }),
  addAgencyContact: (caseId: string, body: NewAgencyContact) => request<CaseEvent>('POST', `${casePath(caseId)}/agency-contacts`, { body }),
  myTasks: (signal?: AbortSignal) => request<MyTasks>('GET', '/tasks', { signal }),
  dashboard: (signal?: AbortSignal) => request<Dashboard>('GET', '/dashboard', { signal }),
  topics: (signal?: AbortSignal) => request<TopicList>('GET', '/topics', { signal }),
  createTopic: (name: string) => request<Topic>('POST', '/topics', { body: { name } }),
  /** A new name, or `retired` (a retired topic stays on its cases but is not offered for new ones). */
  updateTopic: (topicId: string, body: { name?: string; retired?: boolean }) => request<Topic>('PATCH', `/topics/${encodeURIComponent(topicId)}`, { body }),
  staff: (signal?: AbortSignal) => request<StaffList>('GET', '/office/staff', { signal }),
  staffAccounts: (signal?: AbortSignal) => request<StaffAccounts>('GET', '/office/staff/accounts', { signal }),
  /** A new role, or `active: false` for a leaver (their sessions end at once), `true` to bring them back. */
  changeStaffAccount: (userId: string, body: { role?: Role; active?: boolean }) => request<void>('PATCH', `/office/staff/${encodeURIComponent(userId)}`, { body }),
  inviteColleague: (body: NewInvite) => request<Invited>('POST', '/office/staff/invites', { body }),
  /** Opened from the e-mail, before the colleague has an account. */
  invitation: (token: string, signal?: AbortSignal) => request<Invitation>('GET', `/invites/${encodeURIComponent(token)}`, { signal, quietOn401: true }),
  acceptInvitation: (token: string, body: { name: string; password: string }) => request<{ email: string }>('POST', `/invites/${encodeURIComponent(token)}`, { body, quietOn401: true }),
  people: (page: { limit: number; offset: number }, signal?: AbortSignal) => request<PersonList>('GET', `/people?${query(page)}`, { signal }),
  person: (personId: string, signal?: AbortSignal) => request<PersonDetail>('GET', `/people/${encodeURIComponent(personId)}`, { signal }),
  /** The data protection lead restricts processing (UK GDPR Art. 18) on one of its grounds, or lifts it. */
  createPerson: (body: NewPerson) => request<PersonDetail>('POST', '/people', { body }),
  updatePerson: (personId: string, body: PersonChanges) => request<PersonDetail>('PATCH', `/people/${encodeURIComponent(personId)}`, { body }),
  addContactPoint: (personId: string, body: NewContactPoint) => request<ContactPoint>('POST', `/people/${encodeURIComponent(personId)}/contact-points`, { body }),
  removeContactPoint: (personId: string, contactPointId: string) =>
    request<void>('DELETE', `/people/${encodeURIComponent(personId)}/contact-points/${encodeURIComponent(contactPointId)}`),
  restrictPerson: (personId: string, reason: string) => request<PersonDetail>('PUT', `/people/${encodeURIComponent(personId)}/restriction`, { body: { reason } }),
  liftRestriction: (personId: string) => request<PersonDetail>('DELETE', `/people/${encodeURIComponent(personId)}/restriction`),
  merges: (personId: string, signal?: AbortSignal) => request<MergeList>('GET', `/people/${encodeURIComponent(personId)}/merges`, { signal }),
  /** Folds `mergePersonId` into `personId`, which is kept. */
  mergePeople: (personId: string, mergePersonId: string) => request<MergeResult>('POST', `/people/${encodeURIComponent(personId)}/merge`, { body: { mergePersonId } }),
  organisation: (organisationId: string, signal?: AbortSignal) => request<Organisation>('GET', `/organisations/${encodeURIComponent(organisationId)}`, { signal }),
  /** The directory: names containing `q`, of one kind if given, by name. */
  organisations: (filter: { q?: string; kind?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<OrganisationList>('GET', `/organisations?${query(filter)}`, { signal }),
  /** The UK councils the office can add, by region, each saying whether the directory has it. */
  councils: (signal?: AbortSignal) => request<CouncilList>('GET', '/organisations/councils', { signal }),
  addCouncils: (names: string[]) => request<{ added: { id: string; name: string }[] }>('POST', '/organisations/councils', { body: { names } }),
  createOrganisation: (body: NewOrganisation) => request<Organisation>('POST', '/organisations', { body }),
  /** A part of the route written, or `confirmed: true`, clears "check before use". */
  updateOrganisation: (organisationId: string, body: OrganisationChange) => request<Organisation>('PATCH', `/organisations/${encodeURIComponent(organisationId)}`, { body }),
  /** POST so that what is searched for stays out of addresses and logs. */
  search: (q: string, signal?: AbortSignal) => request<SearchResponse>('POST', '/search', { body: { q, limit: 10 }, signal }),
  /** POST so that the address stays out of URLs and logs. */
  personMatches: (email: string, signal?: AbortSignal) => request<MatchList>('POST', '/people/matches', { body: { email }, signal }),
  /** `before`: the last message of the page before; `assignee`: me, none or a user's id. */
  inbox: (filter: { before?: string | undefined; assignee?: string | undefined; limit: number }, signal?: AbortSignal) =>
    request<Inbox>('GET', `/inbox?${query(filter)}`, { signal }),
  /** Bounces and spam complaints that matched no e-mail the office sent (counts only). */
  unmatchedDeliveryReports: (signal?: AbortSignal) => request<UnmatchedReports>('GET', '/delivery-reports/unmatched', { signal }),
  /** Remote images in HTML stay blocked unless `showImages`. */
  message: (messageId: string, showImages: boolean, signal?: AbortSignal) =>
    request<MessageDetail>('GET', `${messagePath(messageId)}${showImages ? '?images=show' : ''}`, { signal }),
  triageMessage: (messageId: string, body: Triage) => request<MessageDetail>('POST', `${messagePath(messageId)}/triage`, { body }),
  assignMessage: (messageId: string, assigneeId: string | null) => request<MessageDetail>('POST', `${messagePath(messageId)}/assign`, { body: { assigneeId } }),
  attachmentHref: (messageId: string, attachmentId: string) => `/api/v1${messagePath(messageId)}/attachments/${encodeURIComponent(attachmentId)}`,
  /** An attached e-mail (a forward as attachment), read: sender, date, text and its files' names. */
  attachedMessage: (messageId: string, attachmentId: string, signal?: AbortSignal) =>
    request<AttachedMessage>('GET', `${messagePath(messageId)}/attachments/${encodeURIComponent(attachmentId)}/message`, { signal }),
  /** What the person and the office wrote to each other, newest first. */
  personMessages: (personId: string, signal?: AbortSignal) => request<PersonMessages>('GET', `/people/${encodeURIComponent(personId)}/messages`, { signal }),
  /** A campaign group: its senders and what the campaign says. */
  campaign: (campaignId: string, signal?: AbortSignal) => request<Campaign>('GET', `/campaigns/${encodeURIComponent(campaignId)}`, { signal }),
  /** The reply as one sender will read it, and who it cannot go to; nothing is sent. */
  previewCampaignReply: (campaignId: string, body: CampaignReplyBody) => request<CampaignPreview>('POST', `/campaigns/${encodeURIComponent(campaignId)}/reply/preview`, { body }),
  /** One reply to every sender it can go to, each e-mailed on its own. */
  replyToCampaign: (campaignId: string, body: CampaignReplyBody) => request<CampaignReply>('POST', `/campaigns/${encodeURIComponent(campaignId)}/reply`, { body }),
  /** Takes a message out of its campaign group: it is casework. */
  ungroupMessage: (messageId: string) => request<MessageDetail>('POST', `${messagePath(messageId)}/ungroup`, { body: {} }),
  /** One e-mail (message/rfc822) or an mbox archive (application/mbox), sent as the file's bytes. */
  importMail: (file: Blob, contentType: string) => request<ImportResult>('POST', '/messages/import', { upload: file.slice(0, file.size, contentType) }),
  templates: (channel: 'email' | 'letter', signal?: AbortSignal) => request<TemplateList>('GET', `/templates?${query({ channel })}`, { signal }),
  /** Queues an e-mail from the case; it goes out through the office's mail server. */
  sendEmail: (caseId: string, body: NewEmail) => request<EmailView>('POST', `${casePath(caseId)}/emails`, { body }),
  /** The e-mails from the case, oldest first, each with whether it went, waits or failed (and why). */
  caseEmails: (caseId: string, signal?: AbortSignal) => request<EmailList>('GET', `${casePath(caseId)}/emails`, { signal }),
  /** Makes a letter (a PDF on the letterhead) and keeps it on the case. */
  writeLetter: (caseId: string, body: NewLetter) => request<LetterView>('POST', `${casePath(caseId)}/letters`, { body }),
  /** A phone call or letter, as a multipart form (scans of a letter as files named "scans"). */
  logNote: (form: FormData) => request<NoteReply>('POST', '/messages/notes', { upload: form }),
  /** Every template of the office, of both channels; retired ones only when asked for. */
  allTemplates: (includeRetired: boolean, signal?: AbortSignal) => request<TemplateList>('GET', `/templates?${query({ includeRetired: String(includeRetired) })}`, { signal }),
  createTemplate: (body: NewTemplate) => request<Template>('POST', '/templates', { body }),
  updateTemplate: (templateId: string, body: TemplateChange) => request<Template>('PATCH', `/templates/${encodeURIComponent(templateId)}`, { body }),
  /** The starter library's templates the office has none of by name; edited ones are left alone. */
  addStarterLibrary: () => request<{ added: number }>('POST', '/templates/starter-library', { body: {} }),
  /** A template filled in for the case (and the agency it is about): the draft to edit. */
  fillTemplate: (caseId: string, templateId: string, agencyId?: string) =>
    request<FilledTemplate>('GET', `${casePath(caseId)}/templates/${encodeURIComponent(templateId)}?${query({ agencyId })}`),
  /** The drafts saved on the case, the one edited last first. */
  caseDrafts: (caseId: string, signal?: AbortSignal) => request<DraftList>('GET', `${casePath(caseId)}/drafts`, { signal }),
  saveNewDraft: (caseId: string, body: NewDraft) => request<DraftView>('POST', `${casePath(caseId)}/drafts`, { body }),
  /** Saves over the draft at the version it was opened at; a colleague's newer save is refused (409), naming them. */
  saveDraft: (caseId: string, draftId: string, body: DraftChange) => request<DraftView>('PUT', `${casePath(caseId)}/drafts/${encodeURIComponent(draftId)}`, { body }),
  /** Sends the draft as saved at `version`: the e-mail is queued or the letter made, and the draft is gone. */
  sendDraft: (caseId: string, draftId: string, version: number) => request<SentDraft>('POST', `${casePath(caseId)}/drafts/${encodeURIComponent(draftId)}/send`, { body: { version } }),
  discardDraft: (caseId: string, draftId: string, version: number) => request<void>('DELETE', `${casePath(caseId)}/drafts/${encodeURIComponent(draftId)}?${query({ version })}`),
  retireTemplate: (templateId: string) => request<Template>('POST', `/templates/${encodeURIComponent(templateId)}/retire`, { body: {} }),
  correspondenceSettings: (signal?: AbortSignal) => request<CorrespondenceSettings>('GET', '/office/correspondence', { signal }),
  saveCorrespondenceSettings: (body: CorrespondenceSettingsChange) => request<CorrespondenceSettings>('PUT', '/office/correspondence', { body }),
  /** The letterhead's logo, as a multipart form with the one file. */
  uploadLogo: (form: FormData) => request<CorrespondenceSettings>('PUT', '/office/correspondence/logo', { upload: form }),
  smtpSettings: (signal?: AbortSignal) => request<SmtpSettings>('GET', '/office/correspondence/smtp', { signal }),
  saveSmtp: (body: SmtpChange) => request<SmtpSaved>('PUT', '/office/correspondence/smtp', { body }),
  removeSmtp: () => request<SmtpSettings>('DELETE', '/office/correspondence/smtp'),
  /** Sends a test message through the server e-mail would use now, to the from address; says whether it went. */
  testSmtp: () => request<SmtpTest>('POST', '/office/correspondence/smtp/test', { body: {} }),
  constituency: (signal?: AbortSignal) => request<Constituency>('GET', '/office/constituency-postcodes', { signal }),
  /** Replaces the constituency's postcodes with those of a CSV file (a column named postcode), all or nothing. */
  uploadPostcodes: (file: Blob) => request<Constituency>('PUT', '/office/constituency-postcodes', { upload: file.slice(0, file.size, 'text/csv') }),
  mailboxes: (signal?: AbortSignal) => request<MailboxList>('GET', '/mailboxes', { signal }),
  addMailbox: (body: NewMailbox) => request<Mailbox>('POST', '/mailboxes', { body }),
  removeMailbox: (mailboxId: string) => request<void>('DELETE', `/mailboxes/${encodeURIComponent(mailboxId)}`),
  pollMailbox: (mailboxId: string) => request<PollQueued>('POST', `/mailboxes/${encodeURIComponent(mailboxId)}/poll`, { body: {} }),
  /** One social media message, pasted in. */
  pasteSocial: (body: PastedSocialMessage) => request<SocialMessageReply>('POST', '/messages/social', { body }),
  /** A platform's export: each message is checked on its own, and the bad ones reported by position. */
  importSocial: (platform: SocialPlatform, messages: unknown[]) => request<SocialImportReply>('POST', '/messages/social', { body: { platform, messages } }),
  /** An empty status means every status. */
  jobs: (filter: { status: string; limit: number; offset: number }, signal?: AbortSignal) =>
    request<JobList>('GET', `/jobs?${query({ ...filter, status: filter.status || undefined })}`, { signal }),
  /** Queues a failed or cancelled job again; answers the job as it now is. */
  retryJob: (jobId: string) => request<Job>('POST', `/jobs/${encodeURIComponent(jobId)}/retry`, { body: {} }),
  /** The record of processing: current purposes first, then retired ones. */
  purposes: (signal?: AbortSignal) => request<PurposeList>('GET', '/processing/purposes', { signal }),
  /** The labels of lawful bases, Article 9 conditions, Schedule 1 paragraphs and the rest, for the purpose form. */
  processingChoices: (signal?: AbortSignal) => request<ProcessingChoices>('GET', '/processing/choices', { signal }),
  createPurpose: (body: PurposeFields) => request<Purpose>('POST', '/processing/purposes', { body }),
  /** Every field of the purpose, as the form has it. */
  updatePurpose: (purposeId: string, body: PurposeFields) => request<Purpose>('PUT', `/processing/purposes/${encodeURIComponent(purposeId)}`, { body }),
  retirePurpose: (purposeId: string) => request<Purpose>('POST', `/processing/purposes/${encodeURIComponent(purposeId)}/retire`, { body: {} }),
  /** The purposes from the privacy notices the record has none of by name. */
  addStandardPurposes: () => request<{ added: number }>('POST', '/processing/standard-purposes', { body: {} }),
  /** The record as a file to download (the browser sends the session cookie). */
  processingExportHref: (format: 'csv' | 'json') => `/api/v1/processing/export?format=${format}`,
  /** Cancels a queued job; answers the job as it now is. */
  cancelJob: (jobId: string) => request<Job>('POST', `/jobs/${encodeURIComponent(jobId)}/cancel`, { body: {} }),
};
