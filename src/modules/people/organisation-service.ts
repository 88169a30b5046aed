import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors/errors.js';
import { visiblePeople } from '../casework/service.js';
import { conflict, isUniqueViolation } from './errors.js';
import * as orgRepo from './organisation-repo.js';
import { personVisible } from './need-to-know.js';
import { assertPeopleMayBe } from './standing.js';
import type { AddCouncilsBody, AddMemberBody, CouncilList, CreateOrganisationBody, DirectoryEntryView, MembershipView, OrganisationListQuery, OrganisationView, StarterDirectoryAdded, UpdateOrganisationBody } from './schemas.js';
import { councilContactRoute, councils } from './organisation-councils.js';
import { type DirectoryEntry, starterDirectory } from './organisation-directory.js';
import type { PeopleDeps } from './service.js';
import { newId } from '../../db/ids.js';

type Deps = Pick<PeopleDeps, 'db'>;

const memberView = (m: orgRepo.MemberRow): MembershipView => ({
  id: m.id,
  organisationId: m.organisation_id,
  personId: m.person_id,
  givenName: m.given_name,
  familyName: m.family_name,
  role: m.role,
  source: m.source,
  collectedAt: m.collected_at,
});

const entryView = (o: orgRepo.OrganisationRow): DirectoryEntryView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  contactRoute: o.contact_route,
  contactEmail: o.contact_email,
  contactPhone: o.contact_phone,
  contactAddress: o.contact_address,
  contactWeb: o.contact_web,
  checkBeforeUse: o.check_before_use,
  notes: o.notes,
  source: o.source,
  collectedAt: o.collected_at,
  createdAt: o.created_at,
});

/** The contact route's columns for the parts a create or an edit names (null removes one). */
function routeColumns(body: CreateOrganisationBody | UpdateOrganisationBody) {
  const parts = {
    contact_route: body.contactRoute,
    contact_email: body.contactEmail,
    contact_phone: body.contactPhone,
    contact_address: body.contactAddress,
    contact_web: body.contactWeb,
  };
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined)) as Partial<Record<keyof typeof parts, string | null>>;
}

const organisationView = (o: orgRepo.OrganisationRow, members: orgRepo.MemberRow[]): OrganisationView => ({ ...entryView(o), members: members.map(memberView) });

export async function createOrganisation(deps: Deps, user: SignedInUser, body: CreateOrganisationBody): Promise<OrganisationView> {
  const { officeId } = user;
  const id = newId();
  return withOffice(deps.db, officeId, async (tx) => {
    await orgRepo.insertOrganisation(tx, {
      office_id: officeId,
      id,
      name: body.name,
      kind: body.kind,
      ...routeColumns(body),
      notes: body.notes ?? null,
      source: body.source,
      ...(body.collectedAt ? { collected_at: body.collectedAt } : {}),
    });
    await recordAudit(tx, officeId, user, { action: 'organisation.created', recordType: 'organisation', recordIds: [id] });
    return organisationView((await orgRepo.findOrganisation(tx, officeId, id))!, []);
  });
}

export async function getOrganisation(deps: Deps, user: SignedInUser, organisationId: string): Promise<OrganisationView> {
  const { officeId } = user;
  const found = await withOffice(deps.db, officeId, async (tx) => {
    const organisation = await orgRepo.findOrganisation(tx, officeId, organisationId);
    if (!organisation) return undefined;
    // Need-to-know covers a member's name too: a person the user may not see is left out.
    const members = await orgRepo.membersOf(tx, officeId, organisationId);
    const seen = await visiblePeople(tx, user, members.map((m) => m.person_id));
    return organisationView(organisation, members.filter((m) => seen.has(m.person_id)));
  });
  if (!found) throw notFound('organisation');
  return found;
}

export async function listOrganisations(deps: Deps, user: SignedInUser, query: OrganisationListQuery): Promise<{ organisations: DirectoryEntryView[]; total: number }> {
  const { rows, total } = await withOffice(deps.db, user.officeId, (tx) => orgRepo.listOrganisations(tx, user.officeId, query));
  return { organisations: rows.map(entryView), total };
}

/** An edit to a directory entry; its source and time are the edit's, and a route a person wrote or confirmed is no longer "check before use". */
export async function updateOrganisation(deps: Deps, user: SignedInUser, organisationId: string, body: UpdateOrganisationBody): Promise<OrganisationView> {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    if (!(await orgRepo.findOrganisation(tx, officeId, organisationId))) throw notFound('organisation');
    const route = routeColumns(body);
    await orgRepo.updateOrganisation(tx, officeId, organisationId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      ...route,
      ...(body.notes !== undefined ? { notes: body.notes } : {}),
      ...(body.confirmed || Object.keys(route).length > 0 ? { check_before_use: false } : {}),
      source: body.source,
      collected_at: new Date(),
    });
    await recordAudit(tx, officeId, user, { action: 'organisation.updated', recordType: 'organisation', recordIds: [organisationId] });
  });
  return getOrganisation(deps, user, organisationId);
}

