import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.js';
import { migrationsFolder } from '../../db/migrate.js';
import type { DB } from '../../db/schema.js';
import { withOffice } from '../../db/scope.js';
import { type AuditEvent, checkRecordedHeads, keyLegacyChains, recordAudit, verifyAuditChains, verifyOfficeChain } from './audit.js';
import { type AuditFields, entryHash, headSeal, KEYED, type RecordedHead, UNKEYED } from './chain.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let office: string;
const actor = { userId: null, sessionId: null };
const caseId = '00000000-0000-4000-8000-000000000001';

/** Tampering as someone with the database's owner rights would: the append-only trigger switched off. */
async function tamper(statement: ReturnType<typeof sql>) {
  await database.db.transaction().execute(async (tx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
    await statement.execute(tx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
  });
}

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

async function newOffice(db: Kysely<DB>, name = 'Audit Office'): Promise<string> {
  const created = await db.insertInto('offices').values({ name, member_name: 'M', nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
  return created.id;
}

async function record(db: Kysely<DB>, officeId: string, count: number, from = 1) {
  for (let i = from; i < from + count; i++) {
    await withOffice(db, officeId, (tx) => recordAudit(tx, officeId, actor, { action: 'case.updated', recordType: 'case', recordIds: [`00000000-0000-4000-8000-00000000000${i % 10}`] }));
  }
}

/** Everything in both audit tables, to show that a refused statement changed nothing. */
async function auditTables() {
  return {
    log: await database.db.selectFrom('audit_log').selectAll().orderBy('office_id').orderBy('seq').execute(),
    heads: await database.db.selectFrom('audit_heads').selectAll().orderBy('office_id').execute(),
  };
}

beforeEach(async () => {
  office = await newOffice(database.db);
  await record(database.db, office, 6);
});

describe('the audit chain', () => {
  it('verifies intact when nothing was touched', async () => {
    const report = await verifyOfficeChain(database.db, office);
    expect(report.entries).toBe(6);
    expect(report.problem).toBeUndefined();
  });

  it('is written in the same transaction as the change: a rolled-back change leaves no entry', async () => {
    await expect(
      withOffice(database.db, office, async (tx) => {
        await recordAudit(tx, office, actor, { action: 'case.closed', recordType: 'case', recordIds: [caseId] });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await verifyOfficeChain(database.db, office)).entries).toBe(6);
  });

  it('cannot be updated or deleted through the app role or by the owner while the trigger stands', async () => {
    await expect(withOffice(database.db, office, (tx) => tx.deleteFrom('audit_log').where('office_id', '=', office).execute())).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE office_id = ${office}`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('reports an entry whose contents were changed', async () => {
    await tamper(sql`UPDATE audit_log SET action = 'test.innocent' WHERE office_id = ${office} AND seq = 3`);
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({ seq: 3, reason: 'its contents were changed after it was written, or Postbag did not write it' });
  });

  it('reports an entry removed from the middle', async () => {
    await tamper(sql`DELETE FROM audit_log WHERE office_id = ${office} AND seq = 4`);
    expect((await verifyOfficeChain(database.db, office)).problem).toMatchObject({ seq: 4, reason: expect.stringMatching(/missing/) });
  });

  it('reports the newest entry removed', async () => {
    await tamper(sql`DELETE FROM audit_log WHERE office_id = ${office} AND seq = 6`);
    expect((await verifyOfficeChain(database.db, office)).problem).toMatchObject({ seq: 6, reason: expect.stringMatching(/missing/) });
  });

  it('reports entries re-ordered', async () => {
    await tamper(sql`UPDATE audit_log SET seq = 1000 WHERE office_id = ${office} AND seq = 2`);
    await tamper(sql`UPDATE audit_log SET seq = 2 WHERE office_id = ${office} AND seq = 5`);
    await tamper(sql`UPDATE audit_log SET seq = 5 WHERE office_id = ${office} AND seq = 1000`);
    expect((await verifyOfficeChain(database.db, office)).problem).toMatchObject({ seq: 2, reason: expect.stringMatching(/link|changed/) });
  });

  it('checks every office separately', async () => {
    const untouched = office;
    const other = await database.db.insertInto('offices').values({ name: 'Other', member_name: 'M', nation: 'scotland' }).returning('id').executeTakeFirstOrThrow();
    await withOffice(database.db, other.id, (tx) => recordAudit(tx, other.id, actor, { action: 'case.created', recordType: 'case', recordIds: [caseId] }));
    await tamper(sql`UPDATE audit_log SET record_ids = '["00000000-0000-4000-8000-000000000099"]' WHERE office_id = ${other.id} AND seq = 1`);
    const reports = await verifyAuditChains(database.db);
    expect(reports.find((r) => r.officeId === other.id)?.problem?.seq).toBe(1);
    expect(reports.find((r) => r.officeId === untouched)).toMatchObject({ entries: 6 });
    expect(reports.find((r) => r.officeId === untouched)?.problem).toBeUndefined();
  });
});

describe('the list of audit actions', () => {
  it('is all recordAudit writes: an action not on it, or naming the wrong record type, is refused and nothing is written', async () => {
    const before = await auditTables();
    // @ts-expect-error: Postbag writes no such action
    const unlisted: AuditEvent = { action: 'case.deleted', recordType: 'case', recordIds: [caseId] };
    // @ts-expect-error: closing a case names the case, not a person
    const misnamed: AuditEvent = { action: 'case.closed', recordType: 'person', recordIds: [caseId] };
    for (const event of [unlisted, misnamed]) {
      await expect(withOffice(database.db, office, (tx) => recordAudit(tx, office, actor, event))).rejects.toThrow(/is not an audit action Postbag writes/);
    }
    expect(await auditTables()).toEqual(before);
  });
});

describe('concurrent first entries', () => {
  it('chain one after the other instead of clashing', async () => {
    const fresh = await database.db.insertInto('offices').values({ name: 'New', member_name: 'M', nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => withOffice(database.db, fresh.id, (tx) => recordAudit(tx, fresh.id, actor, { action: 'case.created', recordType: 'case', recordIds: [`00000000-0000-4000-8000-00000000000${i}`] }))),
    );
    const report = await verifyOfficeChain(database.db, fresh.id);
    expect(report.entries).toBe(5);
    expect(report.problem).toBeUndefined();
  });
});

describe('truncating', () => {
  it('is refused for the log and the heads, to the owner too, and changes nothing', async () => {
    const before = await auditTables();
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only: audit_log cannot be truncated/);
    await expect(sql`TRUNCATE audit_heads`.execute(database.db)).rejects.toThrow(/append-only: audit_heads cannot be truncated/);
    await expect(sql`TRUNCATE audit_log, audit_heads`.execute(database.db)).rejects.toThrow(/append-only/);
    // Truncating the offices reaches the log through its foreign key.
    await expect(sql`TRUNCATE offices CASCADE`.execute(database.db)).rejects.toThrow(/append-only: audit_\w+ cannot be truncated/);
    await expect(withOffice(database.db, office, (tx) => sql`TRUNCATE audit_log`.execute(tx))).rejects.toThrow(/permission denied/);
    expect(await auditTables()).toEqual(before);
    expect((await verifyOfficeChain(database.db, office)).problem).toBeUndefined();
  });

  it('with the triggers disabled by the owner, leaves an office with data and no entries, which verify warns about', async () => {
    await database.db.insertInto('persons').values({ office_id: office, given_name: 'Ada', family_name: 'Lovelace', source: 'letter' }).execute();
    await database.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate`.execute(tx);
      await sql`ALTER TABLE audit_heads DISABLE TRIGGER audit_heads_no_truncate`.execute(tx);
      await sql`TRUNCATE audit_log, audit_heads`.execute(tx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate`.execute(tx);
      await sql`ALTER TABLE audit_heads ENABLE TRIGGER audit_heads_no_truncate`.execute(tx);
    });
    const reports = await verifyAuditChains(database.db, { persons: 'people', cases: 'cases', messages: 'messages' });
    expect(reports.find((r) => r.officeId === office)).toEqual({ officeId: office, entries: 0, warning: 'it has people but no audit entries: its audit log may have been removed' });
  });
});

/** An entry as someone with the owner's rights but without the audit key would write it. */
function forgedEntry(seq: number, prevHash: string): AuditFields {
  return { officeId: office, seq, at: new Date(), actorUserId: null, sessionId: null, action: 'case.closed', recordType: 'case', recordIds: [], prevHash };
}

async function appendForged(version: number, fields: AuditFields, hash: string, sealKey: Buffer) {
  await database.db
    .insertInto('audit_log')
    .values({
      office_id: office, seq: fields.seq, at: fields.at, actor_user_id: null, session_id: null, action: fields.action,
      record_type: fields.recordType, record_ids: JSON.stringify(fields.recordIds), prev_hash: fields.prevHash, hash, chain_version: version,
    })
    .execute();
  await database.db.updateTable('audit_heads').set({ seq: fields.seq, hash, seal: headSeal(sealKey, office, fields.seq, hash) }).where('office_id', '=', office).execute();
}

describe('forgery without the audit key', () => {
  it('catches the newest entry removed and the head moved back to the entry before it', async () => {
    const fifth = await database.db.selectFrom('audit_log').select('hash').where('office_id', '=', office).where('seq', '=', '5').executeTakeFirstOrThrow();
    await tamper(sql`DELETE FROM audit_log WHERE office_id = ${office} AND seq = 6`);
    await database.db.updateTable('audit_heads').set({ seq: 5, hash: fifth.hash }).where('office_id', '=', office).execute();
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({
      seq: 6,
      reason: "the chain head's seal does not match (the head was rewritten): entries after entry 5 may have been removed",
    });
    // Nor does removing the seal help.
    await sql`UPDATE audit_heads SET seal = NULL WHERE office_id = ${office}`.execute(database.db);
    expect((await verifyOfficeChain(database.db, office)).problem).toMatchObject({ seq: 6, reason: expect.stringMatching(/seal does not match/) });
  });

  it('catches an appended entry with a correctly computed unkeyed hash', async () => {
    const head = (await verifyOfficeChain(database.db, office)).head!;
    const fields = forgedEntry(7, head.hash);
    await appendForged(UNKEYED, fields, entryHash(UNKEYED, fields, Buffer.alloc(0)), randomBytes(32));
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({ seq: 7, reason: 'it is unkeyed but follows keyed entries: Postbag did not write it' });
  });

  it('catches an appended entry marked keyed but hashed without the key', async () => {
    const head = (await verifyOfficeChain(database.db, office)).head!;
    const fields = forgedEntry(7, head.hash);
    await appendForged(KEYED, fields, entryHash(UNKEYED, fields, Buffer.alloc(0)), randomBytes(32));
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({ seq: 7, reason: 'its contents were changed after it was written, or Postbag did not write it' });
  });

  it('catches appended entries keyed with another key, head and all', async () => {
    const wrongKey = randomBytes(32);
    let prev = (await verifyOfficeChain(database.db, office)).head!.hash;
    for (const seq of [7, 8]) {
      const fields = forgedEntry(seq, prev);
      prev = entryHash(KEYED, fields, wrongKey);
      await appendForged(KEYED, fields, prev, wrongKey);
    }
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({ seq: 7, reason: 'its contents were changed after it was written, or Postbag did not write it' });
  });

  it('catches the head put back to a copy saved earlier while the entries after it remain', async () => {
    const saved = await database.db.selectFrom('audit_heads').selectAll().where('office_id', '=', office).executeTakeFirstOrThrow();
    await record(database.db, office, 2, 7);
    await database.db.updateTable('audit_heads').set({ seq: saved.seq, hash: saved.hash, seal: saved.seal! }).where('office_id', '=', office).execute();
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({
      seq: 7,
      reason: 'entries from 7 on are past the chain head: Postbag did not write them, or the head was moved back',
    });
  });

  it('is not possible through a database handle without the key: recordAudit refuses and writes nothing', async () => {
    const before = await auditTables();
    const keyless = database.db.withoutPlugins();
    await expect(withOffice(keyless, office, (tx) => recordAudit(tx, office, actor, { action: 'case.closed', recordType: 'case', recordIds: [caseId] }))).rejects.toThrow(/no audit key/);
    expect(await auditTables()).toEqual(before);
  });
});

describe('heads recorded elsewhere', () => {
  it('still match as the chain grows, and fail after a rollback to an earlier consistent state', async () => {
    const earlier = await database.db.selectFrom('audit_heads').selectAll().where('office_id', '=', office).executeTakeFirstOrThrow();
    const recordedEarlier = (await verifyOfficeChain(database.db, office)).head!;
    await record(database.db, office, 2, 7);
    const recorded = (await verifyOfficeChain(database.db, office)).head!;
    expect(recorded.seq).toBe(8);
    expect(await checkRecordedHeads(database.db, [recordedEarlier, recorded])).toEqual([{ head: recordedEarlier }, { head: recorded }]);

    // Back to the state when six entries had been written (as a restored backup would be).
    await tamper(sql`DELETE FROM audit_log WHERE office_id = ${office} AND seq > 6`);
    await database.db.updateTable('audit_heads').set({ seq: earlier.seq, hash: earlier.hash, seal: earlier.seal! }).where('office_id', '=', office).execute();
    const rolledBack = await verifyOfficeChain(database.db, office);
    expect(rolledBack.problem).toBeUndefined(); // consistent: only the recorded head can tell
    expect(await checkRecordedHeads(database.db, [recordedEarlier, recorded])).toEqual([
      { head: recordedEarlier },
      { head: recorded, mismatch: 'entry 8 is not in the chain (it ends at entry 6): entries were removed or the database was rolled back' },
    ]);

    await record(database.db, office, 2, 7);
    expect(await checkRecordedHeads(database.db, [recorded])).toEqual([
      { head: recorded, mismatch: 'entry 8 is not the one recorded (its hash differs): the chain was rolled back and written again, or rewritten' },
    ]);
  });

  it('name an office that is not in the database', async () => {
    const head: RecordedHead = { officeId: '00000000-0000-4000-8000-0000000000ff', seq: 1, hash: 'a'.repeat(64) };
    expect(await checkRecordedHeads(database.db, [head])).toEqual([{ head, mismatch: 'there is no such office in this database' }]);
  });
});

describe('an office with data but no audit entries', () => {
  it('is warned about; an empty office and an office with entries are not', async () => {
    const quiet = await newOffice(database.db, 'Quiet');
    const used = await newOffice(database.db, 'Used');
    await database.db.insertInto('persons').values({ office_id: used, given_name: 'Ada', family_name: 'Lovelace', source: 'letter' }).execute();
    const reports = await verifyAuditChains(database.db, { persons: 'people', cases: 'cases', messages: 'messages' });
    expect(reports.find((r) => r.officeId === used)).toEqual({ officeId: used, entries: 0, warning: 'it has people but no audit entries: its audit log may have been removed' });
    expect(reports.find((r) => r.officeId === quiet)).toEqual({ officeId: quiet, entries: 0 });
    expect(reports.find((r) => r.officeId === office)?.warning).toBeUndefined();
  });
});

/** The version 1 check as it was before migration 0009, on rows without a chain version. */
function legacyProblems(rows: Record<string, unknown>[], head: { seq: string; hash: string }): string[] {
  const problems: string[] = [];
  let prev = '0'.repeat(64);
  for (const row of rows) {
    const fields: AuditFields = {
      officeId: row.office_id as string, seq: Number(row.seq), at: row.at as Date, actorUserId: row.actor_user_id as string | null,
      sessionId: row.session_id as string | null, action: row.action as string, recordType: row.record_type as string | null,
      recordIds: row.record_ids as string[], prevHash: row.prev_hash as string,
    };
    if (row.prev_hash !== prev) problems.push(`link at ${fields.seq}`);
    if (entryHash(UNKEYED, fields, Buffer.alloc(0)) !== row.hash) problems.push(`hash at ${fields.seq}`);
    prev = row.hash as string;
  }
  if (head.hash !== prev || Number(head.seq) !== rows.length) problems.push('head');
  return problems;
}

describe('an installation from before the keyed chain (migration 0009)', () => {
  let legacy: Awaited<ReturnType<typeof openTestDatabase>>;
  const migration = async (direction: 'up' | 'down') =>
    sql.raw(await readFile(new URL(`0009_audit_keyed.${direction}.sql`, migrationsFolder), 'utf8')).execute(legacy.db);
  beforeAll(async () => {
    legacy = await openTestDatabase();
  });
  afterAll(() => legacy?.close());

  it('goes back to unkeyed entries the previous code verifies, keeps verifying them, is keyed at start-up, then refuses unkeyed entries', async () => {
    const id = await newOffice(legacy.db);
    await record(legacy.db, id, 3);
    const someone = { userId: null, sessionId: '00000000-0000-4000-8000-00000000abcd' };
    await withOffice(legacy.db, id, (tx) => recordAudit(tx, id, someone, { action: 'case.access_changed', recordType: 'case', recordIds: ['a', 'b"c\\\n\té\u0001'] }));

    await migration('down');
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE column_name IN ('chain_version', 'seal') AND table_name LIKE 'audit%'`.execute(legacy.db);
    expect(columns.rows).toEqual([]);
    const triggers = await sql<{ tgname: string }>`SELECT tgname FROM pg_trigger WHERE tgname LIKE '%no_truncate' AND tgrelid::regclass::text LIKE 'audit%'`.execute(legacy.db);
    expect(triggers.rows).toEqual([]);
    const rows = await sql<Record<string, unknown>>`SELECT * FROM audit_log WHERE office_id = ${id} ORDER BY seq`.execute(legacy.db);
    const head = await sql<{ seq: string; hash: string }>`SELECT seq, hash FROM audit_heads WHERE office_id = ${id}`.execute(legacy.db);
    expect(rows.rows.map((r) => r.action)).toEqual(['case.updated', 'case.updated', 'case.updated', 'case.access_changed']);
    expect(legacyProblems(rows.rows, head.rows[0]!)).toEqual([]);

    await migration('up');
    expect(await verifyOfficeChain(legacy.db, id)).toMatchObject({
      entries: 4,
      warning: 'its entries are from before the audit log was keyed and it has not been keyed yet: start Postbag once and verify again',
    });
    expect((await verifyOfficeChain(legacy.db, id)).problem).toBeUndefined();

    await keyLegacyChains(legacy.db);
    await keyLegacyChains(legacy.db); // a second start keys nothing again
    const keyed = await verifyOfficeChain(legacy.db, id);
    expect(keyed).toEqual({ officeId: id, entries: 5, head: expect.objectContaining({ seq: 5 }) });
    const versions = await legacy.db.selectFrom('audit_log').select(['seq', 'action', 'chain_version']).where('office_id', '=', id).orderBy('seq').execute();
    expect(versions.map((v) => v.chain_version)).toEqual([1, 1, 1, 1, 2]);
    expect(versions.at(-1)?.action).toBe('audit.chain_keyed');

    const fields: AuditFields = { ...forgedEntry(6, keyed.head!.hash), officeId: id };
    const hash = entryHash(UNKEYED, fields, Buffer.alloc(0));
    await legacy.db.insertInto('audit_log').values({ office_id: id, seq: 6, at: fields.at, action: fields.action, record_type: 'case', record_ids: '[]', prev_hash: fields.prevHash, hash, chain_version: UNKEYED }).execute();
    await legacy.db.updateTable('audit_heads').set({ seq: 6, hash }).where('office_id', '=', id).execute();
    expect((await verifyOfficeChain(legacy.db, id)).problem).toEqual({ seq: 6, reason: 'it is unkeyed but follows keyed entries: Postbag did not write it' });
  });
});
