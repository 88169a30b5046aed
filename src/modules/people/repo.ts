import type { OfficeTx } from '../../db/scope.js';
import type { Page } from '../../platform/http/paging.js';

const columns = ['id', 'given_name', 'family_name', 'email', 'postcode', 'source', 'collected_at'] as const;

export function findPerson(tx: OfficeTx, officeId: string, personId: string) {
  return tx.selectFrom('persons').select(columns).where('office_id', '=', officeId).where('id', '=', personId).executeTakeFirst();
}

export async function listPersons(tx: OfficeTx, officeId: string, page: Page) {
  const [rows, total] = await Promise.all([
    tx
      .selectFrom('persons')
      .select(columns)
      .where('office_id', '=', officeId)
      .orderBy('family_name')
      .orderBy('given_name')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    tx.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('office_id', '=', officeId).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
