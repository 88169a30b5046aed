import { sql } from 'kysely';
import { newId } from '../../../db/ids.js';
import type { OfficeTx } from '../../../db/scope.js';

/** Campaign groups and their members (migration 0026). */

/**
 * Puts inbox messages in the groups of their signatures, making each group that is not there yet:
 * one statement for a batch (an import's 50). A group a concurrent import made meanwhile is not
 * seen by that statement, so those left out go round once more, when it is.
 */
export async function joinGroups(tx: OfficeTx, officeId: string, joining: readonly { messageId: string; signature: Buffer }[]): Promise<void> {
  let left = joining;
  for (let attempt = 0; attempt < 2 && left.length > 0; attempt++) {
    const { rows } = await sql<{ message_id: string }>`
      WITH wanted AS (
        SELECT w.message_id, decode(w.signature, 'hex') AS signature, w.new_id
        FROM unnest(${left.map((j) => j.messageId)}::uuid[], ${left.map((j) => j.signature.toString('hex'))}::text[], ${left.map(() => newId())}::uuid[]) AS w (message_id, signature, new_id)
      ), made AS (
        INSERT INTO campaign_groups (office_id, id, signature)
        SELECT DISTINCT ON (w.signature) ${officeId}::uuid, w.new_id, w.signature FROM wanted w
        WHERE NOT EXISTS (SELECT 1 FROM campaign_groups g WHERE g.office_id = ${officeId} AND g.signature = w.signature)
        ON CONFLICT DO NOTHING RETURNING id, signature
      )
      INSERT INTO campaign_members (office_id, message_id, group_id)
      SELECT ${officeId}::uuid, w.message_id, coalesce(g.id, m.id)
      FROM wanted w
      LEFT JOIN campaign_groups g ON g.office_id = ${officeId} AND g.signature = w.signature
      LEFT JOIN made m ON m.signature = w.signature
      WHERE coalesce(g.id, m.id) IS NOT NULL
      RETURNING message_id`.execute(tx);
    const joined = new Set(rows.map((r) => r.message_id));
    left = left.filter((j) => !joined.has(j.messageId));
  }
  if (left.length > 0) throw new Error('A campaign group was neither found nor made.');
}

/** Takes messages out of their groups (they left the inbox, or are casework); answers the groups they were in. */
export async function leaveGroups(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await tx.deleteFrom('campaign_members').where('office_id', '=', officeId).where('message_id', 'in', [...messageIds]).returning('group_id').execute();
  return rows.map((r) => r.group_id);
}

/** How many messages wait in each of these groups. */
export async function groupSizes(tx: OfficeTx, officeId: string, groupIds: readonly string[]): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('campaign_members')
    .select(['group_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('office_id', '=', officeId)
    .where('group_id', 'in', [...new Set(groupIds)])
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

export async function groupOfMessage(tx: OfficeTx, officeId: string, messageId: string): Promise<string | undefined> {
  return (await tx.selectFrom('campaign_members').select('group_id').where('office_id', '=', officeId).where('message_id', '=', messageId).executeTakeFirst())?.group_id;
}

/** The group, locked: one reply to it at a time, so a second submit sees who the first answered. */
export async function lockGroup(tx: OfficeTx, officeId: string, groupId: string): Promise<boolean> {
  return (await tx.selectFrom('campaign_groups').select('id').where('office_id', '=', officeId).where('id', '=', groupId).forUpdate().executeTakeFirst()) !== undefined;
}

/** The group's messages, newest first, with what the list shows and the reply needs. */
export function members(tx: OfficeTx, officeId: string, groupId: string) {
  return tx
    .selectFrom('campaign_members as cm')
    .innerJoin('messages as m', (j) => j.onRef('m.office_id', '=', 'cm.office_id').onRef('m.id', '=', 'cm.message_id'))
    .leftJoin('persons as p', (j) => j.onRef('p.office_id', '=', 'm.office_id').onRef('p.id', '=', 'm.person_id'))
    .select([
      'm.id',
      'm.channel',
      'm.person_id',
      'm.occurred_at',
      'm.received_at',
      'm.counterpart_address_sealed',
      'm.counterpart_name_sealed',
      'm.subject_sealed',
      'm.body_sealed',
      'p.given_name',
      'p.family_name',
    ])
    .where('cm.office_id', '=', officeId)
    .where('cm.group_id', '=', groupId)
    .orderBy('cm.message_id', 'desc')
    .execute();
}
export type MemberRow = Awaited<ReturnType<typeof members>>[number];
