import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { peopleSeenBy } from '../casework/service.js';
import { findMatchHits, handleHolders, type MatchHit } from './match-repo.js';
import * as repo from './repo.js';
import type { MatchCandidate, MatchQuery } from './schemas.js';
import { personSummary, type PeopleDeps } from './service.js';

const MAX_CANDIDATES = 10;

const reasonText: Record<MatchHit['reason'], (score: number) => string> = {
  email: () => 'same e-mail address',
  phone: () => 'same phone number',
  name_at_postcode: (score) => `similar name at the same postcode (similarity ${score.toFixed(2)})`,
};

/**
 * The people an incoming contact is likely from, best first, each with the reasons: staff decide,
 * Postbag only suggests. An exact e-mail or phone outranks a similar name.
 */
export async function findMatches(deps: PeopleDeps, user: SignedInUser, contact: MatchQuery): Promise<{ candidates: MatchCandidate[] }> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    const byPerson = new Map<string, { score: number; reasons: string[] }>();
    for (const hit of await findMatchHits(tx, officeId, contact)) {
      const entry = byPerson.get(hit.person_id) ?? { score: 0, reasons: [] };
      entry.score += hit.score;
      const text = reasonText[hit.reason](hit.score);
      if (!entry.reasons.includes(text)) entry.reasons.push(text);
      byPerson.set(hit.person_id, entry);
    }
    const ranked = [...byPerson].sort(([, a], [, b]) => b.score - a.score).slice(0, MAX_CANDIDATES);
    if (ranked.length === 0) return { candidates: [] };
    const seen = await peopleSeenBy(tx, user);
    const people = await repo
      .summaries(tx, officeId)
      .where('persons.id', 'in', ranked.map(([id]) => id))
      .$if(seen !== undefined, (q) => q.where(seen!))
      .execute();
    const byId = new Map(people.map((p) => [p.id, personSummary(p, user)]));
    return {
      candidates: ranked.flatMap(([id, { score, reasons }]) => {
        const person = byId.get(id);
        return person ? [{ person, score: Math.round(score * 100) / 100, reasons }] : [];
      }),
    };
  });
}

/**
 * The one person an incoming e-mail address or phone number belongs to, inside the caller's
 * transaction; null when nobody or more than one person has it (staff choose at triage).
 */
export async function soleHolderOf(tx: OfficeTx, officeId: string, contact: { email?: string | undefined; phone?: string | undefined }): Promise<string | null> {
  const holders = new Set((await findMatchHits(tx, officeId, contact)).map((hit) => hit.person_id));
  return holders.size === 1 ? [...holders][0]! : null;
}

/**
 * The one person who has each social media handle on `platform`, inside the caller's transaction;
 * a handle nobody or more than one person has is left out (staff choose at triage).
 */
export async function soleHoldersOfHandles(tx: OfficeTx, officeId: string, platform: string, handles: readonly string[]): Promise<Map<string, string>> {
  if (handles.length === 0) return new Map();
  const holders = new Map<string, Set<string>>();
  for (const row of await handleHolders(tx, officeId, platform, handles)) holders.set(row.value, (holders.get(row.value) ?? new Set()).add(row.person_id));
  return new Map([...holders].filter(([, people]) => people.size === 1).map(([handle, people]) => [handle, [...people][0]!]));
}
