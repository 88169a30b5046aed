import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/**
 * People's part of a mailing's audience (newsletters): each person with what the one check reads
 * of them and the address an e-mail would go to, narrowed to postcode areas, as a query the
 * newsletters module joins with the consent module's part in one statement, so the database does
 * the join and people's tables stay people's.
 */

/** Where a mailing goes, by postcode: areas ("DY"), districts ("DY1") and sectors ("DY1 4"); all empty is everywhere. */
export interface PostcodeAreas {
  areas: readonly string[];
  districts: readonly string[];
  sectors: readonly string[];
}

const AREA = /^[A-Z]{1,2}$/;
const DISTRICT = /^[A-Z]{1,2}[0-9][0-9A-Z]?$/;
const SECTOR = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$/;

/** "dy1  4" -> "DY1 4"; the kind it is, or null when it is no part of a UK postcode. */
export function postcodeArea(input: string): { kind: keyof PostcodeAreas; value: string } | null {
  const value = input.trim().toUpperCase().replace(/\s+/g, ' ');
  if (AREA.test(value)) return { kind: 'areas', value };
  if (DISTRICT.test(value)) return { kind: 'districts', value };
  if (SECTOR.test(value)) return { kind: 'sectors', value };
  return null;
}

/** The areas as the three lists the query reads (each already normalised by postcodeArea). */
export function splitPostcodeAreas(values: readonly string[]): PostcodeAreas {
  const split: { [K in keyof PostcodeAreas]: string[] } = { areas: [], districts: [], sectors: [] };
  for (const v of values) {
    const area = postcodeArea(v);
    if (area) split[area.kind].push(area.value);
  }
  return split;
}

/** A postal address of the person's in one of the areas (postcodes are stored normalised, "DY1 4AB"). */
function livesIn(eb: ExpressionBuilder<DB, 'persons'>, where: PostcodeAreas) {
  const postcode = sql.ref('cp.postcode');
  const any = (values: readonly string[]) => sql`ANY(${sql.val([...values])}::text[])`;
  const parts = [
    where.areas.length ? sql<boolean>`substring(${postcode} from '^[A-Z]+') = ${any(where.areas)}` : null,
    where.districts.length ? sql<boolean>`split_part(${postcode}, ' ', 1) = ${any(where.districts)}` : null,
    where.sectors.length ? sql<boolean>`left(${postcode}, length(${postcode}) - 2) = ${any(where.sectors)}` : null,
  ].filter((p) => p !== null);
  return eb.exists(
    eb
      .selectFrom('contact_points as cp')
      .select(sql.lit(1).as('one'))
      .whereRef('cp.office_id', '=', 'persons.office_id')
      .whereRef('cp.person_id', '=', 'persons.id')
      .where('cp.kind', '=', 'postal_address')
      .where('cp.postcode', 'is not', null)
      .where(sql<boolean>`(${sql.join(parts, sql` OR `)})`),
  );
}

/**
 * The office's people in the areas: their standing for the one check and the e-mail address a
 * message would go to (the preferred one, else the newest, as `contactPointToUse` chooses, of
 * those not marked undeliverable by a bounce), or null when they have none.
 */
export function audienceStandings(tx: OfficeTx, officeId: string, where: PostcodeAreas) {
  const anywhere = where.areas.length + where.districts.length + where.sectors.length === 0;
  return tx
    .selectFrom('persons')
    .select((eb) => [
      'persons.id as person_id',
      sql<boolean>`persons.restricted_at IS NOT NULL`.as('restricted'),
      'persons.deceased',
      'persons.do_not_contact',
      eb
        .selectFrom('contact_points as cp')
        .select('cp.value')
        .whereRef('cp.office_id', '=', 'persons.office_id')
        .whereRef('cp.person_id', '=', 'persons.id')
        .where('cp.kind', '=', 'email')
        .where('cp.undeliverable_at', 'is', null)
        .orderBy('cp.preferred', 'desc')
        .orderBy('cp.collected_at', 'desc')
        .limit(1)
        .as('email'),
    ])
    .where('persons.office_id', '=', officeId)
    .$if(!anywhere, (q) => q.where((eb) => livesIn(eb, where)));
}

/** Names for merge fields, many people at once (a mailing's batch). */
export function namesOf(tx: OfficeTx, officeId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('persons').select(['id', 'title', 'given_name', 'family_name']).where('office_id', '=', officeId).where('id', 'in', personIds).execute();
}

/** The e-mail address each person's message goes to now (preferred, else newest, not undeliverable), by person; those with none are left out. */
export async function emailsToUse(tx: OfficeTx, officeId: string, personIds: readonly string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('contact_points')
    .select(['person_id', 'value'])
    .distinctOn('person_id')
    .where('office_id', '=', officeId)
    .where('person_id', 'in', personIds)
    .where('kind', '=', 'email')
    .where('undeliverable_at', 'is', null)
    .orderBy('person_id')
    .orderBy('preferred', 'desc')
    .orderBy('collected_at', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.value]));
}
