import { type Kysely, sql } from 'kysely';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { type AuditFields, entryHash, GENESIS_HASH, headSeal, KEYED, type RecordedHead, UNKEYED } from './chain.js';
import { type AuditEvent, auditActionRecords, isAuditAction } from './actions.js';
import { auditKeyOf } from './key.js';

/** Who did something, taken from the request (or null actor for the system and the CLI). */
export interface Actor {
  userId: string | null;
  sessionId: string | null;
}

export const systemActor: Actor = { userId: null, sessionId: null };

export type { AuditAction, AuditEvent } from './actions.js';

/**
 * Appends one entry to the office's chain inside the caller's transaction, so the entry exists
 * exactly when the change it records does. The head row is locked to keep the chain linear. The
 * key comes with the transaction's database handle (key.ts).
 */
export async function recordAudit(tx: OfficeTx, officeId: string, actor: Actor, event: AuditEvent): Promise<void> {
  // The type admits only listed actions; this catches a cast or a caller outside TypeScript.
  if (!isAuditAction(event.action) || auditActionRecords[event.action].recordType !== (event.recordType ?? null)) {
    throw new Error(`"${event.action}" about ${event.recordType ?? 'no record'} is not an audit action Postbag writes (src/platform/audit/actions.ts lists them).`);
  }
  const key = auditKeyOf(tx);
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
  const hash = entryHash(KEYED, fields, key);
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
      chain_version: KEYED,
    })
    .execute();
  await tx
    .updateTable('audit_heads')
    .set({ seq: fields.seq, hash, seal: headSeal(key, officeId, fields.seq, hash) })
    .where('office_id', '=', officeId)
    .execute();
}

