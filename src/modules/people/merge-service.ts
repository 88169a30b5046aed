import type { AppContext } from '../../context.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';
import { openIdentifiers, sealIdentifiers } from './identifiers.js';
import * as mergeRepo from './merge-repo.js';
import { isUnder18 } from './normalise.js';
import { personVisible } from './need-to-know.js';
import { assertPeopleMayBe } from './standing.js';
import * as repo from './repo.js';
import type { MergeView, PersonDetail } from './schemas.js';
import { loadDetail, type PeopleDeps } from './service.js';

/**
 * Folds a duplicate record of a person into the record kept: every row the map of a person's data
 * says a merge moves (contact points, organisations, cases, messages, ...) moves across, each by
 * its own module (duplicates dropped, the kept record's preferred points stay preferred);
 * a protective flag on either record stays on; an identifier only the duplicate had is sealed
 * again under the kept person's key (where both had one, the kept record's stands). The duplicate's row goes, the merge is recorded so that it
 * can be explained later, and the duplicate's data key is destroyed, so its old ciphertexts in
 * backups can no longer be read.
 */
export async function mergePersons(deps: PeopleDeps & Pick<AppContext, 'personData'>, user: SignedInUser, keepId: string, mergeId: string): Promise<{ merge: MergeView; person: PersonDetail }> {
  const { officeId } = user;
  if (keepId === mergeId) {
    throw new AppError(ErrorCode.ValidationFailed, 'A person cannot be merged into themselves: choose the duplicate record to fold into this one.', [
      { path: 'body.mergePersonId', message: 'must be another person than the one kept' },
    ]);
  }
  const visible = async (tx: OfficeTx, personId: string) => ((await personVisible(tx, user, personId)) ? repo.findPerson(tx, officeId, personId) : undefined);
  const [kept, merged] = await withOffice(deps.db, officeId, async (tx) => [await visible(tx, keepId), await visible(tx, mergeId)]);
  if (!kept) throw notFound('person');
  if (!merged) throw notFound('person to merge');
  await withOffice(deps.db, officeId, (tx) => assertPeopleMayBe(tx, officeId, [keepId, mergeId], 'change', { who: 'One of these two people' }));

  // The key store is another database: identifiers are re-sealed before the transaction.
  const fromMerged = await openIdentifiers(deps.keystore, officeId, mergeId, {
    date_of_birth_sealed: kept.date_of_birth_sealed === null ? merged.date_of_birth_sealed : null,
    ni_number_sealed: kept.ni_number_sealed === null ? merged.ni_number_sealed : null,
  });
  const carried: { dateOfBirth?: string; niNumber?: string } = {};
  if (fromMerged.dateOfBirth !== null) carried.dateOfBirth = fromMerged.dateOfBirth;
  if (fromMerged.niNumber !== null) carried.niNumber = fromMerged.niNumber;
  const sealed = await sealIdentifiers(deps.keystore, officeId, keepId, carried);

  const result = await withOffice(deps.db, officeId, async (tx) => {
    const locked = await mergeRepo.lockPersons(tx, officeId, [keepId, mergeId]);
    const [k, m] = [locked.find((p) => p.id === keepId), locked.find((p) => p.id === mergeId)];
    if (!k || !(await personVisible(tx, user, keepId))) throw notFound('person');
    if (!m || !(await personVisible(tx, user, mergeId))) throw notFound('person to merge');
    await assertPeopleMayBe(tx, officeId, [keepId, mergeId], 'change', { who: 'One of these two people' });
    // Every table with a person column, whichever module owns it, moved by that module.
    const moved: Record<string, number> = {};
    for (const { move, counted } of deps.personData.mergeMoves()) {
      const n = await move(tx, officeId, keepId, mergeId);
      if (counted) moved[counted] = (moved[counted] ?? 0) + n;
    }
    moved.identifiers = Object.keys(carried).length;
    await repo.updatePerson(tx, officeId, keepId, {
      deceased: k.deceased || m.deceased,
      do_not_contact: k.do_not_contact || m.do_not_contact,
      out_of_constituency: k.out_of_constituency || m.out_of_constituency,
      child_marked: k.child_marked || m.child_marked,
      child_by_date_of_birth: k.child_by_date_of_birth || (carried.dateOfBirth !== undefined && isUnder18(carried.dateOfBirth)),
      vulnerable: k.vulnerable || m.vulnerable,
      ...sealed,
    });
    await mergeRepo.deletePerson(tx, officeId, mergeId);
    const row = await mergeRepo.insertMerge(tx, officeId, { keep: keepId, merge: mergeId, userId: user.userId, moved });
    await recordAudit(tx, officeId, user, { action: 'person.merged', recordType: 'person', recordIds: [keepId, mergeId, row.id] });
    return { merge: { id: row.id, mergedPersonId: mergeId, mergedAt: row.merged_at, mergedBy: null, moved }, person: (await loadDetail(tx, officeId, keepId))! };
  });
  await deps.keystore.destroyKey(officeId, 'person', mergeId);
  return result;
}

/** The merges that made this record what it is, newest first. */
export async function mergeHistory(deps: PeopleDeps, user: SignedInUser, personId: string): Promise<{ merges: MergeView[] }> {
  const { officeId } = user;
  return withOffice(deps.db, officeId, async (tx) => {
    if (!(await personVisible(tx, user, personId))) throw notFound('person');
    const rows = await mergeRepo.mergesInto(tx, officeId, personId);
    return { merges: rows.map((r) => ({ id: r.id, mergedPersonId: r.merged_person_id, mergedAt: r.merged_at, mergedBy: r.merged_by, moved: r.moved })) };
  });
}
