import { createHash, createHmac } from 'node:crypto';

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

/**
 * 1: SHA-256, written before migration 0009 and verified as before. 2: HMAC-SHA-256 under the
 * audit key, every entry since; a version 1 entry after a version 2 one is a forgery.
 */
export const UNKEYED = 1;
export const KEYED = 2;

/** The hash before an office's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

function canonical(e: AuditFields): unknown[] {
  return [e.officeId, e.seq, e.at.toISOString(), e.actorUserId, e.sessionId, e.action, e.recordType, e.recordIds, e.prevHash];
}

/**
 * A fixed-order JSON array of the fields and the link: any change to either changes the hash.
 * Migration 0009's down builds the version 1 array in SQL; keep the two alike.
 */
export function entryHash(version: typeof UNKEYED | typeof KEYED, e: AuditFields, key: Buffer): string {
  if (version === UNKEYED) return createHash('sha256').update(JSON.stringify(canonical(e))).digest('hex');
  return createHmac('sha256', key).update(JSON.stringify(['entry', KEYED, ...canonical(e)])).digest('hex');
}

/** Seals the head, so that moving it back to an earlier entry takes the key. */
export function headSeal(key: Buffer, officeId: string, seq: number, hash: string): string {
  return createHmac('sha256', key).update(JSON.stringify(['head', officeId, seq, hash])).digest('hex');
}

/** A head as `postbag audit verify` prints it for recording elsewhere: `<office id>:<position>:<hash>`. */
export interface RecordedHead {
  officeId: string;
  seq: number;
  hash: string;
}

export function formatHead(head: RecordedHead): string {
  return `${head.officeId}:${head.seq}:${head.hash}`;
}

const HEAD_LINE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9][0-9]{0,15}):([0-9a-f]{64})$/i;

export class HeadFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeadFormatError';
  }
}

/** Reads recorded heads, one a line (blank lines ignored); any other line is refused, never skipped. */
export function parseHeads(text: string): RecordedHead[] {
  const heads: RecordedHead[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const match = HEAD_LINE.exec(line);
    if (!match) {
      throw new HeadFormatError(
        `line ${index + 1} (${JSON.stringify(line.slice(0, 120))}) is not a head: each line must be <office id>:<position>:<hash> as postbag audit verify prints it`,
      );
    }
    heads.push({ officeId: match[1]!.toLowerCase(), seq: Number(match[2]), hash: match[3]!.toLowerCase() });
  }
  if (!heads.length) throw new HeadFormatError('no head given: pass the lines postbag audit verify printed, <office id>:<position>:<hash>');
  return heads;
}
