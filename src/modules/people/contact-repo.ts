import type { ExpressionBuilder, Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { ContactPointKind, ContactPointsTable, DatumSource, DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/** Contact points: the ways to reach a person, each with its own source. */

export interface NewContactPoint {
  id: string;
  personId: string;
  kind: ContactPointKind;
  value: string;
  lines: string[] | null;
  postcode: string | null;
  platform: string | null;
  preferred: boolean;
  source: DatumSource;
  collectedAt: string | undefined;
}

const columns = ['id', 'person_id', 'kind', 'value', 'address_lines', 'postcode', 'platform', 'preferred', 'source', 'collected_at', 'undeliverable_at', 'undeliverable_status'] as const;

export type ContactPointRow = Pick<Selectable<ContactPointsTable>, (typeof columns)[number]>;

/** The same, as a column of a persons query (one round trip for the person page). */
export function contactPointsColumn(eb: ExpressionBuilder<DB, 'persons'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('contact_points')
      .select(columns)
      .whereRef('contact_points.office_id', '=', 'persons.office_id')
      .whereRef('contact_points.person_id', '=', 'persons.id')
      .orderBy('kind')
      .orderBy('preferred', 'desc')
      .orderBy('created_at')
      .orderBy('id'),
  );
}

export async function insertContactPoints(tx: OfficeTx, officeId: string, points: readonly NewContactPoint[]): Promise<ContactPointRow[]> {
  if (points.length === 0) return [];
  return tx
    .insertInto('contact_points')
    .values(
      points.map((p) => ({
        office_id: officeId,
        id: p.id,
        person_id: p.personId,
        kind: p.kind,
        value: p.value,
        address_lines: p.lines === null ? null : JSON.stringify(p.lines),
        postcode: p.postcode,
        platform: p.platform,
        preferred: p.preferred,
        source: p.source,
        ...(p.collectedAt ? { collected_at: p.collectedAt } : {}),
      })),
    )
    .returning(columns)
    .execute();
}

/** The person's contact point of this kind that clashes with a new one: the preferred one, or the same value. */
export function findClash(tx: OfficeTx, officeId: string, point: NewContactPoint) {
  return tx
    .selectFrom('contact_points')
    .select(['id', 'preferred', 'value', 'platform'])
    .where('office_id', '=', officeId)
    .where('person_id', '=', point.personId)
    .where('kind', '=', point.kind)
    .where((eb) => {
      const same = eb.and([eb('value', '=', point.value), point.platform === null ? eb('platform', 'is', null) : eb('platform', '=', point.platform)]);
      return point.preferred ? eb.or([same, eb('preferred', '=', true)]) : same;
    })
    .orderBy('preferred')
    .executeTakeFirst();
}

export async function deleteContactPoint(tx: OfficeTx, officeId: string, personId: string, contactPointId: string): Promise<boolean> {
  const deleted = await tx
    .deleteFrom('contact_points')
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .where('id', '=', contactPointId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** The person's preferred contact point of this kind, else their newest; only one that has not bounced for good, if `deliverable`. */
export function findContactPointToUse(tx: OfficeTx, officeId: string, personId: string, kind: 'email' | 'postal_address', deliverable: boolean) {
  return tx
    .selectFrom('contact_points')
    .select(['value', 'address_lines', 'postcode', 'undeliverable_at', 'undeliverable_status'])
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .$if(deliverable, (q) => q.where('undeliverable_at', 'is', null))
    .orderBy('preferred', 'desc')
    .orderBy('collected_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every e-mail contact point of the office with this address that had not bounced for good yet, marked now. */
export function markUndeliverable(tx: OfficeTx, officeId: string, address: string, at: Date, status: string | null) {
  return tx
    .updateTable('contact_points')
    .set({ undeliverable_at: at, undeliverable_status: status })
    .where('office_id', '=', officeId)
    .where('kind', '=', 'email')
    .where('value', '=', address)
    .where('undeliverable_at', 'is', null)
    .returning(['id', 'person_id'])
    .execute();
}

/** When this e-mail address first bounced for good, on any of the office's contact points, and why. */
export function findUndeliverable(tx: OfficeTx, officeId: string, address: string) {
  return tx
    .selectFrom('contact_points')
    .select(['undeliverable_at', 'undeliverable_status'])
    .where('office_id', '=', officeId)
    .where('kind', '=', 'email')
    .where('value', '=', address)
    .where('undeliverable_at', 'is not', null)
    .orderBy('undeliverable_at')
    .limit(1)
    .executeTakeFirst();
}

/** Every e-mail address and phone number the person has (the suppression list takes them all on an objection). */
export function findAddresses(tx: OfficeTx, officeId: string, personId: string) {
  return tx
    .selectFrom('contact_points')
    .select(['kind', 'value'])
    .where('office_id', '=', officeId)
    .where('person_id', '=', personId)
    .where('kind', 'in', ['email', 'phone'])
    .orderBy('id')
    .execute() as Promise<{ kind: 'email' | 'phone'; value: string }[]>;
}
