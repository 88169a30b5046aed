import type { Role } from '../../db/schema.js';
import { AppError, ErrorCode } from '../errors/errors.js';
import { can } from './access.js';

/**
 * The one check (DESIGN.md invariant 6): may this person be read, changed, contacted or exported?
 * Platform knows no module's tables, so the person's standing is passed in; the people module
 * says what it is (people/service.ts, `standingOf`).
 */

export const processingActions = ['read', 'change', 'contact_casework', 'contact_marketing', 'export'] as const;
export type ProcessingAction = (typeof processingActions)[number];

/** Why a person may not be processed. Later issues add 'objected', 'suppressed' and 'no_consent'. */
export type RefusalReason = 'restricted' | 'deceased' | 'do_not_contact';

/** The flags on a person that the check reads. */
export interface PersonStanding {
  /** Processing restricted under UK GDPR Article 18, by the data protection lead. */
  restricted: boolean;
  deceased: boolean;
  doNotContact: boolean;
}

export type ProcessingAnswer = { allowed: true } | { allowed: false; reason: RefusalReason };

const allowed: ProcessingAnswer = { allowed: true };
const refused = (reason: RefusalReason): ProcessingAnswer => ({ allowed: false, reason });
const contact: readonly ProcessingAction[] = ['contact_casework', 'contact_marketing'];

/**
 * Restricted (Art. 18): storage only. No change, contact or export; only the data protection lead,
 * who decides when the restriction is lifted, reads the record in full (others are shown that the
 * person is restricted, with their name and nothing else). Deceased: the record is kept and
 * worked, but nobody writes to a dead person. Do not contact: the person asked us not to, for any
 * purpose. The first reason that applies is given, the strongest first.
 */
export function mayProcess(standing: PersonStanding, action: ProcessingAction, reader?: { role: Role }): ProcessingAnswer {
  if (standing.restricted && !(action === 'read' && reader !== undefined && can(reader, 'people:restrict'))) return refused('restricted');
  if (!contact.includes(action)) return allowed;
  if (standing.deceased) return refused('deceased');
  if (standing.doNotContact) return refused('do_not_contact');
  return allowed;
}

const doing: Record<ProcessingAction, string> = {
  read: 'read',
  change: 'changed',
  contact_casework: 'contacted',
  contact_marketing: 'contacted for campaigns',
  export: 'exported',
};

const because: Record<RefusalReason, string> = {
  restricted: 'their processing is restricted (UK GDPR Article 18) until the data protection lead lifts the restriction',
  deceased: 'they are marked as deceased',
  do_not_contact: 'they asked not to be contacted (marked do not contact)',
};

/** The sentence a refusal is reported with, e.g. "This person may not be contacted: they are marked as deceased." */
export function refusalMessage(reason: RefusalReason, action: ProcessingAction, who = 'This person'): string {
  return `${who} may not be ${doing[action]}: ${because[reason]}.`;
}

/** A 409 naming the reason, for the first of the people concerned who may not be processed. */
export function assertMayProcess(people: readonly PersonStanding[], action: ProcessingAction, reader?: { role: Role }, who?: string): void {
  for (const standing of people) {
    const answer = mayProcess(standing, action, reader);
    if (!answer.allowed) throw new AppError(ErrorCode.ProcessingRefused, `${refusalMessage(answer.reason, action, who)}${action === 'read' ? '' : ' Nothing was changed and nothing was sent.'}`);
  }
}
