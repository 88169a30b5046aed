import type { Role } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';
import { assertMayProcess, type PersonStanding, type ProcessingAction } from '../../platform/access/processing.js';
import * as repo from './repo.js';

/** A person's standing for the one check (platform/access/processing.ts), from their row. */
export const standingOfRow = (p: { restricted_at: Date | null; deceased: boolean; do_not_contact: boolean }): PersonStanding => ({
  restricted: p.restricted_at !== null,
  deceased: p.deceased,
  doNotContact: p.do_not_contact,
});

/** Each person's standing, by id; people the office does not have are left out (the caller says "not found"). */
export async function standingsOf(tx: OfficeTx, officeId: string, personIds: readonly string[]): Promise<Map<string, PersonStanding>> {
  if (personIds.length === 0) return new Map();
  const rows = await repo.standings(tx, officeId, [...new Set(personIds)]);
  return new Map(rows.map((r) => [r.id, standingOfRow(r)]));
}

/**
 * The one check for every person concerned, in the caller's transaction: a 409 naming the reason
 * when any of them may not be processed so. `who` names them in the message ("A constituent on this case").
 */
export async function assertPeopleMayBe(
  tx: OfficeTx,
  officeId: string,
  personIds: readonly string[],
  action: ProcessingAction,
  options: { reader?: { role: Role }; who?: string } = {},
): Promise<void> {
  const standings = await standingsOf(tx, officeId, personIds);
  assertMayProcess([...standings.values()], action, options.reader, options.who);
}
