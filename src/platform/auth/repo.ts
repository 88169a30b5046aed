import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { Role } from '../../db/enums.js';

/**
 * Sign-in and session look-ups happen before the office is known. The request role may not read
 * across offices, so a narrow function owned by the tables' owner (migration 0012) names the
 * office, and the read itself runs scoped to it; every write goes through withOffice too,
 * except to `sign_in_failures`, which belongs to no office (an unknown address has none).
 */
async function officeOf(db: Kysely<DB>, lookUp: RawBuilder<unknown>): Promise<string | null> {
  const { rows } = await sql<{ office_id: string | null }>`SELECT ${lookUp} AS office_id`.execute(db);
  return rows[0]?.office_id ?? null;
}

export async function findUserForSignIn(db: Kysely<DB>, email: string) {
  const officeId = await officeOf(db, sql`postbag_office_of_sign_in(${email})`);
  if (!officeId) return undefined;
  return withOffice(db, officeId, (tx) => tx
    .selectFrom('users')
    .innerJoin('offices', 'offices.id', 'users.office_id')
    .select([
      'users.office_id',
      'users.id',
      'users.email',
      'users.role',
      'users.password_hash',
      'users.totp_secret_sealed',
      'users.totp_enabled_at',
      'users.totp_last_step',
      'users.disabled_at',
    ])
    .where('users.email', '=', email)
    .executeTakeFirst());
}

export async function findSessionByTokenHash(db: Kysely<DB>, tokenHash: Buffer) {
  const officeId = await officeOf(db, sql`postbag_office_of_session(${tokenHash})`);
  if (!officeId) return undefined;
  return withOffice(db, officeId, (tx) => tx
    .selectFrom('sessions')
    .innerJoin('users', (j) => j.onRef('users.office_id', '=', 'sessions.office_id').onRef('users.id', '=', 'sessions.user_id'))
    .innerJoin('offices', 'offices.id', 'sessions.office_id')
    .select([
      'sessions.office_id',
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.ended_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.disabled_at',
      'users.totp_enabled_at',
      'offices.name as office_name',
      'offices.member_name',
      'offices.two_factor_requirement',
    ])
    // Named although the policy implies it: a cluster sharded by office routes on this condition.
    .where('sessions.office_id', '=', officeId)
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst());
}

