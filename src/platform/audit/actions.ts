/**
 * Every action Postbag writes to the audit log, each with the type of record it names and, as a
 * type only, its record ids in order (ids only, never personal data). The list is here, in
 * platform, because platform writes entries too and recordAudit must know it; it holds plain
 * strings and imports no module. A new action is added here first: recordAudit accepts nothing else.
 */

interface Names<R extends string | null, Ids extends readonly string[]> {
  recordType: R;
  /** Never set: carries the type of the entry's record ids. */
  ids?: Ids;
}

const names = <R extends string>(recordType: R) => <Ids extends readonly string[]>(): Names<R, Ids> => ({ recordType });
/** An action about no record in particular. */
const nothing: Names<null, []> = { recordType: null };

export const auditActionRecords = {
  /** Start-up sealed a chain written before the audit log was keyed. */
  'audit.chain_keyed': nothing,

  'auth.sign_in': names('session')<[sessionId: string]>(),
  'auth.sign_in_failed': names('user')<[userId: string]>(),
  'auth.recovery_code_used': names('user')<[userId: string]>(),
  'auth.sign_out': names('session')<[sessionId: string]>(),
  'auth.two_factor_enabled': names('user')<[userId: string]>(),
  'auth.recovery_codes_replaced': names('user')<[userId: string]>(),
  'user.two_factor_reset': names('user')<[userId: string]>(),
  'user.role_changed': names('user')<[userId: string]>(),
  'user.deactivated': names('user')<[userId: string]>(),
  'user.reactivated': names('user')<[userId: string]>(),
  'user.invited': names('staff_invite')<[inviteId: string]>(),
  /** An invitation to the same address sent again: the earlier one's link stops working. */
  'user.invite_replaced': names('staff_invite')<[inviteId: string, newInviteId: string]>(),
  /** The new account's first entry, by the new colleague: the invitation it came from is second. */
  'user.invite_accepted': names('user')<[userId: string, inviteId: string]>(),

  'job.cancelled': names('job')<[jobId: string]>(),
  'job.retried': names('job')<[jobId: string]>(),

  'office.seeded_demo': names('office')<[officeId: string]>(),
  'office.two_factor_optional': names('office')<[officeId: string]>(),
  'office.two_factor_required': names('office')<[officeId: string]>(),
  'office.two_factor_required_of_everyone': names('office')<[officeId: string]>(),
  'office.caseworkers_see_all_cases': names('office')<[officeId: string]>(),
  'office.caseworkers_see_own_cases': names('office')<[officeId: string]>(),
  'office.rights_clock_changed': names('office')<[officeId: string]>(),
  /** The second "id" is the number of postcodes on the new list. */
  'office.constituency_replaced': names('office')<[officeId: string, postcodes: `postcodes:${number}`]>(),
  'office.correspondence_changed': names('office')<[officeId: string]>(),
  'office.logo_changed': names('office')<[officeId: string]>(),
  'office.smtp_changed': names('office')<[officeId: string]>(),
  'office.smtp_removed': names('office')<[officeId: string]>(),
  'office.smtp_tested': names('office')<[officeId: string]>(),
  /** The controller's details and security measures of the record of processing (Article 30(1)(a) and (g)). */
  'office.controller_changed': names('office')<[officeId: string]>(),

  'person.created': names('person')<[personId: string]>(),
  'person.updated': names('person')<[personId: string]>(),
  'person.identifiers_changed': names('person')<[personId: string]>(),
  'person.identifiers_read': names('person')<[personId: string]>(),
  'person.contact_confirmed': names('person')<[personId: string]>(),
  'person.merged': names('person')<[keptId: string, mergedId: string, mergeId: string]>(),
  'person.restriction_set': names('person')<[personId: string]>(),
  'person.restriction_lifted': names('person')<[personId: string]>(),
  'person.erased': names('person')<[personId: string, ...casesErasedWhole: string[]]>(),
  /** A person's contact points added with the person name only the points; one added later names its person too. */
  'contact_point.added': names('contact_point')<string[]>(),
  'contact_point.removed': names('contact_point')<[contactPointId: string, personId: string]>(),
  /** A permanent bounce: each contact point with the address, then its person, in pairs. */
  'contact_point.undeliverable': names('contact_point')<string[]>(),
  'organisation.created': names('organisation')<[organisationId: string]>(),
  'organisation.updated': names('organisation')<[organisationId: string]>(),
  /** The starter directory names only the organisations it added (none when all were there). */
  'organisation.directory_added': names('organisation')<string[]>(),
  'organisation.member_added': names('organisation_membership')<[membershipId: string, organisationId: string, personId: string]>(),

  'topic.created': names('topic')<[topicId: string]>(),
  'topic.updated': names('topic')<[topicId: string]>(),
  'case.created': names('case')<[caseId: string]>(),
  'case.updated': names('case')<[caseId: string]>(),
  'case.access_changed': names('case')<[caseId: string, ...sharedWithIds: string[]]>(),
  'case.special_category_read': names('case')<string[]>(),
  'case.status_changed': names('case')<[caseId: string]>(),
  /** Closing names the open tasks it closed with the case (none when they were kept open). */
  'case.closed': names('case')<[caseId: string, ...tasksClosed: string[]]>(),
  /** A bulk reassignment writes one entry per case, naming its new owner. */
  'case.reassigned': names('case')<[caseId: string, ownerId: string]>(),
  'case.article9_recorded': names('case')<[caseId: string]>(),
  'case.sharing_consent_recorded': names('case_sharing_consent')<[consentId: string, caseId: string, personId: string, organisationId: string]>(),
  'case.note_added': names('case_event')<[eventId: string, caseId: string]>(),
  'case.task_added': names('case_event')<[eventId: string, caseId: string]>(),
  'case.agency_contact_added': names('case_event')<[eventId: string, caseId: string]>(),
  'case.task_done': names('case_event')<[eventId: string, caseId: string]>(),

  'message.received': names('message')<string[]>(),
  /** A delivery report (bounce or complaint) recorded on outgoing e-mails: their ids. */
  'message.delivery_reported': names('message')<string[]>(),
  /** A delivery report that matched no e-mail the office sent: counted, nothing else kept. */
  'message.delivery_report_unmatched': nothing,
  'message.read': names('message')<[messageId: string]>(),
  'attachment.read': names('attachment')<[attachmentId: string, messageId: string]>(),
  'message.filed': names('message')<[messageId: string, caseId: string]>(),
  'message.archived': names('message')<[messageId: string]>(),
  'message.assigned': names('message')<[messageId: string] | [messageId: string, assigneeId: string]>(),
  'message.recorded': names('message')<[messageId: string] | [messageId: string, caseId: string]>(),
  'message.letter_written': names('message')<[messageId: string, caseId: string]>(),
  'message.email_queued': names('message')<[messageId: string] | [messageId: string, caseId: string]>(),
  'draft.saved': names('message_draft')<[draftId: string, caseId: string]>(),
  'draft.updated': names('message_draft')<[draftId: string, caseId: string]>(),
  'draft.discarded': names('message_draft')<[draftId: string, caseId: string]>(),
  /** The message it became is third; its own entry (email_queued, letter_written) is written beside it. */
  'draft.sent': names('message_draft')<[draftId: string, caseId: string, messageId: string]>(),
  /** Reading a campaign group's list of senders. */
  'campaign.read': names('campaign_group')<[groupId: string]>(),
  /** One reply to a campaign group: the messages answered (each e-mail has its own message.email_queued). */
  'campaign.replied': names('campaign_group')<[groupId: string, ...answered: string[]]>(),
  'campaign.message_ungrouped': names('message')<[messageId: string, groupId: string]>(),
  'mailbox.added': names('mailbox')<[mailboxId: string]>(),
  'mailbox.removed': names('mailbox')<[mailboxId: string]>(),
  'mailbox.poll_requested': names('mailbox')<[mailboxId: string]>(),
  'template.created': names('message_template')<[templateId: string]>(),
  'template.updated': names('message_template')<[templateId: string]>(),
  'template.retired': names('message_template')<[templateId: string]>(),
  /** The starter library's templates the office did not have, added at once. */
  'template.starter_added': names('message_template')<string[]>(),

  'purpose.created': names('processing_purpose')<[purposeId: string]>(),
  'purpose.updated': names('processing_purpose')<[purposeId: string]>(),
  'purpose.retired': names('processing_purpose')<[purposeId: string]>(),
  /** The standard purposes from the privacy notices the office did not have, added at once. */
  'purpose.standard_added': names('processing_purpose')<string[]>(),
  /** A retired purpose brought back into the current record. */
  'purpose.reinstated': names('processing_purpose')<[purposeId: string]>(),
  /** The second "id" is the version's number. */
  'privacy_notice.published': names('office')<[officeId: string, version: `version:${number}`]>(),

  'subscription_topic.created': names('subscription_topic')<string[]>(),
  /** A ledger entry (consent/service.ts): the entry, then the person. */
  'consent.given': names('consent_event')<[eventId: string, personId: string]>(),
  'consent.withdrawn': names('consent_event')<[eventId: string, personId: string]>(),
  'consent.objected': names('consent_event')<[eventId: string, personId: string]>(),
  'consent.evidence_opened': names('consent_evidence')<[evidenceId: string, personId: string]>(),
  /** An address put on the suppression list by staff (no id: the list holds only a keyed hash). */
  'suppression.added': nothing,
  /** A consent given lifted the suppressions the person's own unsubscribe or objection made. */
  'suppression.lifted': names('consent_event')<[eventId: string]>(),

  /** A sign-up on /subscribe, waiting for its link to be followed (its confirmation e-mail). */
  'subscription.requested': names('subscription_signup')<[signupId: string, messageId: string]>(),
  /** The link was followed: the consents are on the ledger (consent.given, each). */
  'subscription.confirmed': names('subscription_signup')<[signupId: string, personId: string]>(),
  /** An unsubscribe link of a marketing e-mail was used (the page, or RFC 8058's one-click). */
  'subscription.unsubscribed': names('message')<[messageId: string, personId: string]>(),

  'mailing.created': names('newsletter_mailing')<[mailingId: string]>(),
  'mailing.updated': names('newsletter_mailing')<[mailingId: string]>(),
  /** Its test message to the member of staff (the e-mail has its own message.email_queued). */
  'mailing.test_sent': names('newsletter_mailing')<[mailingId: string, messageId: string]>(),
  /** The audience fixed and sending begun; each recipient's e-mail has its own message.email_queued. */
  'mailing.sent': names('newsletter_mailing')<[mailingId: string]>(),
  'newsletter.settings_changed': nothing,
};

type Records = typeof auditActionRecords;
export type AuditAction = keyof Records;

/** One entry to write: the action, with the record type and ids that action names. */
export type AuditEvent = {
  [A in AuditAction]: Records[A] extends Names<infer R, infer Ids>
    ? R extends string
      ? { action: A; recordType: R; recordIds: Readonly<Ids> }
      : { action: A; recordType?: undefined; recordIds?: undefined }
    : never;
}[AuditAction];

export const auditActions = Object.keys(auditActionRecords) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(auditActionRecords, action);
}
