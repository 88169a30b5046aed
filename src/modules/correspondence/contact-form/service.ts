import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context.js';
import { isUuid } from '../../../db/ids.js';
import type { DB } from '../../../db/schema.js';
import { withOffice } from '../../../db/scope.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { mayProcess } from '../../../platform/access/processing.js';
import { openCaseForConstituent, prepareCase, recordMessage } from '../../casework/service.js';
import { officeNames } from '../../offices/service.js';
import { addPersonWhoGotInTouch, soleHolderOf, standingsOf } from '../../people/service.js';
import type { WithheldFile } from '../attachments.js';
import { caseEntry, storeIncoming } from '../ingest.js';
import * as messages from '../repo.js';
import * as outbound from '../outbound/repo.js';
import { acknowledgement } from './acknowledgement.js';
import type { FormInput } from './form-input.js';
import * as repo from './repo.js';
import { type ContactForm, contactForm, type FieldErrors, fieldErrors, HONEYPOT, TOKEN } from './schemas.js';
import { checkToken, issueToken } from '../../../platform/http/form-token.js';
import { nonceHash } from './token.js';

export type ContactDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;

/** What became of a submission, for the page that answers it. */
export type Outcome =
  /** Nothing was kept; the log gets the reason, the sender a bland "thank you". */
  | { kind: 'bot'; reason: 'honeypot' | 'too_fast' }
  /** Nothing was kept; the form is shown again with what was typed and a message per field. */
  | { kind: 'invalid'; errors: FieldErrors; token: string }
  | { kind: 'acknowledged'; reference: string; emailed: boolean; withheld: WithheldFile[] }
  | { kind: 'outside'; postcode: string; withheld: WithheldFile[] }
  /** From a person whose processing is restricted: kept in the inbox for the data protection lead, no case, no e-mail. */
  | { kind: 'kept'; withheld: WithheldFile[] };

const SUBJECT = 'Message from the contact form';
const SUMMARY_CHARS = 200;

/** Undefined if there is no such office. */
export function findPublicOffice(db: Kysely<DB>, officeId: string): Promise<repo.PublicOffice | undefined> {
  if (!isUuid(officeId)) return Promise.resolve(undefined);
  return withOffice(db, officeId, async (tx) => {
    const office = await officeNames(tx, officeId);
    if (!office) return undefined;
    const settings = await outbound.findSettings(tx, officeId);
    return { id: officeId, ...office, privacy_notice_url: settings?.privacy_notice_url ?? null, from_address: settings?.from_address ?? null };
  });
}

/** The deployment's office when it has exactly one (then `/contact` needs no office in its address). */
export function onlyOffice(db: Kysely<DB>): Promise<string | undefined> {
  return repo.soleOfficeId(db);
}

export function newFormToken(key: Buffer, office: repo.PublicOffice): string {
  return issueToken(key, office.id);
}

/**
 * Checks a submission (bots, the form token, the fields) and keeps it in the inbox: in the
 * constituency on a new case with an acknowledgement e-mail; outside, flagged. The same
 * form sent twice (its token's nonce) is kept once and answered the same way both times.
 */
export async function receiveSubmission(deps: ContactDeps, key: Buffer, office: repo.PublicOffice, input: FormInput, now = new Date()): Promise<Outcome> {
  if ((input.hidden[HONEYPOT] ?? '') !== '') return { kind: 'bot', reason: 'honeypot' };
  const token = checkToken(key, office.id, input.hidden[TOKEN], now);
  if (!token.ok && token.reason === 'too_fast') return { kind: 'bot', reason: 'too_fast' };
  if (!token.ok) {
    const message =
      token.reason === 'expired'
        ? 'This form was open for more than 24 hours. For your security, check your details and send it again.'
        : 'We could not check this form. Check your details and send it again.';
    return { kind: 'invalid', errors: { [TOKEN]: message }, token: issueToken(key, office.id, now) };
  }
  const parsed = contactForm.safeParse(input.values);
  const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...input.uploadErrors };
  if (!parsed.success || Object.keys(errors).length) return { kind: 'invalid', errors, token: input.hidden[TOKEN]! };
  return keep(deps, office, parsed.data, input, nonceHash(token.nonce));
}