/** Until when sign-in is refused for this (e-mail address tried, client address), if it is. */
export async function findSignInLock(db: Kysely<DB>, key: Buffer): Promise<Date | null> {
  const row = await db.selectFrom('sign_in_failures').select('locked_until').where('key', '=', key).where('locked_until', '>', sql<Date>`now()`).executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * Counts a failure for the key, locking it at `maxFailures`. A count whose last failure is older
 * than a lock, or whose lock has run out, starts again, so an old mistake does not re-lock. Rows
 * long quiet are dropped here too: the table stays as small as recent failures.
 */
export async function recordSignInFailure(db: Kysely<DB>, key: Buffer, maxFailures: number, lockMinutes: number) {
  const lock = sql`make_interval(mins => ${lockMinutes})`;
  await db.deleteFrom('sign_in_failures').where('last_failed_at', '<', sql<Date>`now() - 2 * ${lock}`).execute();
  return db
    .insertInto('sign_in_failures')
    .values({ key, failures: 1, locked_until: maxFailures <= 1 ? sql<Date>`now() + ${lock}` : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet(() => {
        const failures = sql<number>`CASE WHEN sign_in_failures.locked_until <= now() OR sign_in_failures.last_failed_at < now() - ${lock}
          THEN 1 ELSE sign_in_failures.failures + 1 END`;
        return { failures, locked_until: sql<Date | null>`CASE WHEN ${failures} >= ${maxFailures} THEN now() + ${lock} END`, last_failed_at: sql<Date>`now()` };
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearSignInFailures(db: Kysely<DB>, key: Buffer) {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}

export async function insertSession(
  tx: OfficeTx,
  officeId: string,
  s: { userId: string; tokenHash: Buffer; csrfToken: string; ip: string | null; userAgent: string | null; expiresAt: Date },
) {
  return tx
    .insertInto('sessions')
    .values({
      office_id: officeId,
      user_id: s.userId,
      token_hash: s.tokenHash,
      csrf_token: s.csrfToken,
      ip: s.ip,
      user_agent: s.userAgent,
      expires_at: s.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function touchSession(tx: OfficeTx, officeId: string, sessionId: string) {
  await tx.updateTable('sessions').set({ last_seen_at: new Date() }).where('office_id', '=', officeId).where('id', '=', sessionId).execute();
}

export async function endSession(tx: OfficeTx, officeId: string, sessionId: string) {
  await tx
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('office_id', '=', officeId)
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

/** A new secret awaiting confirmation; never replaces one already in use. */
export async function setPendingTotpSecret(tx: OfficeTx, officeId: string, userId: string, sealed: string): Promise<boolean> {
  const result = await tx
    .updateTable('users')
    .set({ totp_secret_sealed: sealed })
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function enableTotp(tx: OfficeTx, officeId: string, userId: string) {
  await tx.updateTable('users').set({ totp_enabled_at: new Date() }).where('office_id', '=', officeId).where('id', '=', userId).execute();
}

/**
 * Records the time step of an accepted code, only if it is newer than the last one: a code seen
 * once (over a shoulder, in a proxy log) cannot be used again. False when it was already used.
 */
export async function useTotpStep(tx: OfficeTx, officeId: string, userId: string, step: number): Promise<boolean> {
  const result = await tx
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findTotpSecret(tx: OfficeTx, officeId: string, userId: string) {
  return tx
    .selectFrom('users')
    .select(['totp_secret_sealed', 'totp_enabled_at', 'email'])
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Turns two-factor sign-in off for a user (a manager's reset); false when there is no such user. */
export async function clearTwoFactor(tx: OfficeTx, officeId: string, userId: string): Promise<boolean> {
  const result = await tx
    .updateTable('users')
    .set({ totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null })
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  await tx.deleteFrom('recovery_codes').where('office_id', '=', officeId).where('user_id', '=', userId).execute();
  return result.numUpdatedRows > 0n;
}

/** Ends every live session of a user; answers their token hashes, to drop them from the cache. */
export async function endSessionsOfUser(tx: OfficeTx, officeId: string, userId: string): Promise<Buffer[]> {
  const rows = await tx
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('office_id', '=', officeId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .returning('token_hash')
    .execute();
  return rows.map((r) => r.token_hash);
}

/** Replaces all of a user's recovery codes (old ones, used or not, stop working). */
export async function replaceRecoveryCodes(tx: OfficeTx, officeId: string, userId: string, hashes: Buffer[]) {
  await tx.deleteFrom('recovery_codes').where('office_id', '=', officeId).where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ office_id: officeId, user_id: userId, code_hash })))
    .execute();
}

/** Uses up one recovery code; false when it is not one of the user's or was used already. */
export async function useRecoveryCode(tx: OfficeTx, officeId: string, userId: string, hash: Buffer): Promise<boolean> {
  const result = await tx
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('office_id', '=', officeId)
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A member of staff, active or not, locked for a change to their account. */
export function findStaffForUpdate(tx: OfficeTx, officeId: string, userId: string) {
  return tx.selectFrom('users').select(['id', 'role', 'disabled_at']).where('office_id', '=', officeId).where('id', '=', userId).forUpdate().executeTakeFirst();
}

/** The office's active managers, locked, so two changes at once cannot leave it with none. */
export async function activeManagerIds(tx: OfficeTx, officeId: string): Promise<string[]> {
  const rows = await tx.selectFrom('users').select('id').where('office_id', '=', officeId).where('role', '=', 'manager').where('disabled_at', 'is', null).forUpdate().execute();
  return rows.map((r) => r.id);
}

export async function updateStaffAccount(tx: OfficeTx, officeId: string, userId: string, change: { role?: Role; disabledAt?: Date | null }) {
  await tx
    .updateTable('users')
    .set({ ...(change.role !== undefined ? { role: change.role } : {}), ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}) })
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .execute();
}

/** Which office, if any, has an account signing in with this e-mail address (they are unique across the deployment). */
export function officeOfSignIn(db: Kysely<DB>, email: string): Promise<string | null> {
  return officeOf(db, sql`postbag_office_of_sign_in(${email})`);
}

/** Every account of the office, deactivated ones too, with its last sign-in (the newest session) and whether a second factor is on. */
export function listAccounts(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('users')
    .select((eb) => [
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.disabled_at',
      'users.totp_enabled_at',
      eb
        .selectFrom('sessions')
        .select((s) => s.fn.max('sessions.created_at').as('at'))
        .whereRef('sessions.office_id', '=', 'users.office_id')
        .whereRef('sessions.user_id', '=', 'users.id')
        .as('last_sign_in_at'),
    ])
    .where('users.office_id', '=', officeId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

export async function insertUser(tx: OfficeTx, officeId: string, user: { id: string; email: string; displayName: string; role: Role; passwordHash: string }) {
  await tx
    .insertInto('users')
    .values({ office_id: officeId, id: user.id, email: user.email, display_name: user.displayName, role: user.role, password_hash: user.passwordHash })
    .execute();
}
