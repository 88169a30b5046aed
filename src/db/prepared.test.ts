import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabases, openTestDatabase, testDatabaseKind } from '../../test/support/database.js';
import { preparingPool } from './prepared.js';
import { withOffice } from './scope.js';

/** What the server holds prepared on one connection, read around the preparing pool. */
async function preparedOn(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY statement');
  return rows.map((r) => r.statement);
}

describe('prepared statements', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let officeId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ id: officeId } = await database.db.insertInto('offices').values({ name: 'Office A', member_name: 'A MP', nation: 'scotland' }).returning('id').executeTakeFirstOrThrow());
    await database.db.insertInto('persons').values({ office_id: officeId, given_name: 'Alice', family_name: 'Jones', source: 'email' }).execute();
  });
  afterAll(() => database?.close());

  it('are parsed once per connection however often a query runs', async () => {
    const byName = (tx: Kysely<never> | typeof database.db, name: string) =>
      sql<{ family_name: string }>`SELECT family_name FROM persons WHERE given_name = ${name}`.execute(tx);
    const { found, prepared } = await database.db.connection().execute(async (connection) => {
      const found = [];
      for (const name of ['Alice', 'Bob', 'Alice']) found.push((await byName(connection, name)).rows.map((r) => r.family_name));
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE ${'%FROM persons WHERE given_name%'}`.execute(connection);
      return { found, prepared: rows[0]!.n };
    });
    expect(found).toEqual([['Jones'], [], ['Jones']]);
    expect(prepared).toBe(1);
  });

  it('run again, prepared afresh, when a migration has changed the columns they return', async () => {
    const { db } = database;
    await sql`CREATE TABLE scratch_notes (office_id uuid NOT NULL, note text NOT NULL)`.execute(db);
    await sql`GRANT SELECT ON scratch_notes TO postbag_app`.execute(db);
    await sql`INSERT INTO scratch_notes VALUES (${officeId}, 'first')`.execute(db);
    const readOnItsOwn = () => sql<Record<string, string>>`SELECT * FROM scratch_notes`.execute(db);
    const readInOffice = () => withOffice(db, officeId, (tx) => sql<Record<string, string>>`SELECT * FROM scratch_notes WHERE note <> 'none'`.execute(tx));
    expect((await readOnItsOwn()).rows).toEqual([{ office_id: officeId, note: 'first' }]);
    expect((await readInOffice()).rows).toEqual([{ office_id: officeId, note: 'first' }]);

    await sql`ALTER TABLE scratch_notes ADD COLUMN added text NOT NULL DEFAULT 'later'`.execute(db);

    // Without the retry both would fail with "cached plan must not change result type".
    expect((await readOnItsOwn()).rows).toEqual([{ office_id: officeId, note: 'first', added: 'later' }]);
    expect((await readInOffice()).rows).toEqual([{ office_id: officeId, note: 'first', added: 'later' }]);
  });

  it('run on their generic plan from the first time in a transaction that asks for it, and as PostgreSQL chooses otherwise', async () => {
    const plansOf = (marker: string, options: { genericPlans?: boolean }) =>
      withOffice(
        database.db,
        officeId,
        async (tx) => {
          const read = () => sql`SELECT given_name FROM persons WHERE family_name = ${'Jones'} AND ${sql.lit(marker)} <> ''`.execute(tx);
          await read();
          await read();
          const { rows } = await sql<{ generic: number; custom: number }>`
            SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement LIKE ${`%'${marker}'%`}`.execute(tx);
          return rows;
        },
        options,
      );
    expect(await plansOf('generic', { genericPlans: true })).toEqual([{ generic: 2, custom: 0 }]);
    expect(await plansOf('chosen', {})).toEqual([{ generic: 0, custom: 2 }]);
  });

  it('are not made of statements the extended protocol refuses: several at once, DDL, transaction control', async () => {
    const { db } = database;
    await sql`CREATE TABLE scratch_ddl (id int); INSERT INTO scratch_ddl VALUES (1)`.execute(db);
    await db.transaction().execute((tx) => sql`INSERT INTO scratch_ddl VALUES (2)`.execute(tx));
    expect((await sql<{ id: number }>`SELECT id FROM scratch_ddl ORDER BY id`.execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('prepared statements per connection', () => {
  let pool: pg.Pool;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (testDatabaseKind === 'postgres') {
      const targets = await createTestDatabases();
      if (targets.main.kind !== 'postgres') throw new Error('a server database was expected');
      pool = new pg.Pool({ connectionString: targets.main.url, max: 1 });
      close = async () => {
        await pool.end();
        await targets.drop();
      };
    } else {
      const lite = await PGlite.create();
      pool = new pg.Pool({ ...createPgConfig(lite) });
      close = async () => {
        await pool.end();
        await lite.close();
      };
    }
  });
  afterAll(() => close?.());

  it('are kept to the most recently used few, the others dropped from the server', async () => {
    const db = new Kysely<never>({ dialect: new PostgresDialect({ pool: preparingPool(pool, 3) }) });
    // Five different statements: each squares its number, written into the text.
    const square = async (i: number) => (await sql<{ n: number }>`SELECT ${sql.raw(String(i))}::int * ${i} AS n`.execute(db)).rows[0]!.n;
    const answers = [];
    for (const i of [1, 2, 3, 4, 5]) answers.push(await square(i));
    expect(answers).toEqual([1, 4, 9, 16, 25]);
    // The next time the connection is taken the two least recently used are dropped.
    expect(await square(5)).toBe(25);
    expect(await preparedOn(pool)).toEqual([3, 4, 5].map((i) => `SELECT ${i}::int * $1 AS n`));
    // One dropped is prepared again when it comes back.
    expect(await square(1)).toBe(1);
  });
});
