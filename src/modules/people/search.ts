import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { mayProcess } from '../../platform/access/processing.js';
import { visiblePeople } from '../casework/service.js';
import { standingsOf } from './standing.js';
import type { PeopleDeps } from './service.js';
import * as repo from './search-repo.js';

/** What the search box found among people and organisations; `score` is 1 for an exact match. */
export interface PersonHit {
  id: string;
  name: string;
  matched: 'name' | 'email' | 'phone' | 'postcode';
  /** The contact point that matched, as stored. */
  value: string | null;
  score: number;
  /** Restricted (UK GDPR Art. 18) and the user is not the data protection lead: the name and the restriction only. */
  withheld: boolean;
  /** What tells two people of one name apart: their preferred e-mail address and postcode (null when withheld). */
  email: string | null;
  postcode: string | null;
}

export interface OrganisationHit {
  id: string;
  name: string;
  kind: string;
  score: number;
}

export interface PeopleQuery {
  /** The beginnings of the given and family names, in either order. */
  nameWords: string[];
  whole: string;
  email?: string | undefined;
  phone?: string | undefined;
  postcode?: string | undefined;
}

/** A name that begins as typed ranks below an exact (1) or partial (0.9) contact point. */
const NAME_SCORE = 0.8;
/** A name only like what was typed (a typo) ranks below one that begins as typed. */
const NAME_LIKE_SCORE = 0.7;

/** Each person once, at their best reason. */
function best<Hit extends { id: string; score: number }>(hits: Hit[]): Hit[] {
  const byId = new Map<string, Hit>();
  for (const hit of hits) if ((byId.get(hit.id)?.score ?? -1) < hit.score) byId.set(hit.id, hit);
  return [...byId.values()];
}

export async function searchPeople(deps: Pick<PeopleDeps, 'db'>, user: SignedInUser, q: PeopleQuery, limit: number): Promise<{ people: PersonHit[]; organisations: OrganisationHit[] }> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const people: Omit<PersonHit, 'email' | 'postcode'>[] = [];
    const contact = (matched: PersonHit['matched']) => (r: { id: string; name: string; value: string | null; exact: boolean }) =>
      people.push({ id: r.id, name: r.name, matched, value: r.value, score: r.exact ? 1 : 0.9, withheld: false });
    if (q.email) (await repo.personsByContact(tx, officeId, 'email', q.email, limit)).forEach(contact('email'));
    if (q.phone) (await repo.personsByContact(tx, officeId, 'phone', q.phone, limit)).forEach(contact('phone'));
    if (q.postcode) (await repo.personsByPostcode(tx, officeId, q.postcode, limit)).forEach(contact('postcode'));
    let organisations: OrganisationHit[] = [];
    if (q.nameWords.length) {
      const byName = await repo.personsByName(tx, officeId, q.nameWords, limit);
      for (const r of byName) people.push({ id: r.id, name: r.name, matched: 'name', value: null, score: NAME_SCORE, withheld: false });
      // Only for what can be nothing but a name: a trigram index search (migration 0037), still dearer than a prefix's.
      if (byName.length === 0 && !q.email && !q.postcode && q.nameWords.every((w) => w.length >= 3)) {
        for (const r of await repo.personsByNameLike(tx, officeId, q.nameWords, limit)) {
          people.push({ id: r.id, name: r.name, matched: 'name', value: null, score: NAME_LIKE_SCORE * r.likeness, withheld: false });
        }
      }
      organisations = (await repo.organisationsByName(tx, officeId, q.nameWords, q.whole, limit)).map((r) => ({ id: r.id, name: r.name, kind: r.kind, score: r.score }));
    }
    const ids = [...new Set(people.map((p) => p.id))];
    const visible = await visiblePeople(tx, user, ids);
    const standings = await standingsOf(tx, officeId, ids);
    const withheld = (id: string) => {
      const standing = standings.get(id);
      return standing !== undefined && !mayProcess(standing, 'read', user).allowed;
    };
    // A restricted person is found by name only: a hit on a contact point would show that it is theirs.
    const shown = best(people.filter((p) => visible.has(p.id) && !(withheld(p.id) && p.matched !== 'name')));
    const contacts = new Map((await repo.contactsOf(tx, officeId, shown.filter((p) => !withheld(p.id)).map((p) => p.id))).map((c) => [c.id, c]));
    return {
      people: shown.map((p) => ({ ...p, withheld: withheld(p.id), email: contacts.get(p.id)?.email ?? null, postcode: contacts.get(p.id)?.postcode ?? null })),
      organisations,
    };
  });
}
