import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';

/**
 * Search-as-you-type over people and organisations. Names use the trigram indexes of migration
 * 0006 (each typed word must appear in the name), contact points their prefix indexes.
 */

/** Escapes LIKE's wildcards in what a user typed. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const personName = sql<string>`persons.given_name || ' ' || persons.family_name`;

/** People whose name holds every word (each of 3 letters or more), most similar first. */
export function personsByName(tx: OfficeTx, officeId: string, words: readonly string[], whole: string, limit: number) {
  let query = tx
    .selectFrom('persons')
    .select(['persons.id', personName.as('name'), sql<number>`similarity(${personName}, ${whole})::float8`.as('score')])
    .where('persons.office_id', '=', officeId);
  for (const word of words) query = query.where(personName, 'ilike', `%${likeLiteral(word)}%`);
  return query.orderBy('score', 'desc').orderBy('persons.id').limit(limit).execute();
}

export function organisationsByName(tx: OfficeTx, officeId: string, words: readonly string[], whole: string, limit: number) {
  let query = tx
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', sql<number>`similarity(name, ${whole})::float8`.as('score')])
    .where('office_id', '=', officeId);
  for (const word of words) query = query.where('name', 'ilike', `%${likeLiteral(word)}%`);
  return query.orderBy('score', 'desc').orderBy('id').limit(limit).execute();
}

/** People with a contact point of `kind` starting with `prefix` (normalised as stored). */
export function personsByContact(tx: OfficeTx, officeId: string, kind: 'email' | 'phone', prefix: string, limit: number) {
  return tx
    .selectFrom('contact_points as cp')
    .innerJoin('persons', (j) => j.onRef('persons.office_id', '=', 'cp.office_id').onRef('persons.id', '=', 'cp.person_id'))
    .select(['persons.id', personName.as('name'), 'cp.value', sql<boolean>`cp.value = ${prefix}`.as('exact')])
    .where('cp.office_id', '=', officeId)
    .where('cp.kind', '=', kind)
    .where('cp.value', 'like', `${likeLiteral(prefix)}%`)
    .orderBy('exact', 'desc')
    .orderBy('cp.value')
    .limit(limit)
    .execute();
}

export function personsByPostcode(tx: OfficeTx, officeId: string, prefix: string, limit: number) {
  return tx
    .selectFrom('contact_points as cp')
    .innerJoin('persons', (j) => j.onRef('persons.office_id', '=', 'cp.office_id').onRef('persons.id', '=', 'cp.person_id'))
    .select(['persons.id', personName.as('name'), 'cp.postcode as value', sql<boolean>`cp.postcode = ${prefix}`.as('exact')])
    .where('cp.office_id', '=', officeId)
    .where('cp.postcode', 'like', `${likeLiteral(prefix)}%`)
    .orderBy('exact', 'desc')
    .orderBy('persons.family_name')
    .orderBy('persons.given_name')
    .limit(limit)
    .execute();
}
