import { sql } from 'kysely';
import type { OfficeTx } from '../../../db/scope.js';

/** The office's constituency postcodes, and what the public contact page shows of the office. */

export async function replacePostcodes(tx: OfficeTx, officeId: string, postcodes: readonly string[]): Promise<void> {
  await tx.deleteFrom('constituency_postcodes').where('office_id', '=', officeId).execute();
  const CHUNK = 5_000;
  for (let i = 0; i < postcodes.length; i += CHUNK) {
    await tx
      .insertInto('constituency_postcodes')
      .values(postcodes.slice(i, i + CHUNK).map((postcode) => ({ office_id: officeId, postcode })))
      .execute();
  }
}

export async function countPostcodes(tx: OfficeTx, officeId: string): Promise<number> {
  const row = await tx.selectFrom('constituency_postcodes').select((eb) => eb.fn.countAll<string>().as('n')).where('office_id', '=', officeId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the office has loaded its postcodes at all, and whether this one is among them. */
export async function postcodeStanding(tx: OfficeTx, officeId: string, postcode: string): Promise<{ loaded: boolean; listed: boolean }> {
  const { rows } = await sql<{ loaded: boolean; listed: boolean }>`
    select exists (select 1 from constituency_postcodes where office_id = ${officeId}) as loaded,
           exists (select 1 from constituency_postcodes where office_id = ${officeId} and postcode = ${postcode}) as listed`.execute(tx);
  return rows[0]!;
}

/** The office as the public page names it, with its privacy notice and from address. */
export interface PublicOffice {
  id: string;
  name: string;
  member_name: string;
  privacy_notice_url: string | null;
  from_address: string | null;
}
