import type { OfficeTx } from '../../../db/scope.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import type { MergeValues } from './merge.js';
import { agencyOnCase } from '../../casework/service.js';
import { officeNames } from '../../offices/service.js';
import { personNames } from '../../people/service.js';
import * as repo from './repo.js';

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** "26 November 2026", the UK date as a letter gives it. */
export const letterDate = (now: Date = new Date()) => longDate.format(now);

export interface CaseForMessage {
  id: string;
  reference: string;
  person_id: string;
}

/** An agency on the case; one that is not on it is refused (add it to the case first). */
export async function caseAgency(tx: OfficeTx, officeId: string, caseId: string, organisationId: string) {
  const agency = await agencyOnCase(tx, officeId, caseId, organisationId);
  if (!agency) {
    throw new AppError(ErrorCode.ValidationFailed, 'That organisation is not an agency on this case: add it to the case first.', [
      { path: 'body.agencyId', message: 'must be an agency on the case' },
    ]);
  }
  return agency;
}

/**
 * How a letter opens: "Dear Ms Khan" with a title and a family name, else the name as the office
 * holds it ("Dear Amina Khan"), and "Dear constituent" when no name is known.
 */
export function salutation(person: { title: string | null; given_name: string; family_name: string }): string {
  const family = person.family_name.trim();
  if (person.title && family) return `Dear ${person.title} ${family}`;
  const name = `${person.given_name.trim()} ${family}`.trim();
  return `Dear ${name || 'constituent'}`;
}

/**
 * The merge field values for a message from this case: its lead constituent, the agency it is
 * about (if any), the member and office. A value that does not exist is left out, so that
 * rendering names it as missing instead of leaving a blank.
 */
export async function caseMergeValues(tx: OfficeTx, officeId: string, found: CaseForMessage, agencyId: string | undefined) {
  const agency = agencyId === undefined ? undefined : await caseAgency(tx, officeId, found.id, agencyId);
  const { values, person, settings, office } = await personMergeValues(tx, officeId, found.person_id);
  values['case.reference'] = found.reference;
  if (agency) values['agency.name'] = agency.name;
  return { values, person, agency, settings, office };
}

/** The office's names and correspondence settings, which every message's merge values share. */
export async function officeMergeContext(tx: OfficeTx, officeId: string) {
  // The transaction's own office.
  const office = (await officeNames(tx, officeId))!;
  const settings = await repo.findSettings(tx, officeId);
  return { office, settings };
}

export type OfficeMergeContext = Awaited<ReturnType<typeof officeMergeContext>>;

/** The values for a message to this person about no case: theirs, the member's and the office's. */
export function personValues(person: { title: string | null; given_name: string; family_name: string }, { office, settings }: OfficeMergeContext): MergeValues {
  return {
    'constituent.name': `${person.given_name} ${person.family_name}`.trim(),
    'constituent.title': person.title ?? undefined,
    'constituent.givenName': person.given_name,
    'constituent.familyName': person.family_name,
    'constituent.salutation': salutation(person),
    'member.name': office.member_name,
    'member.signature': settings?.signature,
    'office.name': office.name,
    today: letterDate(),
  };
}

/** The values for a message to this person about no case (a campaign reply): theirs, the member's and the office's. */
export async function personMergeValues(tx: OfficeTx, officeId: string, personId: string) {
  const context = await officeMergeContext(tx, officeId);
  const person = await personNames(tx, officeId, personId);
  return { values: personValues(person, context), person, ...context };
}
