import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import { inByteOrder } from './byte-order.js';

/** Why a person may be the one an incoming contact is from; `score` is 1 for an exact match. */
export interface MatchHit {
  person_id: string;
  reason: 'email' | 'phone' | 'name_at_postcode';
  score: number;
}

/** Below this trigram similarity a name at the same postcode is not offered as a match. */
export const NAME_SIMILARITY_FLOOR = 0.4;

const fullName = sql<string>`lower(persons.given_name || ' ' || persons.family_name)`;

/**
 * Exact e-mail or phone first (indexed on the normalised value), then names like the given one
 * among the few people at the same postcode: the postcode narrows before similarity is computed,
 * so the cost does not grow with the office.
 */
export async function findMatchHits(
  tx: OfficeTx,
  officeId: string,
  contact: { email?: string | undefined; phone?: string | undefined; name?: string | undefined; postcode?: string | undefined },
): Promise<MatchHit[]> {
  const exact = (kind: 'email' | 'phone', value: string) =>
    tx
      .selectFrom('contact_points')
      .select(['person_id', sql<MatchHit['reason']>`${kind}::text`.as('reason'), sql<number>`1.0::float8`.as('score')])
      .where('office_id', '=', officeId)
      .where('kind', '=', kind)
      .where(inByteOrder('value'), '=', value);
  const queries = [];
  if (contact.email) queries.push(exact('email', contact.email));
  if (contact.phone) queries.push(exact('phone', contact.phone));
  if (contact.name && contact.postcode) {
    const similarity = sql<number>`similarity(${fullName}, lower(${contact.name}))::float8`;
    queries.push(
      tx
        .selectFrom('contact_points')
        .innerJoin('persons', (j) => j.onRef('persons.office_id', '=', 'contact_points.office_id').onRef('persons.id', '=', 'contact_points.person_id'))
        .select(['contact_points.person_id', sql<MatchHit['reason']>`'name_at_postcode'::text`.as('reason'), similarity.as('score')])
        .where('contact_points.office_id', '=', officeId)
        .where(inByteOrder('contact_points.postcode'), '=', contact.postcode)
        .where(similarity, '>=', NAME_SIMILARITY_FLOOR),
    );
  }
  const [first, ...rest] = queries;
  if (!first) return [];
  return rest.reduce((union, query) => union.unionAll(query), first).execute();
}

/** Who has each of these handles (normalised, see normaliseHandle) on `platform`. */
export function handleHolders(tx: OfficeTx, officeId: string, platform: string, handles: readonly string[]) {
  return tx
    .selectFrom('contact_points')
    .select(['value', 'person_id'])
    .where('office_id', '=', officeId)
    .where('kind', '=', 'social_handle')
    .where(inByteOrder('value'), 'in', [...handles])
    .where('platform', '=', platform)
    .execute();
}
