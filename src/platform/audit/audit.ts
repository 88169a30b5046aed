import type { Kysely } from 'kysely';
import type { OfficeTx } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { type AuditFields, entryHash, GENESIS_HASH } from './chain.js';

/** Who did something, taken from the request (or null actor for the system and the CLI). */
export interface Actor {
  userId: string | null;
  sessionId: string | null;
}

export const systemActor: Actor = { userId: null, sessionId: null };

export interface AuditEvent {
  action: string;
  recordType?: string;
  /** Ids only: the audit log never holds personal data. */
  recordIds?: readonly string[];
}

/**
 * Appends one entry to the office's chain inside the caller's transaction, so the entry exists
 * exactly when the change it records does. The head row is locked to keep the chain linear.
 */
export async function recordAudit(tx: OfficeTx, officeId: string, actor: Actor, event: AuditEvent): Promise<void> {
  const head = await lockHead(tx, officeId);
  const fields: AuditFields = {
    officeId,
    seq: Number(head.seq) + 1,
    at: new Date(),
    actorUserId: actor.userId,
    sessionId: actor.sessionId,
    action: event.action,
    recordType: event.recordType ?? null,
    recordIds: event.recordIds ?? [],
    prevHash: head.hash,
  };
  const hash = entryHash(fields);
  await tx
    .insertInto('audit_log')
    .values({
      office_id: officeId,
      seq: fields.seq,
      at: fields.at,
      actor_user_id: fields.actorUserId,
      session_id: fields.sessionId,
      action: fields.action,
      record_type: fields.recordType,
      record_ids: JSON.stringify(fields.recordIds),
      prev_hash: fields.prevHash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_heads').set({ seq: fields.seq, hash }).where('office_id', '=', officeId).execute();
}

/** The office's chain head, locked until the transaction ends; created (empty) on first use. */
async function lockHead(tx: OfficeTx, officeId: string) {
  const select = () => tx.selectFrom('audit_heads').select(['seq', 'hash']).where('office_id', '=', officeId).forUpdate().executeTakeFirst();
  const head = await select();
  if (head) return head;
  // Two first entries racing: one inserts, the other waits for it and then locks the same row.
  await tx.insertInto('audit_heads').values({ office_id: officeId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('office_id').doNothing()).execute();
  const created = await select();
  if (!created) throw new Error(`The audit chain head of office ${officeId} could not be created.`);
  return created;
}

export interface ChainReport {
  officeId: string;
  entries: number;
  headHash: string;
  /** The first entry that was changed, removed or re-ordered; absent when the chain is intact. */
  problem?: { seq: number; reason: string };
}

const PAGE = 5000;

/**
 * Walks every office's chain in order and reports the first break. Run by the operator (it reads
 * across offices, so it uses the unscoped connection).
 */
export async function verifyAuditChains(db: Kysely<DB>): Promise<ChainReport[]> {
  const offices = await db.selectFrom('offices').select('id').orderBy('id').execute();
  const reports: ChainReport[] = [];
  for (const { id } of offices) reports.push(await verifyOfficeChain(db, id));
  return reports;
}

export async function verifyOfficeChain(db: Kysely<DB>, officeId: string): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('office_id', '=', officeId)
      .where('seq', '>=', String(expectedSeq))
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (at: number, reason: string): ChainReport => ({
        officeId,
        entries: expectedSeq - 1,
        headHash: prevHash,
        problem: { seq: at, reason },
      });
      if (seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing (removed)`);
      if (row.prev_hash !== prevHash) return broken(seq, 'its link to the previous entry is broken (entries removed or re-ordered)');
      const recomputed = entryHash({
        officeId,
        seq,
        at: row.at,
        actorUserId: row.actor_user_id,
        sessionId: row.session_id,
        action: row.action,
        recordType: row.record_type,
        recordIds: row.record_ids,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) return broken(seq, 'its contents were changed after it was written');
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  const entries = expectedSeq - 1;
  const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('office_id', '=', officeId).executeTakeFirst();
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq !== entries || (head && head.hash !== prevHash)) {
    const missing = entries + 1;
    return { officeId, entries, headHash: prevHash, problem: { seq: missing, reason: `entry ${missing} is missing (removed from the end of the chain)` } };
  }
  return { officeId, entries, headHash: prevHash };
}
