import { attachmentRows } from '../attachments.js';
import { newId } from '../../../db/ids.js';
import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../../platform/errors/errors.js';
import { assertCaseMayBe, caseForMessage, recordMessage } from '../../casework/service.js';
import { contactPointToUse } from '../../people/service.js';
import { caseEntry } from '../ingest.js';
import * as messages from '../repo.js';
import { messageField, sealMessages } from '../sealing.js';
import { render } from './merge.js';
import { renderLetter } from './pdf.js';
import * as repo from './repo.js';
import type { LetterBody, LetterView } from './schemas.js';
import { assertMaySend, type FromDraft, type OutboundDeps, templateDetail } from './send.js';
import { usableTemplate } from './templates.js';
import { caseMergeValues, letterDate } from './values.js';

const pdfUrl = (caseId: string, messageId: string) => `/api/v1/cases/${caseId}/letters/${messageId}.pdf`;

/**
 * A letter from a case to its constituent or one of its agencies, as a PDF on the letterhead,
 * stored on the case (sealed) and put on its timeline. Written means done: it is 'sent' at once,
 * to be printed, signed and posted.
 */
export async function writeLetter(deps: OutboundDeps, user: SignedInUser, caseId: string, body: LetterBody, fromDraft?: FromDraft): Promise<LetterView> {
  const { officeId } = user;
  const agencyId = body.recipient === 'constituent' ? body.agencyId : body.recipient.agencyId;
  const prepared = await withOffice(deps.db, officeId, async (tx) => {
    const found = await caseForMessage(tx, user, caseId);
    if (!found) throw notFound('case');
    const template = body.templateId ? await usableTemplate(tx, officeId, body.templateId, 'letter') : undefined;
    const merge = await caseMergeValues(tx, officeId, found, agencyId);
    // The same check as e-mail: a letter is contact too.
    await assertMaySend(tx, officeId, { caseId, personId: body.recipient === 'constituent' ? found.person_id : null });
    const address = body.recipient === 'constituent' ? await contactPointToUse(tx, officeId, found.person_id, 'postal_address') : undefined;
    const logo = await repo.findLogo(tx, officeId);
    return { found, template, merge, address, logo: logo?.logo ?? null };
  });
  const { found, template, merge, address, logo } = prepared;
  let recipient: string[];
  if (body.recipient === 'constituent') {
    if (!address) throw new AppError(ErrorCode.Conflict, "The constituent has no postal address on record: add one to their record, then write the letter. Nothing was made.");
    // A postcode alone does not deliver a letter: the house and street must be on the envelope too.
    if (!address.address_lines?.length) throw new AppError(ErrorCode.Conflict, "The constituent's postal address has only a postcode: add the house, street and town to their record, then write the letter. Nothing was made.");
    recipient = [merge.values['constituent.name']!, ...(address.address_lines ?? []), address.postcode ?? ''].filter(Boolean);
  } else {
    // The directory's postal address for the agency, a line each, when the office has one.
    const address = merge.agency!.contact_address?.split('\n').map((line) => line.trim()).filter(Boolean) ?? [];
    recipient = [merge.agency!.name, ...address];
  }
  const rendered = render(template ? { subject: template.subject, body: template.body } : { subject: body.subject ?? '', body: body.body! }, merge.values);
  const pdf = await renderLetter({
    logo,
    letterheadAddress: merge.settings?.letterhead_address ?? '',
    date: letterDate(),
    recipient,
    ourReference: found.reference,
    yourReference: merge.agency?.agency_reference ?? null,
    subject: rendered.subject,
    body: rendered.body,
    memberName: merge.office.member_name,
    signature: merge.settings?.signature ?? '',
  });

  const id = newId();
  const attachmentId = newId();
  const subject = rendered.subject || `Letter to ${recipient[0]}`;
  const letter = { id: attachmentId, filename: `${found.reference} letter to ${recipient[0]}.pdf`, contentType: 'application/pdf', content: pdf };
  // One key store round trip for the letter's texts and its PDF (the key store is another database).
  const [sealed] = await sealMessages(deps.keystore, officeId, [{ messageId: id, texts: { subject, body: rendered.body, html: null, counterpartAddress: null, counterpartName: recipient[0]! }, files: [letter] }]);
  const now = new Date();
  await withOffice(deps.db, officeId, async (tx) => {
    await fromDraft?.remove(tx, id);
    await repo.insertMessage(tx, {
      office_id: officeId,
      id,
      direction: 'out',
      channel: 'letter',
      state: 'sent',
      person_id: body.recipient === 'constituent' ? found.person_id : null,
      case_id: caseId,
      ...sealed!.texts,
      occurred_at: now,
      sent_at: now,
      attachment_count: 1,
      created_by: user.userId,
      detail: JSON.stringify(templateDetail(template?.id ?? fromDraft?.templateId, agencyId)),
    });
    await messages.insertAttachments(tx, attachmentRows(officeId, id, [letter], sealed!.files));
    await recordMessage(deps.keystore, tx, officeId, user, caseEntry(caseId, id, user.userId, { subject, text: rendered.body, occurredAt: now, channel: 'letter', direction: 'out' }));
    await recordAudit(tx, officeId, user, { action: 'message.letter_written', recordType: 'message', recordIds: [id, caseId] });
  });
  return { id, caseId, recipientName: recipient[0]!, subject, pdfUrl: pdfUrl(caseId, id), sizeBytes: pdf.length, createdAt: now };
}

/** The letter's PDF, for a user who can see the case. */
export async function letterPdf(deps: OutboundDeps, user: SignedInUser, caseId: string, messageId: string): Promise<Buffer> {
  const { officeId } = user;
  const letter = await withOffice(deps.db, officeId, async (tx) => {
    if (!(await caseForMessage(tx, user, caseId))) throw notFound('case');
    await assertCaseMayBe(tx, officeId, caseId, 'read', user);
    return repo.findLetter(tx, officeId, caseId, messageId);
  });
  if (!letter) throw notFound('letter on this case');
  const [pdf] = await deps.keystore.decryptManyBytes(officeId, 'message', [{ ownerId: letter.id, field: messageField.attachmentContent(letter.attachment_id), ciphertext: letter.content_sealed }]);
  return pdf!;
}
