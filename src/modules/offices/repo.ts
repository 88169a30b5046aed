import { type Kysely, sql, type Updateable } from 'kysely';
import type { DB, OfficesTable } from '../../db/schema.js';
import type { Nation, Role, TwoFactorRequirement } from '../../db/enums.js';
import type { OfficeTx } from '../../db/scope.js';

export function findOffice(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['id', 'name', 'member_name', 'nation', 'two_factor_requirement', 'caseworkers_see_all_cases', 'rights_target_days']).where('id', '=', officeId).executeTakeFirstOrThrow();
}

/** Undefined if there is no such office (the public contact form is addressed by any id). */
export function findNames(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(['name', 'member_name']).where('id', '=', officeId).executeTakeFirst();
}

const controllerColumns = ['member_name', 'controller_address', 'controller_email', 'data_protection_contact', 'ico_registration', 'security_measures'] as const;

/** The controller's details of the record of processing; undefined if there is no such office. */
export function findController(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('offices').select(controllerColumns).where('id', '=', officeId).executeTakeFirst();
}

export async function setController(
  tx: OfficeTx,
  officeId: string,
  values: Pick<Updateable<OfficesTable>, 'controller_address' | 'controller_email' | 'data_protection_contact' | 'ico_registration' | 'security_measures'>,
) {
  await tx.updateTable('offices').set(values).where('id', '=', officeId).execute();
}

export async function setTwoFactorRequirement(tx: OfficeTx, officeId: string, requirement: TwoFactorRequirement) {
  await tx.updateTable('offices').set({ two_factor_requirement: requirement }).where('id', '=', officeId).execute();
}

export async function setCaseworkersSeeAllCases(tx: OfficeTx, officeId: string, seeAll: boolean) {
  await tx.updateTable('offices').set({ caseworkers_see_all_cases: seeAll }).where('id', '=', officeId).execute();
}

export async function setRightsClock(tx: OfficeTx, officeId: string, clock: { nation?: Nation | undefined; rights_target_days?: number | undefined }) {
  await tx.updateTable('offices').set(clock).where('id', '=', officeId).execute();
}

export async function caseworkersSeeAllCases(tx: OfficeTx, officeId: string): Promise<boolean> {
  const row = await tx.selectFrom('offices').select('caseworkers_see_all_cases').where('id', '=', officeId).executeTakeFirstOrThrow();
  return row.caseworkers_see_all_cases;
}

export function listStaff(tx: OfficeTx, officeId: string) {
  return tx.selectFrom('users').select(['id', 'display_name', 'role']).where('office_id', '=', officeId).where('disabled_at', 'is', null).orderBy('display_name').execute();
}

/**
 * The deployment's office when it has exactly one (then the public pages need no office in their
 * address), read before any office is known: through a function owned by the tables' owner
 * (migration 0012), as the request role reads no office.
 */
export async function soleOfficeId(db: Kysely<DB>): Promise<string | undefined> {
  const { rows } = await sql<{ id: string | null }>`SELECT postbag_sole_office() AS id`.execute(db);
  return rows[0]?.id ?? undefined;
}

/** Every office's id; for start-up steps that run across offices as the owner. */
export async function officeIds(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('offices').select('id').orderBy('id').execute()).map((r) => r.id);
}

export async function insertInvite(
  tx: OfficeTx,
  officeId: string,
  invite: { id: string; email: string; role: Role; tokenHash: Buffer; expiresAt: Date; invitedBy: string; messageId: string },
) {
  await tx
    .insertInto('staff_invites')
    .values({
      office_id: officeId,
      id: invite.id,
      email: invite.email,
      role: invite.role,
      token_hash: invite.tokenHash,
      expires_at: invite.expiresAt,
      invited_by: invite.invitedBy,
      message_id: invite.messageId,
    })
    .execute();
}

/** The invitations to this address not yet accepted nor replaced (at most one, but read as many), locked while a newer one replaces them. */
export function openInvitesTo(tx: OfficeTx, officeId: string, email: string) {
  return tx
    .selectFrom('staff_invites')
    .select(['id', 'message_id'])
    .where('office_id', '=', officeId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('replaced_by', 'is', null)
    .forUpdate()
    .execute();
}

export async function markInvitesReplaced(tx: OfficeTx, officeId: string, inviteIds: readonly string[], newInviteId: string) {
  if (inviteIds.length === 0) return;
  await tx.updateTable('staff_invites').set({ replaced_by: newInviteId }).where('office_id', '=', officeId).where('id', 'in', inviteIds).execute();
}

/** Invitations not yet accepted, replaced nor expired, newest first, with the name of who sent each. */
export function pendingInvites(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('staff_invites')
    .innerJoin('users', (j) => j.onRef('users.office_id', '=', 'staff_invites.office_id').onRef('users.id', '=', 'staff_invites.invited_by'))
    .select(['staff_invites.id', 'staff_invites.email', 'staff_invites.role', 'staff_invites.expires_at', 'staff_invites.message_id', 'users.display_name as invited_by'])
    .where('staff_invites.office_id', '=', officeId)
    .where('staff_invites.accepted_at', 'is', null)
    .where('staff_invites.replaced_by', 'is', null)
    .where('staff_invites.expires_at', '>', new Date())
    .orderBy('staff_invites.created_at', 'desc')
    .execute();
}

/** The office an invitation link belongs to, asked before anyone is signed in (migration 0021). */
export async function officeOfInvite(db: Kysely<DB>, tokenHash: Buffer): Promise<string | null> {
  const { rows } = await sql<{ office_id: string | null }>`SELECT postbag_office_of_invite(${tokenHash}) AS office_id`.execute(db);
  return rows[0]?.office_id ?? null;
}

/** An invitation by its token, locked when it is being accepted, so a link used twice at once makes one account. */
export function findInvite(tx: OfficeTx, officeId: string, tokenHash: Buffer, lock: boolean) {
  const query = tx
    .selectFrom('staff_invites')
    .innerJoin('offices', 'offices.id', 'staff_invites.office_id')
    .select(['staff_invites.id', 'staff_invites.email', 'staff_invites.role', 'staff_invites.expires_at', 'staff_invites.accepted_at', 'staff_invites.replaced_by', 'offices.name as office_name'])
    .where('staff_invites.office_id', '=', officeId)
    .where('staff_invites.token_hash', '=', tokenHash);
  return (lock ? query.forUpdate('staff_invites') : query).executeTakeFirst();
}

export async function markInviteAccepted(tx: OfficeTx, officeId: string, inviteId: string) {
  await tx.updateTable('staff_invites').set({ accepted_at: new Date() }).where('office_id', '=', officeId).where('id', '=', inviteId).execute();
}
