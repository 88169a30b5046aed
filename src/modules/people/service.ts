import type { Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DatumSource, PersonsTable, RestrictionReason } from '../../db/schema.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { mayProcess } from '../../platform/access/processing.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors/errors.js';
import type { Page } from '../../platform/http/paging.js';
import * as contactRepo from './contact-repo.js';
import { conflict } from './errors.js';
import { openIdentifiers, sealIdentifiers } from './identifiers.js';
import { isUnder18 } from './normalise.js';
import * as repo from './repo.js';
import type { ContactPointInput, CreatePersonBody, FlagsInput, IdentifiersInput, PersonDetail, PersonView, UpdatePersonBody } from './schemas.js';
import { newContactPoint, personDetail, withheldDetail } from './views.js';
import { newId } from '../../db/ids.js';
import { maySeePerson, peopleSeenBy } from '../casework/service.js';
import { personVisible } from './need-to-know.js';
import { assertPeopleMayBe, standingOfRow } from './standing.js';

/** For other modules: each person's standing, and the one check in the caller's transaction. */
export { assertPeopleMayBe, standingsOf } from './standing.js';

export type PeopleDeps = Pick<AppContext, 'db' | 'keystore'>;

// People's part of other modules' work: the search box, and matching what comes in to a person.
export { normaliseHandle, normalisePhone, normalisePostcode } from './normalise.js';
export { soleHolderOf, soleHoldersOfHandles } from './matching.js';
export { addCouncilsIn, addStarterDirectoryIn } from './organisation-service.js';
export type { CouncilName } from './organisation-councils.js';
export { type PeopleQuery, searchPeople } from './search.js';
/** A mailing's audience (newsletters): people's standing and address, by postcode area, as a query to join. */
export { audienceStandings, emailsToUse, namesOf, postcodeArea, type PostcodeAreas, splitPostcodeAreas } from './audience-repo.js';

/** For a message to the person (merge fields), in the caller's transaction: their names. */
export function personNames(tx: OfficeTx, officeId: string, personId: string) {
  return repo.findNames(tx, officeId, personId);
}

/**
 * Where a message to the person goes, in the caller's transaction: their preferred e-mail address
 * or postal address, else the newest. `deliverable` (campaign mail) passes over an e-mail address
 * that bounced for good; casework still writes to it, and warns.
 */
export function contactPointToUse(tx: OfficeTx, officeId: string, personId: string, kind: 'email' | 'postal_address', options: { deliverable?: boolean } = {}) {
  return contactRepo.findContactPointToUse(tx, officeId, personId, kind, options.deliverable ?? false);
}

export { markUndeliverable, undeliverableSince } from './contact-service.js';
/** Every e-mail address and phone number of the person, in the caller's transaction (consent's suppression list). */
export function personAddresses(tx: OfficeTx, officeId: string, personId: string) {
  return contactRepo.findAddresses(tx, officeId, personId);
}

export async function loadDetail(tx: OfficeTx, officeId: string, personId: string): Promise<PersonDetail | undefined> {
  const person = await repo.findPersonDetail(tx, officeId, personId);
  return person && personDetail(person);
}

function flagColumns(flags: FlagsInput | undefined): Updateable<PersonsTable> {
  if (!flags) return {};
  const columns: Updateable<PersonsTable> = {};
  if (flags.deceased !== undefined) columns.deceased = flags.deceased;
  if (flags.doNotContact !== undefined) columns.do_not_contact = flags.doNotContact;
  if (flags.outOfConstituency !== undefined) columns.out_of_constituency = flags.outOfConstituency;
  if (flags.child !== undefined) columns.child_marked = flags.child;
  if (flags.vulnerable !== undefined) columns.vulnerable = flags.vulnerable;
  return columns;
}

/** The plain child flag a date of birth implies; the date itself is only ever sealed. */
function childColumn(identifiers: IdentifiersInput | undefined): Updateable<PersonsTable> {
  if (identifiers?.dateOfBirth === undefined) return {};
  return { child_by_date_of_birth: identifiers.dateOfBirth !== null && isUnder18(identifiers.dateOfBirth) };
}

