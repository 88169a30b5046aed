import { sql } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import { inByteOrder, startsWith } from './byte-order.js';
import { summaries } from './repo.js';

/**
 * Search-as-you-type over people and organisations. People and contact points are found by the
 * beginnings of what was typed, on byte-ordered indexes (migration 0006), so each query reads
 * about as many index entries as it returns; organisations (few) by trigram similarity.
 */

/** Escapes LIKE's wildcards in what a user typed. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const personName = sql<string>`persons.given_name || ' ' || persons.family_name`;
type NameKey = 'persons.given_key' | 'persons.family_key';
const given: NameKey = 'persons.given_key';
const family: NameKey = 'persons.family_key';

/**
 * People whose names begin as typed: one word begins either name; two or more are the beginnings
 * of the given and the family name, in either order (words between must appear in the name).
 */
export async function personsByName(tx: OfficeTx, officeId: string, words: readonly string[], limit: number) {
  const [first, ...others] = words;
  const last = others.pop();
  if (!first) return [];
  const branch = (lead: NameKey, leadWord: string, other: NameKey | undefined, otherWord: string | undefined, trail: NameKey) => {
    let query = tx
      .selectFrom('persons')
      .select(['persons.id', personName.as('name')])
      .where('persons.office_id', '=', officeId)
      .where(startsWith(lead, leadWord.toLowerCase()));
    if (other && otherWord) query = query.where(startsWith(other, otherWord.toLowerCase()));
    for (const middle of others) query = query.where(personName, 'ilike', `%${likeLiteral(middle)}%`);
    return query.orderBy(inByteOrder(lead)).orderBy(inByteOrder(trail)).orderBy('persons.id').limit(limit).execute();
  };
  // Two index range scans, one per order of the names; each stops at `limit` rows.
  const rows = last
    ? [...(await branch(given, first, family, last, family)), ...(await branch(family, first, given, last, given))]
    : [...(await branch(family, first, undefined, undefined, given)), ...(await branch(given, first, undefined, undefined, family))];
  return [...new Map(rows.map((r) => [r.id, r])).values()].slice(0, limit);
}

/** One letter wrong in a name of eight scores about 0.58 (trigram word similarity); unrelated names score near 0. */
const NAME_LIKENESS_FLOOR = 0.5;

/**
 * People whose names are like the words typed, a typo allowed: each word must be like the given
 * or the family name (trigram word similarity, as matching compares names). Asked only when no
 * name begins as typed. The trigram index search runs in `postbag_persons_named_like` (migration
 * 0037): a similarity operator is not leakproof, so under row level security the planner would
 * read the office's every person instead; the function reads the request's own office only and
 * answers ids and scores, and the names are read here under row level security.
 */
export function personsByNameLike(tx: OfficeTx, officeId: string, words: readonly string[], limit: number) {
  const lowered = words.map((w) => w.toLowerCase());
  return tx
    .selectFrom(sql<{ person_id: string; likeness: number }>`postbag_persons_named_like(${lowered}::text[], ${NAME_LIKENESS_FLOOR}::real, ${limit}::integer)`.as('alike'))
    .innerJoin('persons', (j) => j.on('persons.office_id', '=', officeId).onRef('persons.id', '=', 'alike.person_id'))
    .select(['persons.id', personName.as('name'), 'alike.likeness'])
    .orderBy('alike.likeness', 'desc')
    .orderBy('persons.id')
    .execute();
}

/** Each person's preferred (else first) e-mail address and postcode, shown beside their name. */
export async function contactsOf(tx: OfficeTx, officeId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return summaries(tx, officeId).where('persons.id', 'in', [...personIds]).execute();
}

export function organisationsByName(tx: OfficeTx, officeId: string, words: readonly string[], whole: string, limit: number) {
  let query = tx
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', sql<number>`similarity(name, ${whole})::float8`.as('score')])
    .where('office_id', '=', officeId);
  for (const word of words) query = query.where('name', 'ilike', `%${likeLiteral(word)}%`);
  return query.orderBy('score', 'desc').orderBy('id').limit(limit).execute();
}

/** People with a contact point of `kind` beginning with `start` (normalised as stored); an exact match sorts first. */
export function personsByContact(tx: OfficeTx, officeId: string, kind: 'email' | 'phone', start: string, limit: number) {
  return tx
    .selectFrom('contact_points as cp')
    .innerJoin('persons', (j) => j.onRef('persons.office_id', '=', 'cp.office_id').onRef('persons.id', '=', 'cp.person_id'))
    .select(['persons.id', personName.as('name'), 'cp.value', sql<boolean>`cp.value = ${start}`.as('exact')])
    .where('cp.office_id', '=', officeId)
    .where('cp.kind', '=', kind)
    .where(startsWith('cp.value', start))
    .orderBy(inByteOrder('cp.value'))
    .limit(limit)
    .execute();
}

export function personsByPostcode(tx: OfficeTx, officeId: string, start: string, limit: number) {
  return tx
    .selectFrom('contact_points as cp')
    .innerJoin('persons', (j) => j.onRef('persons.office_id', '=', 'cp.office_id').onRef('persons.id', '=', 'cp.person_id'))
    .select(['persons.id', personName.as('name'), 'cp.postcode as value', sql<boolean>`cp.postcode = ${start}`.as('exact')])
    .where('cp.office_id', '=', officeId)
    .where(startsWith('cp.postcode', start))
    .orderBy(inByteOrder('cp.postcode'))
    .orderBy('cp.person_id')
    .limit(limit)
    .execute();
}
