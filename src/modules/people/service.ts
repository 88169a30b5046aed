import type { Kysely } from 'kysely';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { notFound } from '../../platform/errors/errors.js';
import type { Page } from '../../platform/http/paging.js';
import * as repo from './repo.js';
import type { PersonView } from './schemas.js';

type PersonRow = NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>;

const toView = (p: PersonRow): PersonView => ({
  id: p.id,
  givenName: p.given_name,
  familyName: p.family_name,
  email: p.email,
  postcode: p.postcode,
  source: p.source,
  collectedAt: p.collected_at,
});

export async function getPerson(db: Kysely<DB>, user: SignedInUser, personId: string): Promise<PersonView> {
  const person = await withOffice(db, user.officeId, (tx) => repo.findPerson(tx, user.officeId, personId));
  if (!person) throw notFound('person');
  return toView(person);
}

export async function listPeople(db: Kysely<DB>, user: SignedInUser, page: Page) {
  const { rows, total } = await withOffice(db, user.officeId, (tx) => repo.listPersons(tx, user.officeId, page));
  return { people: rows.map(toView), total };
}
