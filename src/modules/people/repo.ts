import { type Expression, type ExpressionBuilder, type Insertable, sql, type SqlBool, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DatumSource, DB, OrganisationKind, PersonsTable } from '../../db/schema.js';
import { type ContactPointRow, contactPointsColumn } from './contact-repo.js';
import type { OfficeTx } from '../../db/scope.js';
import type { Page } from '../../platform/http/paging.js';

/** Persons. Every query takes the office id: row level security is the second line, not the first. */

/** A person's preferred (else first-recorded) contact point of one kind, as a column of a persons query. */
function preferredContact(eb: ExpressionBuilder<DB, 'persons'>, kind: 'email' | 'postal_address', column: 'value' | 'postcode') {
  return eb
    .selectFrom('contact_points as cp')
    .select(`cp.${column}`)
    .whereRef('cp.office_id', '=', 'persons.office_id')
    .whereRef('cp.person_id', '=', 'persons.id')
    .where('cp.kind', '=', kind)
    .orderBy('cp.preferred', 'desc')
    .orderBy('cp.created_at')
    .orderBy('cp.id')
    .limit(1);
}

export function summaries(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('persons')
    .select((eb) => [
      'persons.id',
      'given_name',
      'family_name',
      'source',
      'collected_at',
      'restricted_at',
      preferredContact(eb, 'email', 'value').as('email'),
      preferredContact(eb, 'postal_address', 'postcode').as('postcode'),
    ])
    .where('persons.office_id', '=', officeId);
}

/** `seen`: need-to-know as a where clause, when the user does not see everyone. */
export async function listPersons(tx: OfficeTx, officeId: string, page: Page, seen?: (eb: ExpressionBuilder<DB, 'persons'>) => Expression<SqlBool>) {
  const [rows, total] = await Promise.all([
    summaries(tx, officeId)
      .$if(seen !== undefined, (q) => q.where(seen!))
      .orderBy('family_name')
      .orderBy('given_name')
      .orderBy('persons.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    tx
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('persons.office_id', '=', officeId)
      .$if(seen !== undefined, (q) => q.where(seen!))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The whole row, ciphertexts included: the service decides what leaves. */
export function findPerson(tx: OfficeTx, officeId: string, personId: string, options: { forUpdate?: boolean } = {}) {
  const query = tx.selectFrom('persons').selectAll().where('office_id', '=', officeId).where('id', '=', personId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}
export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

/** The names a message to the person uses; the person must exist. */
export function findNames(tx: OfficeTx, officeId: string, personId: string) {
  return tx.selectFrom('persons').select(['id', 'title', 'given_name', 'family_name']).where('office_id', '=', officeId).where('id', '=', personId).executeTakeFirstOrThrow();
}

/** What the one check (platform/access/processing.ts) reads of each person. */
export function standings(tx: OfficeTx, officeId: string, personIds: readonly string[]) {
  return tx.selectFrom('persons').select(['id', 'restricted_at', 'deceased', 'do_not_contact']).where('office_id', '=', officeId).where('id', 'in', personIds).execute();
}

export async function personExists(tx: OfficeTx, officeId: string, personId: string): Promise<boolean> {
  const row = await tx.selectFrom('persons').select('id').where('office_id', '=', officeId).where('id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** Which of these people the office still holds. */
export async function heldPersonIds(tx: OfficeTx, officeId: string, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await tx.selectFrom('persons').select('id').where('office_id', '=', officeId).where(sql<SqlBool>`id = any(${personIds}::uuid[])`).execute();
  return rows.map((r) => r.id);
}

export async function insertPerson(tx: OfficeTx, values: Insertable<PersonsTable> & { id: string }): Promise<void> {
  await tx.insertInto('persons').values(values).execute();
}

export async function updatePerson(tx: OfficeTx, officeId: string, personId: string, changes: Updateable<PersonsTable>): Promise<void> {
  await tx
    .updateTable('persons')
    .set({ ...changes, updated_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', personId)
    .execute();
}

/** The person, their contact points and their organisations, in one query. */
export function findPersonDetail(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('persons')
    .selectAll('persons')
    .select((eb) => [
      contactPointsColumn(eb).as('contact_points'),
      jsonArrayFrom(
        eb
          .selectFrom('organisation_memberships as m')
          .innerJoin('organisations as o', (j) => j.onRef('o.office_id', '=', 'm.office_id').onRef('o.id', '=', 'm.organisation_id'))
          .select(['m.id as membership_id', 'o.id as organisation_id', 'o.name', 'o.kind', 'm.role', 'm.source', 'm.collected_at'])
          .whereRef('m.office_id', '=', 'persons.office_id')
          .whereRef('m.person_id', '=', 'persons.id')
          .orderBy('o.name')
          .orderBy('o.id'),
      ).as('organisations'),
    ])
    .where('persons.office_id', '=', officeId)
    .where('persons.id', '=', personId)
    .executeTakeFirst() as Promise<PersonDetailRow | undefined>;
}

/** Rows inside a JSON aggregate arrive with their timestamps as ISO strings. */
type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

export type PersonDetailRow = PersonRow & {
  contact_points: AsJson<ContactPointRow>[];
  organisations: AsJson<{
    membership_id: string;
    organisation_id: string;
    name: string;
    kind: OrganisationKind;
    role: string | null;
    source: DatumSource;
    collected_at: Date;
  }>[];
};

/** Every person id of the office: the key store's legacy keys are sorted by them (key-store migration 0002). */
export async function personIds(tx: OfficeTx, officeId: string): Promise<string[]> {
  return (await tx.selectFrom('persons').select('id').where('office_id', '=', officeId).execute()).map((r) => r.id);
}

/** Deletes the person; their contact points, memberships and merge history go with them (ON DELETE CASCADE). */
export async function deletePerson(tx: OfficeTx, officeId: string, personId: string): Promise<boolean> {
  const deleted = await tx.deleteFrom('persons').where('office_id', '=', officeId).where('id', '=', personId).returning('id').executeTakeFirst();
  return deleted !== undefined;
}
