import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';

/**
 * Sign-in and session look-ups happen before the office is known. The request role may not read
 * across offices, so a narrow function owned by the tables' owner (migration 0012) names the
 * office, and the read itself runs scoped to it; every write goes through withOffice too.
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
      'users.role',
      'users.password_hash',
      'users.totp_secret_sealed',
      'users.totp_enabled_at',
      'users.totp_last_step',
      'users.locked_until',
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
      'offices.require_two_factor',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst());
}

export async function recordFailedSignIn(tx: OfficeTx, officeId: string, userId: string, maxFailures: number, lockMinutes: number) {
  return tx
    .updateTable('users')
    .set(() => {
      // A lock that has run out starts the count again, so one more mistake does not re-lock.
      const failures = sql<number>`CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END`;
      return {
        failed_sign_ins: failures,
        locked_until: sql<Date | null>`CASE WHEN ${failures} >= ${maxFailures} THEN now() + make_interval(mins => ${lockMinutes})
          WHEN locked_until <= now() THEN NULL ELSE locked_until END`,
      };
    })
    .where('office_id', '=', officeId)
    .where('id', '=', userId)
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearFailedSignIns(tx: OfficeTx, officeId: string, userId: string) {
  await tx.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('office_id', '=', officeId).where('id', '=', userId).execute();
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
