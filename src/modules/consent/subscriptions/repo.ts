import type { Insertable, Selectable } from 'kysely';
import type { OfficeTx } from '../../../db/scope.js';
import type { SubscriptionSignupsTable } from '../../../db/schema.js';

/** Sign-ups on the public /subscribe page, waiting for their link or confirmed (migration 0035). */

export type SignupRow = Selectable<SubscriptionSignupsTable>;

export async function insertSignup(tx: OfficeTx, row: Insertable<SubscriptionSignupsTable>): Promise<void> {
  await tx.insertInto('subscription_signups').values(row).execute();
}

/** The sign-up a link's token names, locked so that a link followed twice at once is confirmed once. */
export function lockSignupByToken(tx: OfficeTx, officeId: string, tokenHash: string): Promise<SignupRow | undefined> {
  return tx.selectFrom('subscription_signups').selectAll().where('office_id', '=', officeId).where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst();
}

export function findSignupByToken(tx: OfficeTx, officeId: string, tokenHash: string): Promise<SignupRow | undefined> {
  return tx.selectFrom('subscription_signups').selectAll().where('office_id', '=', officeId).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function markConfirmed(tx: OfficeTx, officeId: string, signupId: string, personId: string, at: Date): Promise<void> {
  await tx.updateTable('subscription_signups').set({ confirmed_at: at, person_id: personId }).where('office_id', '=', officeId).where('id', '=', signupId).execute();
}

/**
 * Sign-ups never confirmed, a while after their link expired: they are no consent and never will
 * be, so they are not kept (their confirmation e-mails stay, as every message does, for now).
 */
export async function deleteLapsed(tx: OfficeTx, officeId: string, before: Date): Promise<void> {
  await tx.deleteFrom('subscription_signups').where('office_id', '=', officeId).where('confirmed_at', 'is', null).where('expires_at', '<', before).execute();
}

/** A person's confirmed sign-ups, newest first: how they subscribed. */
export function signupsOfPerson(tx: OfficeTx, officeId: string, personId: string): Promise<SignupRow[]> {
  return tx.selectFrom('subscription_signups').selectAll().where('office_id', '=', officeId).where('person_id', '=', personId).orderBy('confirmed_at', 'desc').execute();
}

/** The merge move (platform/person-data): a duplicate's sign-ups become the kept person's. */
export async function moveSignups(tx: OfficeTx, officeId: string, keep: string, merge: string): Promise<number> {
  const moved = await tx.updateTable('subscription_signups').set({ person_id: keep }).where('office_id', '=', officeId).where('person_id', '=', merge).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}
