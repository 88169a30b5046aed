import type { AppContext } from '../../context.js';
import { can, type SignedInUser } from '../../platform/access/access.js';
import { searchCases } from '../casework/service.js';
import { normalisePostcode, type PeopleQuery, searchPeople } from '../people/service.js';
import type { SearchBody, SearchResult } from './schemas.js';

/** What a typed query could be: a case reference, an e-mail address, a phone number, a postcode, words. */
export interface ReadQuery extends PeopleQuery {
  reference?: string | undefined;
}

const REFERENCE = /^(?:pb-?\s*)?0*(\d{1,6})$/i;
const PARTIAL_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?(?: \d[A-Z]{0,2})?$/;

export function readQuery(raw: string): ReadQuery {
  const whole = raw.trim().replace(/\s+/g, ' ');
  const reference = REFERENCE.exec(whole)?.[1];
  const compact = whole.replace(/[\s()-]/g, '');
  let phone: string | undefined;
  if (/^\+\d{4,15}$/.test(compact)) phone = compact;
  else if (/^0\d{4,11}$/.test(compact)) phone = `+44${compact.slice(1)}`;
  const upper = whole.toUpperCase();
  const postcode = normalisePostcode(whole) ?? (PARTIAL_POSTCODE.test(upper) ? upper : undefined);
  return {
    whole,
    reference: reference ? `PB-${reference.padStart(6, '0')}` : undefined,
    email: whole.includes('@') ? whole.toLowerCase() : undefined,
    phone,
    postcode,
    // Names are found by their beginnings (two letters or more); a word with digits is not a name.
    nameWords: whole.split(' ').filter((w) => w.length >= 2 && !/\d/.test(w)),
  };
}

/** One box: people, organisations and cases the user may see, best first. */
export async function search(deps: Pick<AppContext, 'db' | 'keystore'>, user: SignedInUser, body: SearchBody): Promise<{ results: SearchResult[] }> {
  const q = readQuery(body.q);
  const [found, cases] = await Promise.all([
    searchPeople(deps, user, q, body.limit),
    can(user, 'cases:read') ? searchCases(deps, user, { reference: q.reference, text: q.whole }, body.limit) : [],
  ]);
  const results: SearchResult[] = [
    ...found.people.map((p) => ({ type: 'person' as const, id: p.id, title: p.name, detail: p.value, matched: p.matched, score: p.score, withheld: p.withheld, email: p.email, postcode: p.postcode })),
    ...found.organisations.map((o) => ({ type: 'organisation' as const, id: o.id, title: o.name, detail: o.kind, matched: 'name' as const, score: o.score, withheld: false, email: null, postcode: null })),
    ...cases.map((c) => ({ type: 'case' as const, id: c.id, title: c.reference, detail: c.withheld ? null : c.summary, matched: c.matched, score: c.score, withheld: c.withheld, email: null, postcode: null })),
  ];
  return { results: results.sort((a, b) => b.score - a.score) };
}
