import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../config.js';
import type { DB } from './schema.js';

/**
 * What start-up checks about the server's databases once connected, where URLs cannot tell
 * (`localhost` and `127.0.0.1` are one server; a user name says nothing of its rights).
 */

/** One database on one server: the cluster's system identifier and the database's name. */
export interface DatabaseIdentity {
  system: string;
  database: string;
}

const identityQuery = 'SELECT system_identifier::text AS system, current_database() AS database FROM pg_control_system()';

export async function identityOf(db: Kysely<DB>): Promise<DatabaseIdentity> {
  const { rows } = await sql.raw<DatabaseIdentity>(identityQuery).execute(db);
  return rows[0]!;
}

const sameDatabase = (a: DatabaseIdentity, b: DatabaseIdentity) => a.system === b.system && a.database === b.database;
const named = (i: DatabaseIdentity) => `database "${i.database}" on server ${i.system}`;

/**
 * Refuses a key store URL that reaches the main database, before anything is written there:
 * destroying a data key must leave the main database's backups unreadable (DESIGN.md, invariant 3).
 */
export async function checkKeystoreIsSeparate(main: DatabaseIdentity, keystoreUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: keystoreUrl });
  await client.connect();
  let keystore: DatabaseIdentity;
  try {
    keystore = (await client.query<DatabaseIdentity>(identityQuery)).rows[0]!;
  } finally {
    await client.end();
  }
  if (sameDatabase(main, keystore)) {
    throw new ConfigError([
      `POSTBAG_KEYSTORE_URL reaches the same ${named(main)} as DATABASE_URL: the key store must be a database of its own, so that destroying a data key makes backups of the main database unreadable`,
    ]);
  }
}

/** The owner runs migrations, operator commands and the job runner's claims, all across offices. */
export async function checkOwnerRole(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ name: string; bypasses: boolean }>`
    SELECT rolname AS name, rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user`.execute(db);
  const owner = rows[0]!;
  if (!owner.bypasses) {
    throw new ConfigError([
      `DATABASE_URL connects as "${owner.name}", which neither is a superuser nor has BYPASSRLS: every office table forces row level security, so the owner would see no rows (ALTER ROLE ${owner.name} BYPASSRLS, as a superuser)`,
    ]);
  }
}

/**
 * The request role, and every role it could SET ROLE to, must own nothing and bypass nothing
 * (DESIGN.md, invariant 1): otherwise `RESET ROLE` or `SET ROLE` inside a request reads every
 * office. It must also reach the main database and hold postbag_app's rights.
 */
export async function checkRequestRole(requests: Kysely<DB>, main: DatabaseIdentity): Promise<void> {
  const problems: string[] = [];
  if (!sameDatabase(await identityOf(requests), main)) {
    problems.push('POSTBAG_REQUEST_DATABASE_URL must reach the same database as DATABASE_URL (as another role)');
  }
  const { rows } = await sql<{ name: string; superuser: boolean; bypasses: boolean; owns: boolean; me: boolean; inherits: boolean }>`
    SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypasses, r.rolname = current_user AS me,
      pg_has_role(current_user, r.oid, 'USAGE') AS inherits,
      EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid) AS owns
    FROM pg_roles r WHERE pg_has_role(current_user, r.oid, 'MEMBER') ORDER BY r.rolname`.execute(requests);
  const me = rows.find((r) => r.me)!;
  const faults = (role: (typeof rows)[number]) =>
    [role.superuser && 'is a superuser', role.bypasses && 'has BYPASSRLS', role.owns && 'owns tables'].filter(Boolean).join(' and ');
  const why = 'requests must connect as a login role that owns no table and is bound by row level security (README, "Running it")';
  if (faults(me)) {
    // A superuser is a member of every role: naming the others would add nothing.
    problems.push(`POSTBAG_REQUEST_DATABASE_URL connects as "${me.name}", which ${faults(me)}: ${why}`);
  } else {
    for (const role of rows.filter((r) => faults(r))) {
      problems.push(`POSTBAG_REQUEST_DATABASE_URL connects as "${me.name}", which can SET ROLE "${role.name}", which ${faults(role)}: ${why}`);
    }
  }
  if (!rows.some((r) => r.name === 'postbag_app' && r.inherits)) {
    problems.push(`POSTBAG_REQUEST_DATABASE_URL connects as "${me.name}", which does not inherit postbag_app's rights (GRANT postbag_app TO ${me.name}, and INHERIT)`);
  }
  if (problems.length) throw new ConfigError(problems);
}
