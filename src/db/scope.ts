import { type Kysely, sql } from 'kysely';
import { isUuid } from './ids.js';
import { isStalePlan } from './prepared.js';
import type { DB } from './schema.js';

/**
 * A transaction opened for one office. Inside it the session runs as `postbag_app` with
 * `app.office_id` set, so row level security hides every other office's rows even from a
 * query that forgets its where clause (DESIGN.md, invariant 1). On PostgreSQL requests connect
 * as `postbag_request`, so a RESET ROLE returns to a role the policies bind as well; the role is
 * set all the same for the connections that need it: PGlite's one user, and the owner's
 * connection on which the job runner runs each handler.
 */
export type OfficeTx = Kysely<DB> & { readonly __officeScoped: true };

export interface OfficeTxOptions {
  /**
   * Run the transaction's prepared statements on their generic plan from the first time, never
   * planned again. For a list page whose plan does not turn on its values (the office, a status,
   * an owner): PostgreSQL's own choice costs it a fresh plan on every request, which took as long
   * as running it (0.6 ms against 0.9 ms for the case list), where the generic plan ran as fast.
   */
  genericPlans?: boolean;
}

/**
 * BEGIN and the scope go to the server as one simple-protocol message, which is why the office id
 * is checked and written into the SQL rather than bound: every request pays one round trip less.
 *
 * JIT compilation is off in every office transaction. The server compiles a statement whose cost
 * passes `jit_above_cost`, and a generic plan is costed without its LIMIT: at 1,000,000 persons and
 * 300,000 cases the case list's first page compiled for 2,272 ms and ran in 2 ms, the dashboard's
 * counts compiled for 800 ms and ran in 150. A request's statements are short; none gains from it.
 */
export async function withOffice<T>(db: Kysely<DB>, officeId: string, work: (tx: OfficeTx) => Promise<T>, options: OfficeTxOptions = {}): Promise<T> {
  if (!isUuid(officeId)) throw new Error(`withOffice needs an office id (a UUID), not ${JSON.stringify(officeId)}`);
  try {
    return await inOffice(db, officeId, work, options);
  } catch (error) {
    // A statement prepared before a migration changed its table: the transaction was rolled back
    // and the statement dropped, so running the whole of it once more is safe (db/prepared.ts).
    if (!isStalePlan(error)) throw error;
    return inOffice(db, officeId, work, options);
  }
}

function inOffice<T>(db: Kysely<DB>, officeId: string, work: (tx: OfficeTx) => Promise<T>, options: OfficeTxOptions): Promise<T> {
  const plans = options.genericPlans ? `, set_config('plan_cache_mode', 'force_generic_plan', true)` : '';
  return db.connection().execute(async (connection) => {
    let result: T;
    try {
      await sql
        .raw(`BEGIN; SELECT set_config('role', 'postbag_app', true), set_config('app.office_id', '${officeId}', true), set_config('jit', 'off', true)${plans}`)
        .execute(connection);
      result = await work(connection as OfficeTx);
    } catch (error) {
      // Also when the scope itself failed after BEGIN: the connection goes back to the pool clean.
      await sql`ROLLBACK`.execute(connection);
      throw error;
    }
    await sql`COMMIT`.execute(connection);
    return result;
  });
}
