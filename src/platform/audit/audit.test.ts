import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.js';
import { withOffice } from '../../db/scope.js';
import { recordAudit, verifyAuditChains, verifyOfficeChain } from './audit.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let office: string;
const actor = { userId: null, sessionId: null };

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

beforeEach(async () => {
  const created = await database.db.insertInto('offices').values({ name: 'Audit Office', member_name: 'M', nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
  office = created.id;
  for (let i = 1; i <= 6; i++) {
    await withOffice(database.db, office, (tx) => recordAudit(tx, office, actor, { action: `test.action_${i}`, recordType: 'case', recordIds: [`00000000-0000-4000-8000-00000000000${i}`] }));
  }
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
        await recordAudit(tx, office, actor, { action: 'test.rolled_back' });
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
    expect((await verifyOfficeChain(database.db, office)).problem).toEqual({ seq: 3, reason: 'its contents were changed after it was written' });
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
    await withOffice(database.db, other.id, (tx) => recordAudit(tx, other.id, actor, { action: 'test.other' }));
    await tamper(sql`UPDATE audit_log SET record_ids = '["00000000-0000-4000-8000-000000000099"]' WHERE office_id = ${other.id} AND seq = 1`);
    const reports = await verifyAuditChains(database.db);
    expect(reports.find((r) => r.officeId === other.id)?.problem?.seq).toBe(1);
    expect(reports.find((r) => r.officeId === untouched)).toMatchObject({ entries: 6 });
    expect(reports.find((r) => r.officeId === untouched)?.problem).toBeUndefined();
  });
});

describe('concurrent first entries', () => {
  it('chain one after the other instead of clashing', async () => {
    const fresh = await database.db.insertInto('offices').values({ name: 'New', member_name: 'M', nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => withOffice(database.db, fresh.id, (tx) => recordAudit(tx, fresh.id, actor, { action: `test.first_${i}` }))),
    );
    const report = await verifyOfficeChain(database.db, fresh.id);
    expect(report.entries).toBe(5);
    expect(report.problem).toBeUndefined();
  });
});
