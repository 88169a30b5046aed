import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';

/**
 * Every row of every table, as JSON in a stable order: equal before and after means a refused
 * request changed nothing, not merely that it added no rows. `sessions` is left out because every
 * request, refused or not, renews the session it came with.
 */
export async function tableContents(db: Kysely<DB>): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'sessions'
    ORDER BY table_name`.execute(db);
  const contents: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    contents[name] = rows.rows.map((row) => JSON.stringify(row)).sort();
  }
  return contents;
}
