import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../seed/demo.js';
import { listMigrations, migrateDown, migrateToLatest } from './migrate.js';
import { withOffice } from './scope.js';

/**
 * Every down migration must work on a database in use, not only on an empty one: the demo office
 * (people, cases with sealed text, messages) is in the database when the schema goes all the way
 * down, one migration at a time, and back up. The migrations are whatever the folder holds.
 */
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({}, { demo: { people: 40, cases: 30, withMessages: true } });
});
afterAll(() => app?.close());

/** What the public schema holds apart from its rows: a change in any of it is a schema change. */
async function schemaOf(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ item: string }>`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') AS item
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
      FROM pg_policies WHERE schemaname = 'public'
    UNION ALL SELECT 'row security ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity
      FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
    UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'function ' || p.oid::regprocedure FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL SELECT 'type ' || typname FROM pg_type t WHERE typnamespace = 'public'::regnamespace AND typtype IN ('d', 'e')
    UNION ALL SELECT 'extension ' || extname FROM pg_extension`.execute(db);
  return rows.map((r) => r.item).sort();
}

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`.execute(db);
  return rows.map((r) => r.name);
}

/** Reverts the newest migration until none is left; returns the names in the order reverted. */
async function migrateAllTheWayDown(db: Kysely<unknown>): Promise<string[]> {
  const reverted: string[] = [];
  for (;;) {
    const lines = await migrateDown(db);
    if (lines.length === 0) return reverted;
    reverted.push(...lines);
  }
}

describe('migrations on a database holding the demo office', () => {
  it('go all the way down and back up, leaving the schema as it was', async () => {
    const db = app.database.db as Kysely<unknown>;
    const known = await listMigrations(db);
    expect(known.every((m) => m.applied)).toBe(true);
    const held = await withOffice(app.database.db, DEMO_OFFICE_ID, (tx) =>
      sql<{ cases: number; messages: number }>`SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM messages) AS messages`.execute(tx),
    );
    expect(held.rows[0]).toEqual({ cases: 30, messages: expect.any(Number) });
    expect(held.rows[0]?.messages).toBeGreaterThan(0);
    const before = await schemaOf(db);

    const reverted = await migrateAllTheWayDown(db);
    expect(reverted).toEqual(known.map((m) => `reverted ${m.name}`).reverse());
    // Only the migrator's own bookkeeping is left.
    expect(await tables(db)).toEqual(['kysely_migration', 'kysely_migration_lock']);

    const applied = await migrateToLatest(db);
    expect(applied).toEqual(known.map((m) => `applied ${m.name}`));
    expect(await schemaOf(db)).toEqual(before);
  });
});
