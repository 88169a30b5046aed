import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, demo } from './app.js';
import { changedTables, expectUnchanged, tableContents } from './unchanged.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the check that a request changed nothing', () => {
  it('covers every table of the main database and the key store', async () => {
    const names = Object.keys(await tableContents(t));
    expect(names).toEqual(expect.arrayContaining(['audit_log', 'persons', 'messages', 'jobs', 'sessions']));
    expect(names.some((name) => name.startsWith('keystore.'))).toBe(true);
  });

  it('names the table when one column of one row changed, though no row was added', async () => {
    const before = await tableContents(t);
    await sql`UPDATE persons SET given_name = given_name || 'x' WHERE id = (SELECT min(id::text)::uuid FROM persons)`.execute(t.database.db);
    const changed = changedTables(before, await tableContents(t));
    expect(changed).toHaveLength(1);
    const rows = before.persons!.rows;
    expect(changed[0]).toMatch(new RegExp(`^persons: ${rows} rows, md5 \\w+ -> ${rows} rows, md5 \\w+$`));
    await expect(expectUnchanged(t, before)).rejects.toThrow(/tables whose contents changed/);
  });

  it('lets the key store gain a key that seals nothing, but not change or lose one', async () => {
    const before = await tableContents(t);
    const keys = Object.keys(before).filter((name) => name.startsWith('keystore.'));
    const table = keys.find((name) => before[name]!.rows > 0)!.slice('keystore.'.length);
    const keystore = (t.keystore as unknown as { database: { db: Kysely<unknown> } }).database.db;
    await sql`DELETE FROM ${sql.table(table)} WHERE ctid = (SELECT min(ctid) FROM ${sql.table(table)})`.execute(keystore);
    expect(changedTables(before, await tableContents(t))).toEqual([expect.stringMatching(new RegExp(`^keystore.${table}: `))]);
  });

  it('lets every request mark its session seen, and nothing else of the session', async () => {
    await t.signIn(demo.email('manager'));
    const before = await tableContents(t);
    await sql`UPDATE sessions SET last_seen_at = last_seen_at + interval '1 minute'`.execute(t.database.db);
    await expectUnchanged(t, before);
    await sql`UPDATE sessions SET ended_at = now()`.execute(t.database.db);
    expect(changedTables(before, await tableContents(t))).toEqual([expect.stringMatching(/^sessions: /)]);
  });
});
