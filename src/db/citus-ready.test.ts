import { readdir, readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { DISTRIBUTION_COLUMN, type Placement, undistributedTables } from './citus.js';
import { migrationsFolder } from './migrate.js';

/**
 * The schema stays ready for Citus (docs/ARCHITECTURE.md, "Deployment for many offices"), which
 * cannot be installed here: Citus refuses what this test refuses, so it reads the migrated
 * catalogue and names each table and key that a cluster sharded by office_id would refuse or
 * serve badly, and checks that the migrations place every table on the cluster exactly once.
 */
let database: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

type Where = Placement | 'distributed';
const placementOf = (table: string): Where => undistributedTables[table]?.placement ?? 'distributed';

/** Every way the public schema falls short of being sharded by office_id; empty when it is ready. */
async function citusProblems(db: Kysely<unknown>): Promise<string[]> {
  const problems: string[] = [];
  const tables = await sql<{ name: string; office_column: 'nullable' | 'not null' | null }>`
    SELECT c.relname AS name, CASE WHEN a.attnum IS NULL THEN NULL WHEN a.attnotnull THEN 'not null' ELSE 'nullable' END AS office_column
    FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ${DISTRIBUTION_COLUMN} AND NOT a.attisdropped
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'kysely_migration%'
    ORDER BY 1`.execute(db);
  const names = new Set(tables.rows.map((t) => t.name));
  for (const listed of Object.keys(undistributedTables)) {
    if (!names.has(listed)) problems.push(`${listed} is named in src/db/citus.ts, but there is no such table`);
  }
  for (const t of tables.rows) {
    if (placementOf(t.name) !== 'distributed') continue;
    if (t.office_column === null) problems.push(`${t.name} has no ${DISTRIBUTION_COLUMN}: add it (in its keys), or name the table in src/db/citus.ts with the reason`);
    else if (t.office_column === 'nullable') problems.push(`${t.name}.${DISTRIBUTION_COLUMN} may be NULL, and a sharded row needs an office`);
  }

  // The key columns of every primary key, unique and exclusion constraint and unique index (a
  // constraint's own index is left to the constraint), and of every other index.
  const indexes = await sql<{ tbl: string; name: string; kind: string; has_office: boolean }>`
    SELECT t.relname AS tbl, coalesce(k.conname, i.indexrelid::regclass::text) AS name,
      CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique constraint' WHEN 'x' THEN 'exclusion constraint'
        ELSE CASE WHEN i.indisunique THEN 'unique index' ELSE 'index' END END AS kind,
      EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = ${DISTRIBUTION_COLUMN}
        AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1])) AS has_office
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x')
    WHERE t.relnamespace = 'public'::regnamespace AND t.relname NOT LIKE 'kysely_migration%'
    ORDER BY 1, 2`.execute(db);
  for (const ix of indexes.rows) {
    if (placementOf(ix.tbl) !== 'distributed' || ix.has_office) continue;
    problems.push(
      ix.kind === 'index'
        ? `${ix.tbl}: index ${ix.name} does not name ${DISTRIBUTION_COLUMN}, so a query for one office would read every office's entries on its shard`
        : `${ix.tbl}: ${ix.kind} ${ix.name} does not name ${DISTRIBUTION_COLUMN}, and a sharded table can only keep unique what includes it`,
    );
  }

  // Each foreign key with, for each of its columns, the column it references.
  const keys = await sql<{ tbl: string; name: string; target: string; pairs: [string, string][] }>`
    SELECT k.conrelid::regclass::text AS tbl, k.conname AS name, k.confrelid::regclass::text AS target,
      (SELECT json_agg(json_build_array(a.attname, b.attname) ORDER BY n.i)
        FROM unnest(k.conkey, k.confkey) WITH ORDINALITY AS n(col, ref, i)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n.col
        JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = n.ref) AS pairs
    FROM pg_constraint k WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace
    ORDER BY 1, 2`.execute(db);
  for (const fk of keys.rows) {
    const [from, to] = [placementOf(fk.tbl), placementOf(fk.target)];
    const key = `${fk.tbl}: foreign key ${fk.name} to ${fk.target}`;
    if (to === 'reference') continue; // every node holds the referenced rows
    if (from === 'distributed' && to === 'distributed') {
      const paired = fk.pairs.some(([column, referenced]) => column === DISTRIBUTION_COLUMN && referenced === DISTRIBUTION_COLUMN);
      if (!paired) problems.push(`${key} does not pair ${DISTRIBUTION_COLUMN} with ${fk.target}.${DISTRIBUTION_COLUMN}, so the rows it joins may sit on different nodes`);
    } else if (!(from === 'coordinator' && to === 'coordinator')) {
      problems.push(`${key}: a ${from} table cannot reference a ${to} table`);
    }
  }
  return problems;
}

const placements = { create_distributed_table: 'distributed', create_reference_table: 'reference', citus_add_local_table_to_metadata: 'coordinator' } as const;
type PlacingFunction = keyof typeof placements;

interface MigrationFile {
  migration: string;
  up: boolean;
  text: string;
}

async function migrationFiles(): Promise<MigrationFile[]> {
  const files = (await readdir(migrationsFolder)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => ({ migration: file.replace(/\.(up|down)\.sql$/, ''), up: file.endsWith('.up.sql'), text: await readFile(new URL(file, migrationsFolder), 'utf8') })),
  );
}

