import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { withOffice } from './scope.js';

/** Row level security: the second line of defence behind every repository's office_id filter. */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let officeA: string;
let officeB: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  const offices = await db
    .insertInto('offices')
    .values([
      { name: 'Office A', member_name: 'A MP', nation: 'england-and-wales' },
      { name: 'Office B', member_name: 'B MP', nation: 'scotland' },
    ])
    .returning('id')
    .execute();
  [officeA, officeB] = offices.map((o) => o.id) as [string, string];
  await db
    .insertInto('persons')
    .values([
      { office_id: officeA, given_name: 'Alice', family_name: 'Office-A', source: 'email' },
      { office_id: officeA, given_name: 'Arthur', family_name: 'Office-A', source: 'letter' },
      { office_id: officeB, given_name: 'Bea', family_name: 'Office-B', source: 'phone' },
    ])
    .execute();
});
afterAll(() => database?.close());

describe('row level security', () => {
  it("hides office A's rows from office B's session even when the query forgets its where clause", async () => {
    const seen = await withOffice(database.db, officeB, (tx) => tx.selectFrom('persons').select('given_name').execute());
    expect(seen.map((p) => p.given_name)).toEqual(['Bea']);
    const raw = await withOffice(database.db, officeB, (tx) => sql<{ n: string }>`SELECT count(*) AS n FROM persons`.execute(tx));
    expect(Number(raw.rows[0]!.n)).toBe(1);
  });

  it('runs request sessions as a role that is not a superuser', async () => {
    const who = await withOffice(database.db, officeB, (tx) =>
      sql<{ role: string; superuser: boolean }>`SELECT current_user AS role, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`.execute(tx),
    );
    expect(who.rows[0]).toEqual({ role: 'postbag_app', superuser: false });
  });

  it("refuses to write a row into another office, and the refusal changes nothing", async () => {
    await expect(
      withOffice(database.db, officeB, (tx) => tx.insertInto('persons').values({ office_id: officeA, given_name: 'Mallory', family_name: 'X', source: 'email' }).execute()),
    ).rejects.toThrow(/row-level security/);
    const updated = await withOffice(database.db, officeB, (tx) => tx.updateTable('persons').set({ given_name: 'Changed' }).where('office_id', '=', officeA).executeTakeFirst());
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const names = await database.db.selectFrom('persons').select('given_name').where('office_id', '=', officeA).orderBy('given_name').execute();
    expect(names.map((n) => n.given_name)).toEqual(['Alice', 'Arthur']);
  });

  it('sees nothing at all when no office is set', async () => {
    const seen = await database.db.transaction().execute(async (tx) => {
      await sql`SELECT set_config('role', 'postbag_app', true)`.execute(tx);
      return tx.selectFrom('persons').selectAll().execute();
    });
    expect(seen).toEqual([]);
  });

  it('is switched on for every table that holds an office_id', async () => {
    const tables = await sql<{ table_name: string; rls: boolean }>`
      SELECT c.table_name, cls.relrowsecurity AS rls
      FROM information_schema.columns c
      JOIN pg_class cls ON cls.relname = c.table_name AND cls.relkind = 'r'
      JOIN pg_namespace ns ON ns.oid = cls.relnamespace AND ns.nspname = c.table_schema
      WHERE c.table_schema = 'public' AND c.column_name = 'office_id'`.execute(database.db);
    expect(tables.rows.length).toBeGreaterThan(5);
    expect(tables.rows.filter((t) => !t.rls).map((t) => t.table_name)).toEqual([]);
  });
});
