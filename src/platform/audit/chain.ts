import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers. */
export interface AuditFields {
  officeId: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  sessionId: string | null;
  action: string;
  recordType: string | null;
  recordIds: readonly string[];
  prevHash: string;
}

/** The hash before an office's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over a fixed-order JSON array: any change to a field, or to the link, changes it. */
export function entryHash(e: AuditFields): string {
  const canonical = JSON.stringify([
    e.officeId,
    e.seq,
    e.at.toISOString(),
    e.actorUserId,
    e.sessionId,
    e.action,
    e.recordType,
    e.recordIds,
    e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
