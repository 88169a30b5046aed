import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { migrateBelow, migrateToLatest } from './migrate.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  database = await openTestDatabase();
  const office = await database.db
    .insertInto('offices')
    .values({ name: 'Office A', member_name: 'A MP', nation: 'england-and-wales' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db.insertInto('persons').values({ office_id: office.id, given_name: 'Alice', family_name: 'A', source: 'email' }).execute();
});
afterAll(() => database?.close());

const forced = async () =>
  (
    await sql<{ name: string; forced: boolean }>`
      SELECT c.relname AS name, c.relforcerowsecurity AS forced FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1`.execute(database.db)
  ).rows;
const lookUps = async () =>
  (
    await sql<{ name: string }>`SELECT proname AS name FROM pg_proc WHERE proname IN ('postbag_office_of_sign_in', 'postbag_office_of_session', 'postbag_sole_office') ORDER BY 1`.execute(
      database.db,
    )
  ).rows.map((r) => r.name);
// The columns as they were at 0012: later migrations, reverted first, add their own.
const content = async () => ({
  offices: await database.db.selectFrom('offices').select(['id', 'name', 'member_name', 'nation', 'created_at']).execute(),
  persons: await database.db.selectFrom('persons').select(['office_id', 'id', 'given_name', 'family_name', 'source', 'updated_at']).execute(),
});

describe('migration 0012 (the request role)', () => {
  it('reverts to unforced policies and no look-up functions, keeping the data, and applies again', async () => {
    const before = await content();
    expect((await forced()).every((t) => t.forced)).toBe(true);
    expect(await lookUps()).toHaveLength(3);

    // Later migrations, if any, are reverted first.
    expect(await migrateBelow(database.db, '0012_request_role')).toContain('reverted 0012_request_role');
    expect((await forced()).filter((t) => t.forced)).toEqual([]);
    expect(await lookUps()).toEqual([]);
    expect(await content()).toEqual(before);

    await migrateToLatest(database.db);
    expect((await forced()).filter((t) => !t.forced)).toEqual([]);
    expect(await lookUps()).toHaveLength(3);
    expect(await content()).toEqual(before);
  });
});
