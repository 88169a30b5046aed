import { z } from 'zod';
import type { DeliveryAction } from '../../../db/schema.js';
import type { OfficeTx } from '../../../db/scope.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { statusWords } from '../../../platform/mail/enhanced-status.js';
import { diagnosticField } from './record.js';
import * as repo from './repo.js';

export const deliveryReportSchema = z.object({
  recipient: z.string(),
  action: z.enum(['failed', 'delayed', 'delivered', 'relayed', 'expanded', 'complaint']),
  /** RFC 3463 status code (5.x.x permanent, 4.x.x transient), when the report gave one. */
  status: z.string().nullable(),
  /** A failure for good: the address is marked undeliverable. */
  permanent: z.boolean(),
  reportedAt: z.date(),
  /** The receiving server's own words. */
  diagnostic: z.string().nullable(),
  /** In plain words for staff: "Not delivered to jo@example.com: the mailbox does not exist (5.1.1)". */
  summary: z.string(),
});
export type DeliveryReportView = z.infer<typeof deliveryReportSchema>;

/** What mail servers reported of an outgoing e-mail, oldest first: on the message and the case's e-mails. */
export const deliveryFields = { delivery: z.array(deliveryReportSchema) };

/** The reports on these e-mails, read in the caller's transaction; open them with `openDeliveryReports` after it. */
export const deliveryReportsIn = (tx: OfficeTx, officeId: string, messageIds: readonly string[]) => repo.reportsOf(tx, officeId, messageIds);

/** The reports with their diagnostics opened, by message id (every id asked for has a list, perhaps empty). */
export async function openDeliveryReports(keystore: KeyStore, officeId: string, messageIds: readonly string[], rows: readonly repo.DeliveryReportRow[]): Promise<Map<string, DeliveryReportView[]>> {
  const sealed = rows.flatMap((r) => (r.diagnostic_sealed ? [{ ownerId: r.message_id, field: diagnosticField(r.id), ciphertext: r.diagnostic_sealed }] : []));
  const opened = await keystore.decryptMany(officeId, 'message', sealed);
  let next = 0;
  const views = new Map<string, DeliveryReportView[]>(messageIds.map((id) => [id, []]));
  for (const r of rows) {
    const diagnostic = r.diagnostic_sealed ? opened[next++]! : null;
    views.get(r.message_id)?.push({ recipient: r.recipient, action: r.action, status: r.status, permanent: r.permanent, reportedAt: r.reported_at, diagnostic, summary: summary(r) });
  }
  return views;
}

function summary(r: { recipient: string; action: DeliveryAction; status: string | null; permanent: boolean }): string {
  const why = `${statusWords(r.status) ?? ''}${r.status ? ` (${r.status})` : ''}`;
  switch (r.action) {
    case 'failed':
      return r.permanent
        ? `Not delivered to ${r.recipient}: ${why || 'the receiving server refused it for good'}`
        : `Perhaps not delivered to ${r.recipient}: the mail server's report does not say whether for good${why ? `; ${why}` : ''}`;
    case 'delayed':
      return `Not yet delivered to ${r.recipient}${why ? `: ${why}` : ''}; the mail server is still trying`;
    case 'delivered':
      return `Delivered to ${r.recipient}`;
    case 'relayed':
      return `Passed on for ${r.recipient} to a mail server that does not report delivery`;
    case 'expanded':
      return `Delivered to ${r.recipient}, a mailing list, and passed on to its members`;
    case 'complaint':
      return `${r.recipient} reported it as spam`;
  }
}

export const unmatchedReportsSchema = z.object({
  bounces: z.number().int(),
  complaints: z.number().int(),
  latestAt: z.date().nullable(),
});
export type UnmatchedReports = z.infer<typeof unmatchedReportsSchema>;
