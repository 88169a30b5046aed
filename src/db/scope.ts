import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * A transaction opened for one office. Inside it the session runs as `postbag_app` with
 * `app.office_id` set, so row level security hides every other office's rows even from a
 * query that forgets its where clause (DESIGN.md, invariant 1).
 */
export type OfficeTx = Transaction<DB> & { readonly __officeScoped: true };

export function withOffice<T>(db: Kysely<DB>, officeId: string, work: (tx: OfficeTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('role', 'postbag_app', true), set_config('app.office_id', ${officeId}, true)`.execute(tx);
    return work(tx as OfficeTx);
  });
}