export async function createPerson(deps: PeopleDeps, user: SignedInUser, body: CreatePersonBody): Promise<PersonDetail> {
  const { officeId } = user;
  const personId = newId();
  // The key store is another database: seal first, so the main transaction holds only ciphertext.
  const sealed = await sealIdentifiers(deps.keystore, officeId, personId, body.identifiers);
  const points = body.contactPoints.map((p) => newContactPoint(personId, p));
  return withOffice(deps.db, officeId, async (tx) => {
    await repo.insertPerson(tx, {
      office_id: officeId,
      id: personId,
      title: body.title ?? null,
      given_name: body.givenName,
      family_name: body.familyName,
      source: body.source,
      ...(body.collectedAt ? { collected_at: body.collectedAt } : {}),
      referred_by_third_party: body.referredByThirdParty,
      ...flagColumns(body.flags),
      ...childColumn(body.identifiers),
      ...sealed,
    });
    await contactRepo.insertContactPoints(tx, officeId, points);
    await recordAudit(tx, officeId, user, { action: 'person.created', recordType: 'person', recordIds: [personId] });
    if (points.length) await recordAudit(tx, officeId, user, { action: 'contact_point.added', recordType: 'contact_point', recordIds: points.map((p) => p.id) });
    if (Object.keys(sealed).length) await recordAudit(tx, officeId, user, { action: 'person.identifiers_changed', recordType: 'person', recordIds: [personId] });
    return (await loadDetail(tx, officeId, personId)) as PersonDetail;
  });
}

/**
 * Someone who got in touch by themselves (the public contact form), written in the caller's
 * transaction: no signed-in user is there, so `actor` is Postbag itself. Returns the new id.
 */
export async function addPersonWhoGotInTouch(
  tx: OfficeTx,
  officeId: string,
  actor: Actor,
  person: { givenName: string; familyName: string; source: DatumSource; contactPoints: readonly ContactPointInput[] },
): Promise<string> {
  const personId = newId();
  const points = person.contactPoints.map((p) => newContactPoint(personId, p));
  await repo.insertPerson(tx, { office_id: officeId, id: personId, given_name: person.givenName, family_name: person.familyName, source: person.source });
  await contactRepo.insertContactPoints(tx, officeId, points);
  await recordAudit(tx, officeId, actor, { action: 'person.created', recordType: 'person', recordIds: [personId] });
  if (points.length) await recordAudit(tx, officeId, actor, { action: 'contact_point.added', recordType: 'contact_point', recordIds: points.map((p) => p.id) });
  return personId;
}

/** With `includeIdentifiers`, the read is audited in the same transaction as the ciphertexts are read. */
export async function getPerson(deps: PeopleDeps, user: SignedInUser, personId: string, includeIdentifiers: boolean): Promise<PersonDetail> {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const person = await repo.findPersonDetail(tx, officeId, personId);
    if (!person || !(await maySeePerson(tx, user, personId))) return undefined;
    if (!mayProcess(standingOfRow(person), 'read', user).allowed) return { person, detail: withheldDetail(personDetail(person)) };
    if (includeIdentifiers) await recordAudit(tx, officeId, user, { action: 'person.identifiers_read', recordType: 'person', recordIds: [personId] });
    return { person, detail: personDetail(person) };
  });
  if (!found) throw notFound('person');
  const { person, detail } = found;
  if (!includeIdentifiers || detail.withheld) return detail;
  const identifiers = await openIdentifiers(deps.keystore, officeId, personId, person);
  // The stored child flag dates from when the date of birth was set; the date itself says today's answer.
  const childByDateOfBirth = identifiers.dateOfBirth !== null && isUnder18(identifiers.dateOfBirth);
  return { ...detail, identifiers, flags: { ...detail.flags, childByDateOfBirth, child: detail.flags.childMarked || childByDateOfBirth } };
}

export async function updatePerson(deps: PeopleDeps, user: SignedInUser, personId: string, body: UpdatePersonBody): Promise<PersonDetail> {
  const { officeId } = user;
  let sealed = {};
  if (body.identifiers) {
    // Make no data key for a person this office does not have.
    await withOffice(deps.db, officeId, async (tx) => {
      if (!(await personVisible(tx, user, personId))) throw notFound('person');
      await assertPeopleMayBe(tx, officeId, [personId], 'change');
    });
    sealed = await sealIdentifiers(deps.keystore, officeId, personId, body.identifiers);
  }
  return withOffice(deps.db, officeId, async (tx) => {
    if (!(await repo.findPerson(tx, officeId, personId, { forUpdate: true })) || !(await maySeePerson(tx, user, personId))) throw notFound('person');
    await assertPeopleMayBe(tx, officeId, [personId], 'change');
    await repo.updatePerson(tx, officeId, personId, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.givenName !== undefined ? { given_name: body.givenName } : {}),
      ...(body.familyName !== undefined ? { family_name: body.familyName } : {}),
      ...flagColumns(body.flags),
      ...childColumn(body.identifiers),
      ...sealed,
    });
    await recordAudit(tx, officeId, user, { action: 'person.updated', recordType: 'person', recordIds: [personId] });
    if (Object.keys(sealed).length) await recordAudit(tx, officeId, user, { action: 'person.identifiers_changed', recordType: 'person', recordIds: [personId] });
    return (await loadDetail(tx, officeId, personId)) as PersonDetail;
  });
}