/** What a migration does on Citus: the tables it creates, places and undistributes. */
function citusStepsOf(file: MigrationFile) {
  const text = file.text.replace(/--.*$/gm, '');
  return {
    ...file,
    created: [...text.matchAll(/\bCREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((m) => m[1]!),
    placed: [...text.matchAll(/\b(create_distributed_table|create_reference_table|citus_add_local_table_to_metadata)\('(\w+)'([^)]*)\)/g)].map((m) => ({
      placement: placements[m[1] as PlacingFunction],
      table: m[2]!,
      args: m[3]!,
    })),
    undistributed: [...text.matchAll(/\bundistribute_table\('(\w+)'/g)].map((m) => m[1]!),
  };
}

/** How the migrations fail to place these tables on a cluster: each once, as src/db/citus.ts says, undone by the same down. */
function placementProblems(tables: readonly string[], files: readonly MigrationFile[]): string[] {
  const steps = files.map(citusStepsOf);
  const ups = steps.filter((t) => t.up);
  const problems: string[] = [];
  // The first table distributed starts the co-location group that every other one joins.
  const anchor = ups.flatMap((t) => t.placed).find((p) => p.placement === 'distributed')?.table;
  for (const name of tables) {
    const placedBy = ups.flatMap((t) => t.placed.filter((p) => p.table === name).map((p) => ({ ...p, migration: t.migration })));
    const createdAt = ups.findIndex((t) => t.created.includes(name));
    const [placed, ...more] = placedBy;
    if (!placed || more.length) {
      problems.push(`${name} is placed ${placedBy.length} times (${placedBy.map((p) => p.migration).join(', ') || 'by no migration'}); place it once, as 0030 does`);
      continue;
    }
    if (placed.placement !== placementOf(name)) problems.push(`${name} is placed as a ${placed.placement} table by ${placed.migration}, but src/db/citus.ts makes it ${placementOf(name)}`);
    if (ups.findIndex((t) => t.migration === placed.migration) < createdAt) problems.push(`${name} is placed by ${placed.migration}, before ${ups[createdAt]?.migration} creates it`);
    if (placed.placement === 'distributed') {
      const expected = `, '${DISTRIBUTION_COLUMN}', colocate_with => '${name === anchor ? 'none' : anchor}'`;
      if (placed.args !== expected) problems.push(`${name} is distributed with (${placed.args.slice(2)}), not (${expected.slice(2)})`);
    }
  }
  for (const up of ups) {
    const down = steps.find((t) => !t.up && t.migration === up.migration);
    const placed = up.placed.map((p) => p.table).sort();
    const undone = [...(down?.undistributed ?? [])].sort();
    if (placed.join() !== undone.join()) problems.push(`${up.migration} places ${placed.join(', ') || 'nothing'}, and its down migration undistributes ${undone.join(', ') || 'nothing'}`);
  }
  return problems;
}

describe('the schema, sharded by office on Citus', () => {
  it('keeps office_id in the primary key, every unique constraint and index, and both sides of every foreign key of each distributed table', async () => {
    expect(await citusProblems(database.db as Kysely<unknown>)).toEqual([]);
  });

  it('names the table and the constraint that would stop a cluster', async () => {
    const db = database.db as Kysely<unknown>;
    // Made and dropped again, so the next test sees the schema as migrated.
    await sql`CREATE TABLE citus_probe (office_id uuid, id uuid PRIMARY KEY, token bytea UNIQUE, person_id uuid, name text)`.execute(db);
    await sql`ALTER TABLE citus_probe ADD CONSTRAINT citus_probe_person FOREIGN KEY (office_id, person_id) REFERENCES persons (id, office_id)`.execute(db);
    await sql`CREATE INDEX citus_probe_name ON citus_probe (name) INCLUDE (office_id)`.execute(db);
    await sql`CREATE TABLE citus_probe_note (note text)`.execute(db);
    await sql`ALTER TABLE offices ADD COLUMN probe_person uuid, ADD COLUMN probe_office uuid, ADD CONSTRAINT offices_probe FOREIGN KEY (probe_office, probe_person) REFERENCES persons (office_id, id)`.execute(db);
    try {
      expect(await citusProblems(db)).toEqual([
        'citus_probe.office_id may be NULL, and a sharded row needs an office',
        'citus_probe_note has no office_id: add it (in its keys), or name the table in src/db/citus.ts with the reason',
        "citus_probe: index citus_probe_name does not name office_id, so a query for one office would read every office's entries on its shard",
        'citus_probe: primary key citus_probe_pkey does not name office_id, and a sharded table can only keep unique what includes it',
        'citus_probe: unique constraint citus_probe_token_key does not name office_id, and a sharded table can only keep unique what includes it',
        'citus_probe: foreign key citus_probe_person to persons does not pair office_id with persons.office_id, so the rows it joins may sit on different nodes',
        'offices: foreign key offices_probe to persons: a reference table cannot reference a distributed table',
      ]);
    } finally {
      await sql`ALTER TABLE offices DROP COLUMN probe_person, DROP COLUMN probe_office`.execute(db);
      await sql`DROP TABLE citus_probe, citus_probe_note`.execute(db);
    }
  });

  it('is placed on the cluster by the migrations: every table once, where src/db/citus.ts says, and taken back by the same down migration', async () => {
    const { rows } = await sql<{ name: string }>`
      SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname NOT LIKE 'kysely_migration%' ORDER BY 1`.execute(database.db);
    expect(placementProblems(rows.map((r) => r.name), await migrationFiles())).toEqual([]);
  });

  it('names the table a migration forgets, places twice, places wrongly or before it exists, and the down that misses one', () => {
    const files: MigrationFile[] = [
      { migration: '0001_first', up: true, text: 'CREATE TABLE persons (office_id uuid); CREATE TABLE jobs (id uuid); CREATE TABLE notes (office_id uuid);' },
      {
        migration: '0002_citus',
        up: true,
        text: `SELECT create_distributed_table('persons', 'office_id', colocate_with => 'none');
          SELECT create_distributed_table('jobs', 'office_id', colocate_with => 'persons');
          SELECT create_distributed_table('notes', 'office_id');
          -- SELECT create_reference_table('notes');
          SELECT create_reference_table('later');`,
      },
      { migration: '0002_citus', up: false, text: "SELECT undistribute_table('persons');" },
      { migration: '0003_later', up: true, text: 'CREATE TABLE later (office_id uuid);' },
    ];
    expect(placementProblems(['jobs', 'later', 'notes', 'orphans', 'persons'], files)).toEqual([
      'jobs is placed as a distributed table by 0002_citus, but src/db/citus.ts makes it coordinator',
      'later is placed as a reference table by 0002_citus, but src/db/citus.ts makes it distributed',
      'later is placed by 0002_citus, before 0003_later creates it',
      "notes is distributed with ('office_id'), not ('office_id', colocate_with => 'persons')",
      'orphans is placed 0 times (by no migration); place it once, as 0030 does',
      '0002_citus places jobs, later, notes, persons, and its down migration undistributes persons',
    ]);
  });
  it("runs 0030's Citus branch and the later ones where citus is installed: each table placed once, with no foreign key in the way, and the keys made again", async () => {
    const db = database.db as Kysely<unknown>;
    const foreignKeys = async () =>
      (
        await sql<{ key: string }>`SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS key FROM pg_constraint
          WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1`.execute(db)
      ).rows.map((r) => r.key);
    const before = await foreignKeys();
    // Citus's functions, with its signatures, standing in: each notes its call, and refuses one made while a foreign key is left.
    await sql
      .raw(
        `CREATE TABLE citus_calls (n serial, call text);
        CREATE FUNCTION citus_note(call text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace) THEN RAISE 'a foreign key is left at %', call; END IF;
          INSERT INTO citus_calls (call) VALUES (call);
        END $$;
        CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text, distribution_type text DEFAULT 'hash', colocate_with text DEFAULT 'default', shard_count int DEFAULT NULL)
          RETURNS void LANGUAGE sql AS $$ SELECT citus_note(format('distributed %s by %s with %s', table_name, distribution_column, colocate_with)) $$;
        CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE sql AS $$ SELECT citus_note(format('reference %s', table_name)) $$;
        CREATE FUNCTION citus_add_local_table_to_metadata(table_name regclass, cascade_via_foreign_keys boolean DEFAULT false)
          RETURNS void LANGUAGE sql AS $$ SELECT citus_note(format('coordinator %s', table_name)) $$;
        CREATE FUNCTION undistribute_table(table_name regclass, cascade_via_foreign_keys boolean DEFAULT false)
          RETURNS void LANGUAGE sql AS $$ SELECT citus_note(format('undistributed %s', table_name)) $$;`,
      )
      .execute(db);
    const calls = async () => (await sql<{ n: number; call: string }>`DELETE FROM citus_calls RETURNING n, call`.execute(db)).rows.sort((a, b) => a.n - b.n).map((r) => r.call);
    // 0030's branch and those of the later migrations that place their own tables, in the order
    // the migrator runs them (down: last first).
    const citusBranchOf = async (up: boolean) => {
      const files = (await migrationFiles()).filter((f) => f.migration >= '0030_' && f.up === up && f.text.includes("WHERE extname = 'citus'"));
      const ordered = up ? files : [...files].reverse();
      // 0030 whole (it makes and drops its helper); of a later one, only its Citus block.
      const branch = (f: MigrationFile) => (f.migration.startsWith('0030_') ? f.text : [...f.text.matchAll(/^DO \$\$[\s\S]*?^END \$\$;/gm)].map((m) => m[0]).filter((b) => b.includes("extname = 'citus'")).join('\n'));
      // plpgsql is in every database: the branch runs as if citus were.
      return ordered.map((f) => branch(f).replace("WHERE extname = 'citus'", "WHERE extname = 'plpgsql'")).join('\n');
    };
    try {
      await sql.raw(await citusBranchOf(false)).execute(db);
      const undone = await calls();
      expect(await foreignKeys()).toEqual(before);
      await sql.raw(await citusBranchOf(true)).execute(db);
      const placed = await calls();
      expect(await foreignKeys()).toEqual(before);

      const { rows } = await sql<{ name: string }>`
        SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname NOT LIKE 'kysely_migration%' AND relname <> 'citus_calls' ORDER BY 1`.execute(db);
      const expected = rows.map(({ name }) => {
        const placement = placementOf(name);
        return placement === 'distributed' ? `distributed ${name} by office_id with ${name === 'persons' ? 'none' : 'persons'}` : `${placement} ${name}`;
      });
      expect([...placed].sort()).toEqual([...expected].sort());
      // The co-location group's first table comes before the tables that join it.
      expect(placed.find((c) => c.startsWith('distributed'))).toBe('distributed persons by office_id with none');
      expect([...undone].sort()).toEqual(rows.map(({ name }) => `undistributed ${name}`).sort());
    } finally {
      await sql
        .raw(
          `DROP FUNCTION create_distributed_table, create_reference_table, citus_add_local_table_to_metadata, undistribute_table, citus_note;
          DROP TABLE citus_calls;`,
        )
        .execute(db);
    }
  });
});
