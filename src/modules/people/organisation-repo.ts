import type { Insertable, Updateable } from 'kysely';
import type { OrganisationKind } from '../../db/enums.js';
import type { OrganisationMembershipsTable, OrganisationsTable } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import { likeLiteral } from './search-repo.js';

/** Organisations and who belongs to them. */

export async function insertOrganisation(tx: OfficeTx, values: Insertable<OrganisationsTable> & { id: string }): Promise<void> {
  await tx.insertInto('organisations').values(values).execute();
}

const organisationColumns = ['id', 'name', 'kind', 'contact_route', 'contact_email', 'contact_phone', 'contact_address', 'contact_web', 'check_before_use', 'notes', 'source', 'collected_at', 'created_at'] as const;

export function findOrganisation(tx: OfficeTx, officeId: string, organisationId: string) {
  return tx.selectFrom('organisations').select(organisationColumns).where('office_id', '=', officeId).where('id', '=', organisationId).executeTakeFirst();
}

/** The directory: a name containing the words typed (case-insensitive), of one kind if asked, by name. */
export async function listOrganisations(tx: OfficeTx, officeId: string, filter: { q?: string | undefined; kind?: OrganisationKind | undefined; limit: number; offset: number }) {
  let query = tx.selectFrom('organisations').where('office_id', '=', officeId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.q) query = query.where('name', 'ilike', `%${likeLiteral(filter.q)}%`);
  const [rows, total] = await Promise.all([
    query.select(organisationColumns).orderBy('name').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function updateOrganisation(tx: OfficeTx, officeId: string, organisationId: string, values: Updateable<OrganisationsTable>): Promise<void> {
  await tx.updateTable('organisations').set(values).where('office_id', '=', officeId).where('id', '=', organisationId).execute();
}
export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;

const memberColumns = ['m.id', 'm.organisation_id', 'm.person_id', 'p.given_name', 'p.family_name', 'm.role', 'm.source', 'm.collected_at'] as const;

function members(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('organisation_memberships as m')
    .innerJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'm.office_id').onRef('p.id', '=', 'm.person_id'))
    .select(memberColumns)
    .where('m.office_id', '=', officeId);
}

export function membersOf(tx: OfficeTx, officeId: string, organisationId: string) {
  return members(tx, officeId).where('m.organisation_id', '=', organisationId).orderBy('p.family_name').orderBy('p.given_name').orderBy('m.id').execute();
}
export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number];

export function findMembership(tx: OfficeTx, officeId: string, organisationId: string, personId: string) {
  return members(tx, officeId).where('m.organisation_id', '=', organisationId).where('m.person_id', '=', personId).executeTakeFirst();
}

export async function insertMembership(tx: OfficeTx, values: Insertable<OrganisationMembershipsTable> & { id: string }): Promise<void> {
  await tx.insertInto('organisation_memberships').values(values).execute();
}

/** The lower-cased names the office already has, so that the starter directory adds each body once. */
export async function organisationNames(tx: OfficeTx, officeId: string): Promise<Set<string>> {
  const rows = await tx.selectFrom('organisations').select((eb) => eb.fn<string>('lower', ['name']).as('name')).where('office_id', '=', officeId).execute();
  return new Set(rows.map((r) => r.name));
}
