import { readdir, readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely/migration';

/** Migrations are plain SQL files, `NNNN_name.up.sql` with a matching `NNNN_name.down.sql`. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: URL) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => f.endsWith('.up.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = file.slice(0, -'.up.sql'.length);
      migrations[name] = {
        up: async (db) => this.run(db, `${name}.up.sql`),
        down: async (db) => this.run(db, `${name}.down.sql`),
      };
    }
    return migrations;
  }

  private async run(db: Kysely<unknown>, file: string): Promise<void> {
    await sql.raw(await readFile(new URL(file, this.folder), 'utf8')).execute(db);
  }
}

export const migrationsFolder = new URL('./migrations/', import.meta.url);

function migrator(db: Kysely<unknown>, folder: URL): Migrator {
  return new Migrator({ db, provider: new SqlFileMigrationProvider(folder) });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((result.error as Error).message ?? result.error)}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Brings the schema up to date; returns what it did, one line a migration. */
export async function migrateToLatest<S>(db: Kysely<S>, folder: URL = migrationsFolder): Promise<string[]> {
  return unwrap(await migrator(db as Kysely<unknown>, folder).migrateToLatest());
}

export async function migrateDown<S>(db: Kysely<S>, folder: URL = migrationsFolder): Promise<string[]> {
  return unwrap(await migrator(db as Kysely<unknown>, folder).migrateDown());
}

/**
 * Reverts `name` and every migration after it, newest first: a test of one migration's down step
 * that stays true as later migrations are added.
 */
export async function migrateBelow<S>(db: Kysely<S>, name: string, folder: URL = migrationsFolder): Promise<string[]> {
  const names = (await listMigrations(db, folder)).map((m) => m.name);
  const at = names.indexOf(name);
  if (at < 0) throw new Error(`No migration is called ${name}`);
  return unwrap(await migrator(db as Kysely<unknown>, folder).migrateTo(names[at - 1] ?? NO_MIGRATIONS));
}

/** Every migration the folder holds, oldest first, and whether the database has it. */
export async function listMigrations<S>(db: Kysely<S>, folder: URL = migrationsFolder): Promise<{ name: string; applied: boolean }[]> {
  const infos = await migrator(db as Kysely<unknown>, folder).getMigrations();
  return infos.map((m) => ({ name: m.name, applied: m.executedAt !== undefined }));
}
