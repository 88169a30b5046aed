import { sql } from 'kysely';
import type { DeliveryAction } from '../../../db/schema.js';
import type { OfficeTx } from '../../../db/scope.js';

/** Delivery reports: what mail servers said of the office's outgoing e-mail (migration 0036). */

/** The office's outgoing e-mails with these Message-IDs. */
export function outboundWithMessageIds(tx: OfficeTx, officeId: string, internetMessageIds: readonly string[]) {
  if (internetMessageIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('messages')
    .select(['id', 'to_addresses'])
    .where('office_id', '=', officeId)
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .where('internet_message_id', 'in', [...internetMessageIds])
    .orderBy('id')
    .execute();
}

export interface NewDeliveryReport {
  id: string;
  messageId: string;
  recipient: string;
  action: DeliveryAction;
  status: string | null;
  permanent: boolean;
  diagnosticSealed: string | null;
  reportedAt: Date;
  reportHash: string;
}

/** Records each; one recorded before (the same report polled or imported again) is left as it is. Returns those new. */
export async function insertReports(tx: OfficeTx, officeId: string, reports: readonly NewDeliveryReport[]) {
  if (reports.length === 0) return [];
  return tx
    .insertInto('delivery_reports')
    .values(
      reports.map((r) => ({
        office_id: officeId,
        id: r.id,
        message_id: r.messageId,
        recipient: r.recipient,
        action: r.action,
        status: r.status,
        permanent: r.permanent,
        diagnostic_sealed: r.diagnosticSealed,
        reported_at: r.reportedAt,
        report_hash: r.reportHash,
      })),
    )
    .onConflict((oc) => oc.columns(['office_id', 'report_hash', 'message_id', 'recipient', 'action']).doNothing())
    .returning(['id', 'message_id', 'recipient', 'action', 'permanent', 'status', 'reported_at'])
    .execute();
}

/** Counts a report that matched nothing; false when it was counted before. */
export async function countUnmatched(tx: OfficeTx, officeId: string, reportHash: string, kind: 'bounce' | 'complaint'): Promise<boolean> {
  const added = await tx
    .insertInto('unmatched_delivery_reports')
    .values({ office_id: officeId, report_hash: reportHash, kind })
    .onConflict((oc) => oc.columns(['office_id', 'report_hash']).doNothing())
    .returning('report_hash')
    .executeTakeFirst();
  return added !== undefined;
}

export function unmatchedCounts(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('unmatched_delivery_reports')
    .select([
      sql<string>`count(*) FILTER (WHERE kind = 'bounce')`.as('bounces'),
      sql<string>`count(*) FILTER (WHERE kind = 'complaint')`.as('complaints'),
      sql<Date | null>`max(received_at)`.as('latest'),
    ])
    .where('office_id', '=', officeId)
    .executeTakeFirstOrThrow();
}

/** What was reported of these e-mails, oldest first. */
export function reportsOf(tx: OfficeTx, officeId: string, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('delivery_reports')
    .select(['id', 'message_id', 'recipient', 'action', 'status', 'permanent', 'diagnostic_sealed', 'reported_at'])
    .where('office_id', '=', officeId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('reported_at')
    .orderBy('id')
    .execute();
}
export type DeliveryReportRow = Awaited<ReturnType<typeof reportsOf>>[number];

/** How many of these e-mails bounced for good (a mailing's report): one array parameter, however many. */
export async function bouncedAmong(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<number> {
  if (messageIds.length === 0) return 0;
  const row = await tx
    .selectFrom('delivery_reports')
    .select(sql<string>`count(DISTINCT message_id)`.as('bounced'))
    .where('office_id', '=', officeId)
    .where('message_id', '=', sql<string>`ANY(${sql.val([...messageIds])}::uuid[])`)
    .where('action', '=', 'failed')
    .where('permanent', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.bounced);
}
