import type { Kysely } from 'kysely';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { notFound } from '../../platform/errors/errors.js';
import type { Page } from '../../platform/http/paging.js';
import * as repo from './repo.js';
import type { CaseView } from './schemas.js';

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCase>>>;

const toView = (c: CaseRow): CaseView => ({
  id: c.id,
  reference: c.reference,
  personId: c.person_id,
  summary: c.summary,
  status: c.status,
  ownerName: c.owner_name,
  sensitive: c.sensitive,
  openedAt: c.opened_at,
});

/** A case the user may not see answers exactly as one that does not exist. */
export async function getCase(db: Kysely<DB>, user: SignedInUser, caseId: string): Promise<CaseView> {
  const found = await withOffice(db, user.officeId, (tx) => repo.findCase(tx, user.officeId, user, caseId));
  if (!found) throw notFound('case');
  return toView(found);
}

export async function listCases(db: Kysely<DB>, user: SignedInUser, page: Page) {
  const { rows, total } = await withOffice(db, user.officeId, (tx) => repo.listCases(tx, user.officeId, user, page));
  return { cases: rows.map(toView), total };
}
