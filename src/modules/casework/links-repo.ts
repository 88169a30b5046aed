import { type Insertable, sql } from 'kysely';
import type { CaseSharingConsentsTable } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/** What a case links to (constituents, topics, agencies, users it is shared with), replaced as a whole. */

type Linked = 'persons' | 'topics' | 'organisations' | 'users';

/** Those of `ids` that exist in the office (topics: not retired; users: not disabled). */
export async function existing(tx: OfficeTx, officeId: string, table: Linked, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = tx.selectFrom(table).select('id').where('office_id', '=', officeId).where('id', 'in', ids);
  if (table === 'topics') query = query.where('retired_at', 'is', null);
  if (table === 'users') query = query.where('disabled_at', 'is', null);
  const rows = await query.execute();
  return new Set(rows.map((r) => r.id));
}

/** A user of the office, current or deactivated (undefined: no such user). */
export function findUser(tx: OfficeTx, officeId: string, userId: string) {
  return tx.selectFrom('users').select(['id', 'role', 'disabled_at']).where('office_id', '=', officeId).where('id', '=', userId).executeTakeFirst();
}

export async function setConstituents(tx: OfficeTx, officeId: string, caseId: string, personIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('case_constituents').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  await tx.insertInto('case_constituents').values(personIds.map((person_id) => ({ office_id: officeId, case_id: caseId, person_id }))).execute();
}

export async function constituentIds(tx: OfficeTx, officeId: string, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('case_constituents').select('person_id').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  return rows.map((r) => r.person_id);
}

export async function constituentsOfCases(tx: OfficeTx, officeId: string, caseIds: readonly string[]): Promise<{ case_id: string; person_id: string }[]> {
  if (caseIds.length === 0) return [];
  return tx.selectFrom('case_constituents').select(['case_id', 'person_id']).where('office_id', '=', officeId).where('case_id', 'in', caseIds).execute();
}

export async function setTopics(tx: OfficeTx, officeId: string, caseId: string, topicIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('case_topics').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  if (topicIds.length) await tx.insertInto('case_topics').values(topicIds.map((topic_id) => ({ office_id: officeId, case_id: caseId, topic_id }))).execute();
}

export async function setAgencies(
  tx: OfficeTx,
  officeId: string,
  caseId: string,
  agencies: readonly { organisationId: string; agencyReference?: string | undefined }[],
): Promise<void> {
  await tx.deleteFrom('case_agencies').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  if (agencies.length) {
    await tx
      .insertInto('case_agencies')
      .values(agencies.map((a) => ({ office_id: officeId, case_id: caseId, organisation_id: a.organisationId, agency_reference: a.agencyReference ?? null })))
      .execute();
  }
}

export async function setSharedWith(tx: OfficeTx, officeId: string, caseId: string, userIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('case_access').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  if (userIds.length) await tx.insertInto('case_access').values(userIds.map((user_id) => ({ office_id: officeId, case_id: caseId, user_id }))).execute();
}

export async function sharedWith(tx: OfficeTx, officeId: string, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('case_access').select('user_id').where('office_id', '=', officeId).where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id);
}

const onCase = { agency: ['case_agencies', 'organisation_id'], constituent: ['case_constituents', 'person_id'] } as const;

/** Whether an organisation is an agency on the case, or a person a constituent on it. */
export async function isOnCase(tx: OfficeTx, officeId: string, caseId: string, what: keyof typeof onCase, id: string): Promise<boolean> {
  const [table, column] = onCase[what];
  const row = await tx
    .selectFrom(table)
    .select('case_id')
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .where(sql.ref(column), '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSharingConsent(tx: OfficeTx, values: Insertable<CaseSharingConsentsTable>): Promise<string> {
  const row = await tx.insertInto('case_sharing_consents').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
