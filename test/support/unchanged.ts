import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.js';

/**
 * "Changes nothing", checked by contents: every table of the public schema (read from the
 * catalogue, so a new table is covered without anyone listing it; the audit log included) as its
 * row count and an MD5 of its rows, each row as JSON, in a fixed order. A refused request that
 * wrote one column of one row changes its table's hash.
 *
 * Left out, and only these: columns that any request may touch whatever it asks for.
 * - sessions.last_seen_at: every signed-in request marks its session seen (idle time-out).
 * And in the key store, rows only added: a key is made when a value is first sealed, in the key
 * store's own database, before the main transaction commits, so a refused request may leave a key
 * that seals nothing. A key changed or destroyed is a change.
 */
export const TOUCHED_BY_ANY_REQUEST: Readonly<Record<string, readonly string[]>> = {
  sessions: ['last_seen_at'],
};

/** Table name ("keystore." before the key store's tables) to its row count and the hash of its rows. */
export type TableContents = Readonly<Record<string, { rows: number; md5: string; rowHashes?: readonly string[] }>>;

/** What holds the databases: a TestApp, or a main database and (if the test has it) a key store. */
export type Databases<S = unknown> = { database: Pick<Database<S>, 'db'>; keystore?: object } | { main: Kysely<S>; keystore?: Kysely<unknown> };

export async function tableContents<S>(from: Databases<S>): Promise<TableContents> {
  const { main, keystore } = handles(from);
  const contents = await hashTables(main, '', false);
  return keystore ? { ...contents, ...(await hashTables(keystore, 'keystore.', true)) } : contents;
}

/** Fails naming each table whose contents differ from `before` (and how its row count moved). */
export async function expectUnchanged<S>(from: Databases<S>, before: TableContents): Promise<void> {
  expect(changedTables(before, await tableContents(from)), 'tables whose contents changed').toEqual([]);
}

export function changedTables(before: TableContents, after: TableContents): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const show = (c: TableContents[string] | undefined) => (c ? `${c.rows} rows, md5 ${c.md5}` : '(no table)');
  const changed = (was: TableContents[string] | undefined, now: TableContents[string] | undefined) => {
    if (!was?.rowHashes || !now?.rowHashes) return was?.md5 !== now?.md5;
    const kept = new Set(now.rowHashes);
    return was.rowHashes.some((row) => !kept.has(row));
  };
  return names.filter((name) => changed(before[name], after[name])).map((name) => `${name}: ${show(before[name])} -> ${show(after[name])}`);
}

async function hashTables(db: Kysely<unknown>, prefix: string, byRow: boolean): Promise<Record<string, TableContents[string]>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY 1`.execute(db);
  const contents: Record<string, TableContents[string]> = {};
  for (const { name } of tables) {
    const left = TOUCHED_BY_ANY_REQUEST[name] ?? [];
    // jsonb prints its keys in one fixed order, and "C" ordering does not depend on the locale.
    const { rows } = await sql<{ n: string; hash: string; row_hashes: string[] | null }>`
      SELECT count(*) AS n, md5(coalesce(string_agg(x, e'\n' ORDER BY x COLLATE "C"), '')) AS hash,
             CASE WHEN ${byRow} THEN array_agg(md5(x) ORDER BY x COLLATE "C") END AS row_hashes
        FROM (SELECT (to_jsonb(r) - ${sql.val(left)}::text[])::text AS x FROM ${sql.table(name)} r) rows`.execute(db);
    const { n, hash, row_hashes } = rows[0]!;
    contents[`${prefix}${name}`] = { rows: Number(n), md5: hash, ...(byRow ? { rowHashes: row_hashes ?? [] } : {}) };
  }
  return contents;
}

function handles<S>(from: Databases<S>): { main: Kysely<unknown>; keystore: Kysely<unknown> | undefined } {
  if ('main' in from) return { main: from.main as Kysely<unknown>, keystore: from.keystore };
  return { main: from.database.db as Kysely<unknown>, keystore: from.keystore === undefined ? undefined : keystoreOf(from.keystore) };
}

/**
 * The KeyStore keeps its database private (nothing in the app should read key rows past it); the
 * check of "nothing changed" is the one reader that must, so it looks inside and says so loudly if
 * the field has moved.
 */
function keystoreOf(keystore: object): Kysely<unknown> {
  const inner = (keystore as { database?: { db?: Kysely<unknown> } }).database?.db;
  if (!inner) throw new Error('test/support/unchanged.ts: the KeyStore no longer keeps its database in `database`; update keystoreOf.');
  return inner;
}
