import { type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { OfficeTx } from '../../../db/scope.js';
import { emailState } from './repo.js';

/**
 * How many of these outgoing e-mails (another module's, given as a subquery of message ids: a
 * mailing's recipients) are queued, sent or failed, by the state the office sees (`emailState`),
 * in one statement however many there are.
 */
export async function sendStateCounts(tx: OfficeTx, officeId: string, messageIds: SelectQueryBuilder<DB, keyof DB, { message_id: string | null }>): Promise<Record<'queued' | 'sent' | 'failed', number>> {
  const rows = await tx
    .selectFrom('messages as m')
    .select([emailState.as('state'), sql<string>`count(*)`.as('n')])
    .where('m.office_id', '=', officeId)
    .where('m.direction', '=', 'out')
    .where('m.id', 'in', messageIds)
    .groupBy(sql`1`)
    .execute();
  const counts = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}
