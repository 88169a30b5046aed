import type { SignedInUser } from '../../platform/access/access.js';
import { AppError, ErrorCode } from '../../platform/errors/errors.js';
import { MboxError, type MboxNote, splitMbox } from './email/mbox.js';
import { type CorrespondenceDeps, type EmailIngestResult, type IncomingMessage, readEmail, storeDeliveryReport, storeIncomingMany } from './ingest.js';
import type { ImportResult } from './schemas.js';

export const importTypes = { eml: 'message/rfc822', mbox: 'application/mbox' } as const;

/** Messages stored together, in one transaction; two batches at a time keep the CPU and the databases busy. */
const BATCH = 50;
const CONCURRENCY = 2;

/**
 * Imports one e-mail (.eml) or an mbox archive. Each message is stored once, matched and threaded;
 * one that cannot be read is listed with its place and the reason, and the others still go in.
 * Importing the same archive again stores nothing new.
 */
export async function importEmail(deps: CorrespondenceDeps, user: SignedInUser, contentType: string, upload: Buffer): Promise<ImportResult> {
  let raws: Buffer[];
  let framing: MboxNote[] = [];
  try {
    if (contentType === importTypes.mbox) ({ messages: raws, notes: framing } = splitMbox(upload));
    else raws = [upload];
  } catch (error) {
    if (error instanceof MboxError) throw new AppError(ErrorCode.ValidationFailed, error.message);
    throw error;
  }
  const results: EmailIngestResult[] = new Array(raws.length);
  let next = 0;
  const worker = async () => {
    for (let start = next; start < raws.length; start = next) {
      next += BATCH;
      const batch = await Promise.all(raws.slice(start, start + BATCH).map((raw) => readEmail(raw, 'import')));
      const readable = batch.filter((r): r is IncomingMessage => !('reason' in r) && !('deliveryReport' in r));
      const stored = await storeIncomingMany(deps, user.officeId, user, readable);
      // Bounces are few in an archive, each recorded in a transaction of its own.
      for (const [i, r] of batch.entries()) results[start + i] = 'reason' in r ? r : 'deliveryReport' in r ? await storeDeliveryReport(deps, user.officeId, user, r.deliveryReport) : stored[readable.indexOf(r)]!;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const count = (test: (r: EmailIngestResult) => boolean) => results.filter(test).length;
  return {
    received: raws.length,
    stored: count((r) => r.outcome === 'stored'),
    filed: count((r) => r.outcome === 'stored' && r.caseId !== null),
    duplicates: count((r) => r.outcome === 'duplicate'),
    deliveryReports: count((r) => r.outcome === 'delivery_report'),
    rejected: results.flatMap((r, i) => (r.outcome === 'rejected' ? [{ position: i + 1, reason: r.reason }] : [])),
    messages: results.map((r, i) => whatBecameOf(r, i + 1)),
    framing,
  };
}

function whatBecameOf(result: EmailIngestResult, position: number): ImportResult['messages'][number] {
  switch (result.outcome) {
    case 'stored':
      return { position, outcome: result.outcome, messageId: result.messageId, flags: result.flags };
    case 'duplicate':
      return { position, outcome: result.outcome, messageId: result.messageId };
    case 'rejected':
      return { position, outcome: result.outcome, reason: result.reason };
    case 'delivery_report':
      return { position, outcome: result.outcome, report: { kind: result.kind, matched: result.matched, messageIds: result.messageIds } };
  }
}
