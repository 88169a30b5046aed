import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors/errors.js';
import * as contactRepo from './contact-repo.js';
import { conflict, isUniqueViolation } from './errors.js';
import { personVisible } from './need-to-know.js';
import { assertPeopleMayBe } from './standing.js';
import type { ContactPointInput, ContactPointView } from './schemas.js';
import type { PeopleDeps } from './service.js';
import { contactPointView, newContactPoint } from './views.js';

const KIND_NAMES = { email: 'e-mail address', phone: 'phone number', postal_address: 'postal address', social_handle: 'social media handle' } as const;

export async function addContactPoint(deps: Pick<PeopleDeps, 'db'>, user: SignedInUser, personId: string, input: ContactPointInput): Promise<ContactPointView> {
  const { officeId } = user;
  const point = newContactPoint(personId, input);
  const what = KIND_NAMES[point.kind];
  return withOffice(deps.db, officeId, async (tx) => {
    if (!(await personVisible(tx, user, personId))) throw notFound('person');
    await assertPeopleMayBe(tx, officeId, [personId], 'change');
    const clash = await contactRepo.findClash(tx, officeId, point);
    if (clash && clash.value === point.value && clash.platform === point.platform) throw conflict(`This person already has this ${what} (contact point ${clash.id}).`);
    if (clash) {
      throw conflict(`This person already has a preferred ${what} (contact point ${clash.id}): send "preferred": false, or remove that one first.`);
    }
    let row;
    try {
      [row] = await contactRepo.insertContactPoints(tx, officeId, [point]);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`Another request changed this person's ${what}s at the same time. Reload and try again.`);
      throw error;
    }
    await recordAudit(tx, officeId, user, { action: 'contact_point.added', recordType: 'contact_point', recordIds: [point.id, personId] });
    return contactPointView(row!);
  });
}

export async function removeContactPoint(deps: Pick<PeopleDeps, 'db'>, user: SignedInUser, personId: string, contactPointId: string): Promise<void> {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    if (!(await personVisible(tx, user, personId))) throw notFound('person');
    await assertPeopleMayBe(tx, officeId, [personId], 'change');
    if (!(await contactRepo.deleteContactPoint(tx, officeId, personId, contactPointId))) throw notFound('contact point of this person');
    await recordAudit(tx, officeId, user, { action: 'contact_point.removed', recordType: 'contact_point', recordIds: [contactPointId, personId] });
  });
}

/**
 * An e-mail address a mail server said will never take mail (a permanent bounce), in the caller's
 * transaction: every contact point of the office with it is marked, audited; those marked before
 * keep their first date. Not refused for a restricted person: it changes no account of them, only
 * stops mail going where it cannot arrive. Returns the contact points marked now.
 */
export async function markUndeliverable(tx: OfficeTx, officeId: string, actor: Actor, bounce: { address: string; at: Date; status: string | null }): Promise<{ id: string; person_id: string }[]> {
  const marked = await contactRepo.markUndeliverable(tx, officeId, bounce.address.toLowerCase(), bounce.at, bounce.status);
  if (marked.length) await recordAudit(tx, officeId, actor, { action: 'contact_point.undeliverable', recordType: 'contact_point', recordIds: marked.flatMap((m) => [m.id, m.person_id]) });
  return marked;
}

/** Since when this e-mail address has bounced for good, and the status code, if it has (for the casework send path's warning). */
export async function undeliverableSince(tx: OfficeTx, officeId: string, address: string): Promise<{ at: Date; status: string | null } | undefined> {
  const found = await contactRepo.findUndeliverable(tx, officeId, address.toLowerCase());
  return found?.undeliverable_at ? { at: found.undeliverable_at, status: found.undeliverable_status } : undefined;
}
