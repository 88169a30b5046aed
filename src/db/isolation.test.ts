import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../test/support/database.js';
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

  it("finds names like a typo by the trigram index function in the request's own office only, and in none without one", async () => {
    // postbag_persons_named_like runs as the owner, whom no policy binds: the office must come from the request's scope.
    const alike = (officeId: string | null) =>
      database.requests.db.transaction().execute(async (tx) => {
        await sql`SELECT set_config('role', 'postbag_app', true)`.execute(tx);
        if (officeId) await sql`SELECT set_config('app.office_id', ${officeId}, true)`.execute(tx);
        const { rows } = await sql<{ person_id: string; likeness: number }>`SELECT * FROM postbag_persons_named_like(ARRAY['offise-a', 'alise'], 0.5, 10)`.execute(tx);
        return rows;
      });
    const inA = await alike(officeA);
    const alice = await database.db.selectFrom('persons').select('id').where('office_id', '=', officeA).where('given_name', '=', 'Alice').executeTakeFirstOrThrow();
    expect(inA.map((r) => r.person_id)).toEqual([alice.id]);
    expect(inA[0]!.likeness).toBeGreaterThanOrEqual(0.5);
    // Office B's session asks for office A's names: nothing, though the function itself could read them.
    expect(await alike(officeB)).toEqual([]);
    const bea = await withOffice(database.requests.db, officeB, (tx) => sql<{ person_id: string }>`SELECT person_id FROM postbag_persons_named_like(ARRAY['offise'], 0.5, 10)`.execute(tx));
    const beaId = await database.db.selectFrom('persons').select('id').where('office_id', '=', officeB).executeTakeFirstOrThrow();
    expect(bea.rows.map((r) => r.person_id)).toEqual([beaId.id]);
    expect(await alike(null)).toEqual([]);
  });

  it('is switched on and forced (binding the owner too) for every table that holds an office_id', async () => {
    const tables = await officeTables();
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => !t.rls).map((t) => t.table_name)).toEqual([]);
    expect(tables.filter((t) => !t.forced).map((t) => t.table_name)).toEqual([]);
  });
});

/** Every table of an office's data, with `offices` itself (its id is the office). */
async function officeTables() {
  const { rows } = await sql<{ table_name: string; office_column: string; rls: boolean; forced: boolean }>`
    SELECT c.table_name, c.column_name AS office_column, cls.relrowsecurity AS rls, cls.relforcerowsecurity AS forced
    FROM information_schema.columns c
    JOIN pg_class cls ON cls.relname = c.table_name AND cls.relkind = 'r'
    JOIN pg_namespace ns ON ns.oid = cls.relnamespace AND ns.nspname = c.table_schema
    WHERE c.table_schema = 'public' AND (c.column_name = 'office_id' OR (c.table_name = 'offices' AND c.column_name = 'id'))
    ORDER BY c.table_name`.execute(database.db);
  return rows;
}

/** Everything of office B, table by table, as the owner sees it. */
async function officeBRows() {
  const all: Record<string, unknown[]> = {};
  for (const t of await officeTables()) {
    all[t.table_name] = (await sql.raw(`SELECT * FROM ${t.table_name} WHERE ${t.office_column} = '${officeB}' ORDER BY 1, 2`).execute(database.db)).rows;
  }
  return all;
}

// The request role exists on a server only: PGlite runs as its one (super)user, so there the
// policies bind through withOffice's SET LOCAL ROLE and the process and its data directory
// protect the data (README, "Running it").
describe.runIf(testDatabaseKind === 'postgres')('the request role', () => {
  /** What a request's connection sees of office B when its code runs RESET ROLE. */
  async function readOfficeBAfterResetRole(officeId: string | null) {
    return database.requests.db.connection().execute(async (connection) => {
      await sql`BEGIN`.execute(connection);
      try {
        await sql`RESET ROLE`.execute(connection);
        if (officeId) await sql`SELECT set_config('app.office_id', ${officeId}, true)`.execute(connection);
        const seen: Record<string, number> = {};
        for (const t of await officeTables()) {
          const { rows } = await sql.raw<{ n: string }>(`SELECT count(*) AS n FROM ${t.table_name} WHERE ${t.office_column} = '${officeB}'`).execute(connection);
          seen[t.table_name] = Number(rows[0]!.n);
        }
        const who = await sql<{ role: string }>`SELECT current_user AS role`.execute(connection);
        return { role: who.rows[0]!.role, seen };
      } finally {
        await sql`ROLLBACK`.execute(connection);
      }
    });
  }

  it("reads no row of office B after RESET ROLE, with office A set or no office set", async () => {
    const ownerSees = await officeBRows();
    expect(ownerSees.persons).toHaveLength(1);
    expect(ownerSees.offices).toHaveLength(1);
    for (const officeId of [officeA, null]) {
      const { role, seen } = await readOfficeBAfterResetRole(officeId);
      expect(role).toBe('postbag_request');
      expect(Object.entries(seen).filter(([, n]) => n > 0)).toEqual([]);
    }
  });

  it('cannot write a row of office B after RESET ROLE, and the attempts change nothing', async () => {
    const before = await officeBRows();
    const attempt = (statement: string) =>
      withOffice(database.requests.db, officeA, async (tx) => {
        await sql`RESET ROLE`.execute(tx);
        return sql.raw(statement).execute(tx);
      });
    await expect(
      attempt(`INSERT INTO persons (office_id, given_name, family_name, source) VALUES ('${officeB}', 'Mallory', 'X', 'email')`),
    ).rejects.toThrow(/row-level security/);
    expect((await attempt(`UPDATE persons SET given_name = 'Changed' WHERE office_id = '${officeB}'`)).numAffectedRows).toBe(0n);
    expect((await attempt(`DELETE FROM persons WHERE office_id = '${officeB}'`)).numAffectedRows).toBe(0n);
    expect(await officeBRows()).toEqual(before);
  });

  it('cannot become the owner or switch row level security off', async () => {
    const owner = await sql<{ owner: string }>`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'persons'`.execute(database.db);
    await expect(sql.raw(`SET ROLE ${owner.rows[0]!.owner}`).execute(database.requests.db)).rejects.toThrow(/permission denied/);
    await expect(sql`ALTER TABLE persons NO FORCE ROW LEVEL SECURITY`.execute(database.requests.db)).rejects.toThrow(/must be owner/);
    const withRowSecurityOff = database.requests.db.connection().execute(async (connection) => {
      await sql`BEGIN`.execute(connection);
      try {
        await sql`SET LOCAL row_security = off`.execute(connection);
        return await sql`SELECT * FROM persons`.execute(connection);
      } finally {
        await sql`ROLLBACK`.execute(connection);
      }
    });
    await expect(withRowSecurityOff).rejects.toThrow(/row-level security/);
  });

  it('owns no table, is no superuser and does not bypass row level security', async () => {
    const { rows } = await sql<{ role: string; superuser: boolean; bypasses: boolean; owned: string[] }>`
      SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypasses,
        array(SELECT c.relname::text FROM pg_class c WHERE c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE r.rolname = current_user`.execute(database.requests.db);
    expect(rows).toEqual([{ role: 'postbag_request', superuser: false, bypasses: false, owned: [] }]);
    const tables = await sql<{ tableowner: string }>`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`.execute(database.db);
    expect(tables.rows.map((t) => t.tableowner)).not.toContain('postbag_request');
  });
});
