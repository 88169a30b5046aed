import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';

/** Helpers for the people module's API tests. */

/** Another office with one person, written with the owner's connection (as a second office's staff would have). */
export async function otherOffice(db: Kysely<DB>): Promise<{ officeId: string; personId: string; organisationId: string }> {
  const office = await db.insertInto('offices').values({ name: 'Elsewhere', member_name: 'Other MP', nation: 'scotland' }).returning('id').executeTakeFirstOrThrow();
  const person = await db
    .insertInto('persons')
    .values({ office_id: office.id, given_name: 'Other', family_name: 'Office', source: 'letter' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organisation = await db
    .insertInto('organisations')
    .values({ office_id: office.id, name: 'Other Trust', kind: 'charity', source: 'public_source' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { officeId: office.id, personId: person.id, organisationId: organisation.id };
}

/** The newest audit entries, newest first. */
export function latestAudit(db: Kysely<DB>, limit = 5) {
  return db.selectFrom('audit_log').select(['action', 'record_type', 'record_ids', 'actor_user_id']).orderBy('seq', 'desc').limit(limit).execute();
}
