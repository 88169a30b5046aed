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

/** Why a person may not be processed. */
export type RefusalReason = 'restricted' | 'deceased' | 'do_not_contact' | 'objected' | 'suppressed' | 'no_consent';

/**
 * For marketing only, what the consent ledger and the suppression list say about one purpose (and
 * topic) and one address: the consent module works it out (consent/service.ts, `assertMayMarket`).
 */
export interface MarketingStanding {
  /** An objection to direct marketing (UK GDPR Art. 21(2)) that no later consent lifted. */
  objected: boolean;
  /** The address the message goes to is on the suppression list. */
  suppressed: boolean;
  /** The latest ledger entry for the purpose (and topic) is a consent given, after any objection. */
  consented: boolean;
}

/** The flags on a person that the check reads. */
export interface PersonStanding {
  /** Processing restricted under UK GDPR Article 18, by the data protection lead. */
  restricted: boolean;
  deceased: boolean;
  doNotContact: boolean;
  /** Absent: nobody asked the ledger, so marketing is refused (no consent is known). */
  marketing?: MarketingStanding;
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
 * purpose. Marketing also needs the person's current consent for its purpose, no objection to
 * direct marketing, and an address off the suppression list. The first reason that applies is
 * given, the strongest first.
 */
export function mayProcess(standing: PersonStanding, action: ProcessingAction, reader?: { role: Role }): ProcessingAnswer {
  if (standing.restricted && !(action === 'read' && reader !== undefined && can(reader, 'people:restrict'))) return refused('restricted');
  if (!contact.includes(action)) return allowed;
  if (standing.deceased) return refused('deceased');
  if (standing.doNotContact) return refused('do_not_contact');
  if (action !== 'contact_marketing') return allowed;
  // Marketing needs consent for its purpose: without a word from the ledger, the answer is no.
  const marketing = standing.marketing;
  if (marketing?.objected) return refused('objected');
  if (marketing?.suppressed) return refused('suppressed');
  if (!marketing?.consented) return refused('no_consent');
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
  objected: 'they objected to direct marketing, and have not given consent again since',
  suppressed: 'their address is on the suppression list (they unsubscribed or objected, or mail to it bounced or was reported as spam)',
  no_consent: 'they have not given consent for this purpose, or withdrew it',
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