export async function addMember(deps: Deps, user: SignedInUser, organisationId: string, body: AddMemberBody): Promise<MembershipView> {
  const { officeId } = user;
  const id = newId();
  return withOffice(deps.db, officeId, async (tx) => {
    if (!(await orgRepo.findOrganisation(tx, officeId, organisationId))) throw notFound('organisation');
    if (!(await personVisible(tx, user, body.personId))) throw notFound('person (body.personId)');
    await assertPeopleMayBe(tx, officeId, [body.personId], 'change');
    const existing = await orgRepo.findMembership(tx, officeId, organisationId, body.personId);
    if (existing) throw conflict(`This person is already a member of this organisation (membership ${existing.id}).`);
    try {
      await orgRepo.insertMembership(tx, {
        office_id: officeId,
        id,
        organisation_id: organisationId,
        person_id: body.personId,
        role: body.role ?? null,
        source: body.source,
        ...(body.collectedAt ? { collected_at: body.collectedAt } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('Another request added this person to this organisation at the same time.');
      throw error;
    }
    await recordAudit(tx, officeId, user, { action: 'organisation.member_added', recordType: 'organisation_membership', recordIds: [id, organisationId, body.personId] });
    return memberView((await orgRepo.findMembership(tx, officeId, organisationId, body.personId))!);
  });
}

/** Adds the starter directory's bodies the office does not have yet (by name), so running it twice adds nothing more. */
export function addStarterDirectory(deps: Deps, user: SignedInUser): Promise<StarterDirectoryAdded> {
  return withOffice(deps.db, user.officeId, (tx) => addStarterDirectoryIn(tx, user.officeId, user));
}

/** The same inside a transaction already open: a new office (the demo seed) gets the directory with the rest of it. */
export function addStarterDirectoryIn(tx: OfficeTx, officeId: string, actor: Actor): Promise<StarterDirectoryAdded> {
  return addEntries(tx, officeId, actor, starterDirectory);
}

/** The listed councils, each saying whether the office's directory has it already. */
export async function listCouncils(deps: Deps, user: SignedInUser): Promise<CouncilList> {
  const have = await withOffice(deps.db, user.officeId, (tx) => orgRepo.organisationNames(tx, user.officeId));
  return { councils: councils.map((c) => ({ ...c, inDirectory: have.has(c.name.toLowerCase()) })) };
}

/** The councils of the office's area, chosen from the list; one the directory has already is not added twice. */
export function addCouncils(deps: Deps, user: SignedInUser, body: AddCouncilsBody): Promise<StarterDirectoryAdded> {
  return withOffice(deps.db, user.officeId, (tx) => addCouncilsIn(tx, user.officeId, user, body.names));
}

/** The same inside a transaction already open: the demo office gets its area's councils with the rest of it. */
export function addCouncilsIn(tx: OfficeTx, officeId: string, actor: Actor, names: readonly string[]): Promise<StarterDirectoryAdded> {
  const entries = [...new Set(names)].map((name): DirectoryEntry => ({ name, kind: 'local_council', contactRoute: councilContactRoute }));
  return addEntries(tx, officeId, actor, entries);
}

/** Adds the entries the office does not have yet (by name), from a public source, each route "check before use"; one audit entry. */
async function addEntries(tx: OfficeTx, officeId: string, actor: Actor, entries: readonly DirectoryEntry[]): Promise<StarterDirectoryAdded> {
  const have = await orgRepo.organisationNames(tx, officeId);
  const added: StarterDirectoryAdded['added'] = [];
  for (const entry of entries.filter((e) => !have.has(e.name.toLowerCase()))) {
    const id = newId();
    await orgRepo.insertOrganisation(tx, {
      office_id: officeId,
      id,
      name: entry.name,
      kind: entry.kind,
      contact_route: entry.contactRoute,
      contact_web: entry.web ?? null,
      check_before_use: true,
      source: 'public_source',
    });
    added.push({ id, name: entry.name });
  }
  await recordAudit(tx, officeId, actor, { action: 'organisation.directory_added', recordType: 'organisation', recordIds: added.map((a) => a.id) });
  return { added };
}
