import { sql } from 'kysely';
import { newId } from '../../../db/ids.js';
import type { OfficeTx } from '../../../db/scope.js';

/** Campaign groups and their members (migration 0026). */

/**
 * Puts an inbox message in the group of its signature, making the group if it is the first. One
 * statement for the usual case (the group exists, or no one else is making it); when a concurrent
 * import made it first, the second try finds it.
 */
export async function joinGroup(tx: OfficeTx, officeId: string, messageId: string, signature: Buffer): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const { rows } = await sql<{ group_id: string }>`
      WITH found AS (SELECT id FROM campaign_groups WHERE office_id = ${officeId} AND signature = ${signature}),
      made AS (
        INSERT INTO campaign_groups (office_id, id, signature)
        SELECT ${officeId}::uuid, ${newId()}::uuid, ${signature}::bytea WHERE NOT EXISTS (SELECT 1 FROM found)
        ON CONFLICT DO NOTHING RETURNING id
      )
      INSERT INTO campaign_members (office_id, message_id, group_id)
      SELECT ${officeId}::uuid, ${messageId}::uuid, id FROM (SELECT id FROM found UNION ALL SELECT id FROM made) g LIMIT 1
      RETURNING group_id`.execute(tx);
    if (rows[0]) return rows[0].group_id;
  }
  throw new Error('A campaign group was neither found nor made.');
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
