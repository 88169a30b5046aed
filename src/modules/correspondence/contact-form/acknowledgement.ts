import type { OfficeTx } from '../../../db/scope.js';
import { casework, queueEmail } from '../outbound/send.js';
import type { PublicOffice } from './repo.js';
import type { ContactDeps } from './service.js';

/**
 * Queues the e-mail that tells the sender their message arrived and its case reference, in the
 * caller's transaction (sent by the job runner once it commits). An office that has not set its
 * from address yet sends none: the thank-you page shows the reference instead.
 */
export async function acknowledgement(
  deps: ContactDeps,
  tx: OfficeTx,
  office: PublicOffice,
  sent: { caseId: string; personId: string; reference: string; to: string; name: string },
): Promise<void> {
  if (!office.from_address) return;
  const privacy = office.privacy_notice_url
    ? `How ${office.member_name} uses your information: ${office.privacy_notice_url}`
    : `You can ask the office for ${office.member_name}'s privacy notice, which says how your information is used.`;
  const text = [
    `Dear ${sent.name},`,
    '',
    `Thank you for contacting ${office.member_name}. We have received your message.`,
    '',
    `Your reference is ${sent.reference}. If you write to us about this again, please keep the reference in the subject line (replying to this e-mail does that for you).`,
    '',
    'The office will read your message and reply to you.',
    '',
    privacy,
    '',
    office.name,
  ].join('\n');
  await queueEmail(deps.keystore, deps.jobs, tx, office.id, null, { caseId: sent.caseId, personId: sent.personId, to: sent.to, subject: 'We have received your message', text, kind: casework });
}
