import type { CopyTransaction, Database } from './database.js';

/**
 * Loading many rows into empty tables as pg_restore does: their secondary indexes and foreign
 * keys are dropped, the rows copied, then each index is built by one sort and each foreign key
 * checked by one query, instead of both being maintained row by row (on PostgreSQL at 100,000
 * people, half the server's work). Everything happens in the caller's transaction, which holds
 * the tables locked throughout: others see them as they were or loaded with every index and
 * constraint back, and a failure rolls all of it back. Tables that already hold rows are left
 * as they are (rebuilding their indexes would cost more than it saves).
 *
 * Returns what to call once the rows are in: it restores what was dropped.
 */
export async function deferIndexesWhileEmpty(tx: CopyTransaction, kind: Database<unknown>['kind'], tables: readonly string[]): Promise<() => Promise<void>> {
  await tx.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  for (const table of tables) {
    if ((await tx.query(`SELECT 1 FROM ${table} LIMIT 1`)).length > 0) return async () => {};
  }
  // Indexes that back a constraint (primary keys, a key a foreign key references) stay.
  const indexes = await tx.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  const foreignKeys = await tx.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype = 'f'`,
    [tables],
  );
  for (const index of indexes) await tx.query(`DROP INDEX ${index.name}`);
  for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  return async () => {
    // A server sorts a million rows' index in memory rather than in temporary files; PGlite would
    // keep that memory in its heap for good (database.ts).
    if (kind === 'postgres') await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const index of indexes) await tx.query(index.definition);
    for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  };
}