/** The office's chain head, locked until the transaction ends; created (empty) on first use. */
async function lockHead(tx: OfficeTx, officeId: string) {
  const select = () => tx.selectFrom('audit_heads').select(['seq', 'hash', 'seal']).where('office_id', '=', officeId).forUpdate().executeTakeFirst();
  const head = await select();
  if (head) return head;
  // Two first entries racing: one inserts, the other waits for it and then locks the same row.
  await tx.insertInto('audit_heads').values({ office_id: officeId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('office_id').doNothing()).execute();
  const created = await select();
  if (!created) throw new Error(`The audit chain head of office ${officeId} could not be created.`);
  return created;
}

/**
 * At start-up: a chain that still ends in an entry from before migration 0009 (unsealed head)
 * gets a keyed entry saying so, which seals its head; from then on an unkeyed entry is a break.
 */
export async function keyLegacyChains(db: Kysely<DB>): Promise<void> {
  const legacy = await unkeyedTails(db).select('h.office_id').execute();
  for (const { office_id } of legacy) {
    await withOffice(db, office_id, async (tx) => {
      await lockHead(tx, office_id);
      // Another process starting at the same time may have keyed it meanwhile.
      if (await unkeyedTails(tx).where('h.office_id', '=', office_id).executeTakeFirst()) {
        await recordAudit(tx, office_id, systemActor, { action: 'audit.chain_keyed' });
      }
    });
  }
}

function unkeyedTails(db: Kysely<DB>) {
  return db
    .selectFrom('audit_heads as h')
    .innerJoin('audit_log as l', (join) => join.onRef('l.office_id', '=', 'h.office_id').onRef('l.seq', '=', 'h.seq'))
    .select('h.seq')
    .where('h.seal', 'is', null)
    .where('l.chain_version', '=', UNKEYED);
}

export interface ChainReport {
  officeId: string;
  entries: number;
  /** The newest entry that verified: record it elsewhere to check later. Absent for an empty chain. */
  head?: RecordedHead;
  /** The first entry that was changed, removed, re-ordered or forged; absent when the chain is intact. */
  problem?: { seq: number; reason: string };
  /** Nothing found broken, but something the operator should look at. */
  warning?: string;
}

/** The tables whose rows mean an office is in use, each with what the office calls them. */
export type OfficeData = Partial<Record<keyof DB, string>>;

const PAGE = 5000;

/**
 * Walks every office's chain in order and reports the first break. Run by the operator (it reads
 * across offices, so it uses the unscoped connection). An office with an empty chain but rows in
 * `data` gets a warning: its whole log may have been removed.
 */
export async function verifyAuditChains(db: Kysely<DB>, data: OfficeData = {}): Promise<ChainReport[]> {
  const offices = await db.selectFrom('offices').select('id').orderBy('id').execute();
  const reports: ChainReport[] = [];
  for (const { id } of offices) {
    const report = await verifyOfficeChain(db, id);
    const held = report.entries === 0 && !report.problem ? await heldData(db, id, data) : [];
    if (held.length) report.warning = `it has ${held.join(', ')} but no audit entries: its audit log may have been removed`;
    reports.push(report);
  }
  return reports;
}

async function heldData(db: Kysely<DB>, officeId: string, data: OfficeData): Promise<string[]> {
  const held: string[] = [];
  for (const [table, words] of Object.entries(data)) {
    const { rows } = await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE office_id = ${officeId}) AS found`.execute(db);
    if (rows[0]?.found) held.push(words);
  }
  return held;
}

export async function verifyOfficeChain(db: Kysely<DB>, officeId: string): Promise<ChainReport> {
  const key = auditKeyOf(db);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let keyed = false;
  const verified = (): Pick<ChainReport, 'officeId' | 'entries' | 'head'> => {
    const entries = expectedSeq - 1;
    return { officeId, entries, ...(entries ? { head: { officeId, seq: entries, hash: prevHash } } : {}) };
  };
  const broken = (seq: number, reason: string): ChainReport => ({ ...verified(), problem: { seq, reason } });
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
      if (seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing (removed)`);
      if (row.prev_hash !== prevHash) return broken(seq, 'its link to the previous entry is broken (entries removed or re-ordered)');
      const version = row.chain_version;
      if (version !== UNKEYED && version !== KEYED) return broken(seq, `it has chain version ${version}, which Postbag never writes`);
      if (version === UNKEYED && keyed) return broken(seq, 'it is unkeyed but follows keyed entries: Postbag did not write it');
      const recomputed = entryHash(version, {
        officeId,
        seq,
        at: row.at,
        actorUserId: row.actor_user_id,
        sessionId: row.session_id,
        action: row.action,
        recordType: row.record_type,
        recordIds: row.record_ids,
        prevHash: row.prev_hash,
      }, key);
      if (recomputed !== row.hash) return broken(seq, 'its contents were changed after it was written, or Postbag did not write it');
      keyed ||= version === KEYED;
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  const entries = expectedSeq - 1;
  const head = await db.selectFrom('audit_heads').select(['seq', 'hash', 'seal']).where('office_id', '=', officeId).executeTakeFirst();
  if (!head) return entries ? broken(entries + 1, `its head was removed, so entries after entry ${entries} may be missing`) : verified();
  const headSeq = Number(head.seq);
  if (headSeq > entries) return broken(entries + 1, `entry ${entries + 1} is missing (removed from the end of the chain)`);
  if (headSeq < entries) return broken(headSeq + 1, `entries from ${headSeq + 1} on are past the chain head: Postbag did not write them, or the head was moved back`);
  if (head.hash !== prevHash) return broken(entries, `the chain head does not match entry ${entries}: the head was altered`);
  if (head.seal === null && !keyed) {
    // Written before migration 0009 and not yet keyed at a start-up: checked the old way only.
    return { ...verified(), warning: 'its entries are from before the audit log was keyed and it has not been keyed yet: start Postbag once and verify again' };
  }
  if (head.seal !== headSeal(key, officeId, headSeq, head.hash)) {
    return broken(entries + 1, `the chain head's seal does not match (the head was rewritten): entries after entry ${entries} may have been removed`);
  }
  return verified();
}

export interface HeadCheck {
  head: RecordedHead;
  /** Why the chain no longer holds the recorded head; absent when it does. */
  mismatch?: string;
}

/**
 * Compares heads recorded outside the database with the chains. A chain only grows, so the entry
 * at a recorded position must still have the recorded hash; restoring an earlier state of the
 * database, however consistent, fails this check.
 */
export async function checkRecordedHeads(db: Kysely<DB>, heads: readonly RecordedHead[]): Promise<HeadCheck[]> {
  const checks: HeadCheck[] = [];
  for (const head of heads) {
    const office = await db.selectFrom('offices').select('id').where('id', '=', head.officeId).executeTakeFirst();
    const entry = await db.selectFrom('audit_log').select('hash').where('office_id', '=', head.officeId).where('seq', '=', String(head.seq)).executeTakeFirst();
    const newest = await db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).where('office_id', '=', head.officeId).executeTakeFirst();
    let mismatch: string | undefined;
    if (!office) mismatch = 'there is no such office in this database';
    else if (!entry) {
      mismatch = `entry ${head.seq} is not in the chain (it ends at entry ${Number(newest?.seq ?? 0)}): entries were removed or the database was rolled back`;
    } else if (entry.hash !== head.hash) {
      mismatch = `entry ${head.seq} is not the one recorded (its hash differs): the chain was rolled back and written again, or rewritten`;
    }
    checks.push(mismatch ? { head, mismatch } : { head });
  }
  return checks;
}
