import { newId } from '../../../db/ids.js';
import type { OfficeTx } from '../../../db/scope.js';
import { type Actor, recordAudit } from '../../../platform/audit/audit.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { suppressAddress } from '../../consent/service.js';
import { markUndeliverable } from '../../people/service.js';
import type { DeliveryReport } from './read.js';
import * as repo from './repo.js';

/** The diagnostic of one delivery report entry, sealed with the message's key like its send problem. */
export const diagnosticField = (reportId: string) => `message.delivery_diagnostic/${reportId}`;

export type DeliveryOutcome = { matched: true; messageIds: string[] } | { matched: false };

/**
 * Records what a delivery report says, in the caller's office transaction (a poll's, an import's),
 * on each outgoing e-mail whose Message-ID it names, for the recipients of that e-mail it names.
 * A permanent failure marks the address undeliverable (people's contact points) and puts it on
 * the suppression list (consent), as a spam complaint does; a delay or a success is recorded and
 * changes nothing else. A report that names no e-mail of the office, or
 * none of its recipients, changes nothing about any person or message: it is only counted.
 */
export async function recordDeliveryReport(tx: OfficeTx, keystore: KeyStore, officeId: string, actor: Actor, report: DeliveryReport): Promise<DeliveryOutcome> {
  const sent = await repo.outboundWithMessageIds(tx, officeId, report.messageIds);
  const entries = sent.flatMap((message) => report.recipientsFor(message.to_addresses).map((r) => ({ ...r, id: newId(), messageId: message.id })));
  if (entries.length === 0) {
    if (await repo.countUnmatched(tx, officeId, report.reportHash, report.kind)) await recordAudit(tx, officeId, actor, { action: 'message.delivery_report_unmatched' });
    return { matched: false };
  }
  const sealed = await Promise.all(entries.map((e) => (e.diagnostic ? keystore.encryptField(officeId, 'message', e.messageId, diagnosticField(e.id), e.diagnostic) : null)));
  const recorded = await repo.insertReports(
    tx,
    officeId,
    entries.map((e, i) => ({ id: e.id, messageId: e.messageId, recipient: e.address, action: e.action, status: e.status, permanent: e.permanent, diagnosticSealed: sealed[i]!, reportedAt: e.at, reportHash: report.reportHash })),
  );
  const messageIds = [...new Set(entries.map((e) => e.messageId))];
  if (recorded.length === 0) return { matched: true, messageIds }; // recorded before
  await recordAudit(tx, officeId, actor, { action: 'message.delivery_reported', recordType: 'message', recordIds: [...new Set(recorded.map((r) => r.message_id))] });
  for (const entry of recorded.filter((r) => r.permanent)) {
    if (entry.action === 'failed') await markUndeliverable(tx, officeId, actor, { address: entry.recipient, at: entry.reported_at, status: entry.status?.startsWith('5') ? entry.status : null });
    await suppressAddress(keystore, tx, officeId, { address: entry.recipient, channel: 'email', reason: entry.action === 'complaint' ? 'complaint' : 'hard_bounce' });
  }
  return { matched: true, messageIds };
}