/** Someone referred by a third party says they are happy to be contacted. Confirming twice changes nothing. */
export async function confirmContact(deps: PeopleDeps, user: SignedInUser, personId: string, source: PersonsTable['source']): Promise<PersonDetail> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const person = await repo.findPerson(tx, officeId, personId, { forUpdate: true });
    if (!person || !(await maySeePerson(tx, user, personId))) throw notFound('person');
    await assertPeopleMayBe(tx, officeId, [personId], 'change');
    if (!person.referred_by_third_party) {
      throw conflict('This person was not referred by a third party, so there is no contact to confirm (they got in touch themselves).');
    }
    if (person.contact_confirmed_at === null) {
      await repo.updatePerson(tx, officeId, personId, { contact_confirmed_at: new Date(), contact_confirmed_source: source });
      await recordAudit(tx, officeId, user, { action: 'person.contact_confirmed', recordType: 'person', recordIds: [personId] });
    }
    return (await loadDetail(tx, officeId, personId)) as PersonDetail;
  });
}

/**
 * The data protection lead restricts processing (UK GDPR Art. 18) on one of the Article's grounds;
 * restricting again on another ground changes the ground, on the same one changes nothing.
 */
export async function setRestriction(deps: PeopleDeps, user: SignedInUser, personId: string, reason: RestrictionReason): Promise<PersonDetail> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const person = await repo.findPerson(tx, officeId, personId, { forUpdate: true });
    if (!person || !(await maySeePerson(tx, user, personId))) throw notFound('person');
    if (person.restriction_reason !== reason) {
      await repo.updatePerson(tx, officeId, personId, { restricted_at: person.restricted_at ?? new Date(), restricted_by: user.userId, restriction_reason: reason });
      await recordAudit(tx, officeId, user, { action: 'person.restriction_set', recordType: 'person', recordIds: [personId] });
    }
    return (await loadDetail(tx, officeId, personId)) as PersonDetail;
  });
}

export async function liftRestriction(deps: PeopleDeps, user: SignedInUser, personId: string): Promise<PersonDetail> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const person = await repo.findPerson(tx, officeId, personId, { forUpdate: true });
    if (!person || !(await maySeePerson(tx, user, personId))) throw notFound('person');
    if (person.restricted_at === null) throw conflict('Processing of this person is not restricted, so there is no restriction to lift. Nothing was changed.');
    await repo.updatePerson(tx, officeId, personId, { restricted_at: null, restricted_by: null, restriction_reason: null });
    await recordAudit(tx, officeId, user, { action: 'person.restriction_lifted', recordType: 'person', recordIds: [personId] });
    return (await loadDetail(tx, officeId, personId)) as PersonDetail;
  });
}

export async function listPeople(deps: PeopleDeps, user: SignedInUser, page: Page): Promise<{ people: PersonView[]; total: number }> {
  const { rows, total } = await withOffice(deps.db, user.officeId, async (tx) => repo.listPersons(tx, user.officeId, page, await peopleSeenBy(tx, user)));
  return { people: rows.map((p) => personSummary(p, user)), total };
}

/** A restricted person's e-mail and postcode are withheld from all but the data protection lead (the read rule of the one check). */
export function personSummary(p: Awaited<ReturnType<typeof repo.listPersons>>['rows'][number], reader: Pick<SignedInUser, 'role'>): PersonView {
  const restricted = p.restricted_at !== null;
  const shown = mayProcess({ restricted, deceased: false, doNotContact: false }, 'read', reader).allowed;
  return {
    id: p.id,
    givenName: p.given_name,
    familyName: p.family_name,
    email: shown ? (p.email ?? null) : null,
    postcode: shown ? (p.postcode ?? null) : null,
    source: p.source,
    collectedAt: p.collected_at,
    restricted,
  };
}

/** Every person id of the office, for sorting the key store's legacy keys. */
export function personIds(tx: OfficeTx, officeId: string): Promise<string[]> {
  return repo.personIds(tx, officeId);
}

export function personExists(tx: OfficeTx, officeId: string, personId: string): Promise<boolean> {
  return repo.personExists(tx, officeId, personId);
}

/** Which of these people the office still holds (the erasure journal's replay asks, one query per office). */
export function heldPersonIds(tx: OfficeTx, officeId: string, personIds: readonly string[]): Promise<string[]> {
  return repo.heldPersonIds(tx, officeId, personIds);
}

/** People's step of an erasure, after the cases and messages that refer to them: the person, their contact points, memberships and merge history. */
export function erasePersonRows(tx: OfficeTx, officeId: string, personId: string): Promise<boolean> {
  return repo.deletePerson(tx, officeId, personId);
}