async function keep(deps: ContactDeps, office: repo.PublicOffice, form: ContactForm, input: FormInput, contentHash: string): Promise<Outcome> {
  const officeId = office.id;
  const { standing, holder } = await withOffice(deps.db, officeId, async (tx) => ({
    standing: await repo.postcodeStanding(tx, officeId, form.postcode),
    holder: await soleHolderOf(tx, officeId, { email: form.email, phone: form.phone || undefined }),
  }));
  // An office that has not loaded its postcodes yet has said nothing about who is outside.
  const outside = standing.loaded && !standing.listed;
  const stored = await storeIncoming(deps, officeId, systemActor, {
    channel: 'web_form',
    contentHash,
    from: { address: form.email, name: fullName(form) },
    subject: SUBJECT,
    text: messageText(form),
    occurredAt: new Date(),
    files: input.files,
    personId: holder,
    outOfConstituency: outside,
    detail: { via: 'contact_form' },
  });
  if (stored.outcome === 'rejected') throw new Error(`A contact form message was rejected: ${stored.reason}`);
  const message = await withOffice(deps.db, officeId, (tx) => messages.findMessage(tx, officeId, stored.messageId));
  const withheld = ((message!.detail as { withheldFiles?: WithheldFile[] }).withheldFiles ?? []);
  // A resubmission is answered from what the first one kept.
  if (message!.out_of_constituency) return { kind: 'outside', postcode: form.postcode, withheld };
  const filed = message!.case_reference ? { reference: message!.case_reference, emailed: office.from_address !== null } : await fileOnNewCase(deps, office, stored.messageId, form);
  // The page says nothing of the restriction: whoever sends the form may not be the person.
  if (!filed) return { kind: 'kept', withheld };
  return { kind: 'acknowledged', ...filed, withheld };
}

/**
 * Opens a case for the message, for the person it matched or a new person with the contact
 * details they gave, and queues the acknowledgement: all in one transaction, so the message is
 * either on no case yet or on its case with everything else done. The one check
 * decides for a matched person: restricted, the message waits in the inbox (undefined); not to be
 * contacted (deceased, do not contact), the case is opened without an acknowledgement. Either
 * way the message stays in the inbox, on its case, until someone works it.
 */
async function fileOnNewCase(deps: ContactDeps, office: repo.PublicOffice, messageId: string, form: ContactForm): Promise<{ reference: string; emailed: boolean } | undefined> {
  const officeId = office.id;
  const prepared = await prepareCase(deps.keystore, officeId, summaryOf(form));
  return withOffice(deps.db, officeId, async (tx) => {
    const locked = await messages.lockMessage(tx, officeId, messageId);
    // The same form sent twice at once: the first to lock the message opens the case.
    if (locked!.case_id) return { reference: (await messages.findMessage(tx, officeId, messageId))!.case_reference!, emailed: office.from_address !== null };
    const standing = locked!.person_id ? (await standingsOf(tx, officeId, [locked!.person_id])).get(locked!.person_id) : undefined;
    if (standing && !mayProcess(standing, 'change').allowed) return undefined;
    const contactable = !standing || mayProcess(standing, 'contact_casework').allowed;
    const personId =
      locked!.person_id ??
      (await addPersonWhoGotInTouch(tx, officeId, systemActor, {
        givenName: form.givenName,
        familyName: form.familyName,
        source: 'web_form',
        contactPoints: [
          { kind: 'email', value: form.email, preferred: true, source: 'web_form', collectedAt: undefined },
          ...(form.phone ? [{ kind: 'phone' as const, value: form.phone, preferred: true, source: 'web_form' as const, collectedAt: undefined }] : []),
          { kind: 'postal_address', lines: addressLines(form), postcode: form.postcode, preferred: true, source: 'web_form', collectedAt: undefined },
        ],
      }));
    const opened = await openCaseForConstituent(tx, officeId, prepared, personId);
    // Linked to its case but still in the inbox: the team works it there (a case no one owns is seen by all).
    await messages.updateMessage(tx, officeId, messageId, { case_id: opened.id, person_id: personId });
    await recordMessage(deps.keystore, tx, officeId, null, caseEntry(opened.id, messageId, null, { subject: SUBJECT, text: messageText(form), occurredAt: new Date(), channel: 'web_form' }));
    if (contactable) await acknowledgement(deps, tx, office, { caseId: opened.id, personId, reference: opened.reference, to: form.email, name: fullName(form) });
    return { reference: opened.reference, emailed: contactable && office.from_address !== null };
  });
}

const fullName = (form: ContactForm) => `${form.givenName} ${form.familyName}`;
const addressLines = (form: ContactForm) => [form.addressLine1, form.addressLine2, form.town].filter(Boolean);

/** The case's summary: the start of the message, on one line. */
function summaryOf(form: ContactForm): string {
  const oneLine = form.message.replace(/\s+/g, ' ').trim();
  return oneLine.length > SUMMARY_CHARS ? `${oneLine.slice(0, SUMMARY_CHARS - 1)}…` : oneLine;
}

/** The message as kept (sealed): what they wrote, then the details they gave, so nothing they sent is lost. */
function messageText(form: ContactForm): string {
  return [
    form.message,
    '',
    '--',
    'Sent with the contact form by:',
    fullName(form),
    ...addressLines(form),
    form.postcode,
    `E-mail: ${form.email}`,
    ...(form.phone ? [`Phone: ${form.phone}`] : []),
  ].join('\n');
}
