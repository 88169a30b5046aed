import type { OfficeTx } from '../../../db/scope.js';

/** The published versions of the privacy notice (migration 0034): written once, never changed. */

export async function insertVersion(
  tx: OfficeTx,
  officeId: string,
  version: { number: number; publishedBy: string; note: string; significant: boolean; html: string; text: string; source: unknown },
) {
  return tx
    .insertInto('privacy_notice_versions')
    .values({
      office_id: officeId,
      number: version.number,
      published_by: version.publishedBy,
      note: version.note,
      significant: version.significant,
      html: version.html,
      text: version.text,
      source: JSON.stringify(version.source),
    })
    .returning(['number', 'published_at'])
    .executeTakeFirstOrThrow();
}

/** Every version, newest first, with the name of who published it; without the texts. */
export function listVersions(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('privacy_notice_versions as v')
    .innerJoin('users as u', (j) => j.onRef('u.office_id', '=', 'v.office_id').onRef('u.id', '=', 'v.published_by'))
    .select(['v.number', 'v.published_at', 'v.note', 'v.significant', 'u.display_name as published_by'])
    .where('v.office_id', '=', officeId)
    .orderBy('v.number', 'desc')
    .execute();
}

/** One version with its texts; the newest when no number is given. */
export function findVersion(tx: OfficeTx, officeId: string, number?: number) {
  let query = tx.selectFrom('privacy_notice_versions').select(['number', 'published_at', 'note', 'significant', 'html', 'text']).where('office_id', '=', officeId);
  query = number === undefined ? query.orderBy('number', 'desc').limit(1) : query.where('number', '=', number);
  return query.executeTakeFirst();
}

/** The newest version's number; 0 before the first. */
export async function latestNumber(tx: OfficeTx, officeId: string): Promise<number> {
  const row = await tx
    .selectFrom('privacy_notice_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row?.n ?? 0;
}
