import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { Role } from '../../db/enums.js';
import { permissionsOf, type SignedInUser, twoFactorRequiredOf } from '../access/access.js';
import { recordAudit } from '../audit/audit.js';
import { deriveKey } from '../crypto/master-key.js';
import { AppError, ErrorCode, notFound, validationFailed } from '../errors/errors.js';
import { verifyPassword } from './passwords.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import * as repo from './repo.js';
import type { meSchema } from './schemas.js';
import type { SessionCache } from './session-cache.js';
import { hashSecretToken, newSecretToken } from './tokens.js';
import { matchingStep, newTotpSecret, qrCodeSvg } from './totp.js';

export interface AuthDeps {
  db: Kysely<DB>;
  config: Pick<Config, 'session' | 'signIn'>;
  /** Seals staff TOTP secrets; they are never stored in clear. */
  masterKey: Buffer;
  sessions: SessionCache<SessionRow>;
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSessionByTokenHash>>>;

/** What the web app needs to draw its shell: the answer to sign-in and to GET /me. */
export type Me = z.infer<typeof meSchema>;

export interface Session extends SignedInUser {
  me: Me;
  /** True until a user the office's two-factor requirement covers has enrolled. */
  restricted: boolean;
  /** The SHA-256 of the session token (hex): the session cache's key. */
  tokenHash: string;
  lastSeenAt: Date;
}

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const TOUCH_EVERY_MS = 60_000;

const totpInvalid = () =>
  new AppError(ErrorCode.TwoFactorInvalid, 'That code is not right, or was already used. Check the time on your phone and try the newest code.');
const invalidCredentials = () => new AppError(ErrorCode.InvalidCredentials, 'That e-mail address and password do not match an account.');
// Says nothing of whether the address has an account: an unknown one is locked alike.
const locked = (minutes: number) =>
  new AppError(
    ErrorCode.AccountLocked,
    `Too many failed sign-ins with this e-mail address from your network. Wait ${minutes} minutes and try again, or ask your office manager.`,
  );

/** Failed sign-ins are counted per (address tried, client address), under a key that names neither. */
function failureKey(master: Buffer, email: string, ip: string | null): Buffer {
  return createHmac('sha256', deriveKey(master, 'postbag/sign-in-failures/v1', '')).update(`${email}\n${ip ?? ''}`).digest();
}

type SignInUser = NonNullable<Awaited<ReturnType<typeof repo.findUserForSignIn>>>;
export interface SignInInput {
  email: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * A known and an unknown account answer alike: the same errors, an argon2 verification either
 * way, and the same lock after the same number of failures from one client address (failures from
 * elsewhere cannot lock a colleague out; the per-address rate limit slows guessing across accounts).
 */
export async function signIn(deps: AuthDeps, input: SignInInput, origin: RequestOrigin): Promise<{ token: string; session: Session }> {
  const email = input.email.toLowerCase();
  const key = failureKey(deps.masterKey, email, origin.ip);
  const { lockMinutes, maxFailures } = deps.config.signIn;
  if (await repo.findSignInLock(deps.db, key)) throw locked(lockMinutes);
  const user = await repo.findUserForSignIn(deps.db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  try {
    if (!user || user.disabled_at || !passwordOk) throw invalidCredentials();
    const token = await startSession(deps, user, input, origin);
    await repo.clearSignInFailures(deps.db, key);
    return { token, session: await authenticate(deps, token) };
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== ErrorCode.InvalidCredentials && error.code !== ErrorCode.TwoFactorInvalid)) throw error;
    // Committed before the error is answered, so the count survives the failed request.
    const counted = await repo.recordSignInFailure(deps.db, key, maxFailures, lockMinutes);
    if (user) {
      await withOffice(deps.db, user.office_id, (tx) =>
        recordAudit(tx, user.office_id, { userId: user.id, sessionId: null }, { action: 'auth.sign_in_failed', recordType: 'user', recordIds: [user.id] }),
      );
    }
    throw counted.locked_until ? locked(lockMinutes) : error;
  }
}

/** The right password was given: checks the second factor, if the user has one, and opens a session. */
async function startSession(deps: AuthDeps, user: SignInUser, input: SignInInput, origin: RequestOrigin): Promise<string> {
  const sealed = user.totp_enabled_at ? user.totp_secret_sealed : null;
  const twoFactor = sealed !== null;
  if (twoFactor && !input.code && !input.recoveryCode) {
    throw new AppError(ErrorCode.TwoFactorRequired, 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.');
  }
  const totpStep = sealed && input.code ? matchingStep(deps.masterKey, user.id, sealed, user.email, input.code) : null;
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + deps.config.session.maxHours * 3_600_000);
  await withOffice(deps.db, user.office_id, async (tx) => {
    if (twoFactor) {
      // Inside the transaction: two sign-ins racing with the same code cannot both succeed.
      const used = input.code
        ? totpStep !== null && (await repo.useTotpStep(tx, user.office_id, user.id, totpStep))
        : await repo.useRecoveryCode(tx, user.office_id, user.id, hashRecoveryCode(input.recoveryCode ?? ''));
      if (!used) throw totpInvalid();
    }
    const session = await repo.insertSession(tx, user.office_id, {
      userId: user.id,
      tokenHash: hashSecretToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      expiresAt,
    });
    await recordAudit(tx, user.office_id, { userId: user.id, sessionId: session.id }, { action: 'auth.sign_in', recordType: 'session', recordIds: [session.id] });
    if (!input.code && twoFactor) {
      await recordAudit(tx, user.office_id, { userId: user.id, sessionId: session.id }, { action: 'auth.recovery_code_used', recordType: 'user', recordIds: [user.id] });
    }
  });
  return token;
}

/** Resolves a session token to the signed-in user, or says why it cannot. */
export async function authenticate(deps: AuthDeps, token: string): Promise<Session> {
  const tokenHash = hashSecretToken(token);
  const key = tokenHash.toString('hex');
  const row = await deps.sessions.getOrLoad(key, () => repo.findSessionByTokenHash(deps.db, tokenHash));
  if (!row || row.disabled_at) throw new AppError(ErrorCode.SessionInvalid, 'Your session is not valid. Sign in again.');
  const now = Date.now();
  const idleLimit = row.last_seen_at.getTime() + deps.config.session.idleMinutes * 60_000;
  if (row.ended_at || row.expires_at.getTime() <= now || idleLimit <= now) {
    throw new AppError(ErrorCode.SessionExpired, 'Your session has ended or expired. Sign in again.');
  }
  const enrolled = row.totp_enabled_at !== null;
  const enrolmentRequired = twoFactorRequiredOf(row.two_factor_requirement, row.role);
  const session: Session = {
    userId: row.user_id,
    sessionId: row.session_id,
    officeId: row.office_id,
    role: row.role,
    restricted: enrolmentRequired && !enrolled,
    tokenHash: key,
    lastSeenAt: row.last_seen_at,
    me: {
      user: { id: row.user_id, email: row.email, displayName: row.display_name, role: row.role },
      office: { id: row.office_id, name: row.office_name, memberName: row.member_name },
      csrfToken: row.csrf_token,
      permissions: [...permissionsOf(row.role)],
      twoFactor: { enrolled, enrolmentRequired },
    },
  };
  return session;
}

/** Marks the session as in use (at most once a minute), once the request has been let through. */
export async function keepAlive(deps: AuthDeps, session: Session): Promise<void> {
  const now = new Date();
  if (now.getTime() - session.lastSeenAt.getTime() <= TOUCH_EVERY_MS) return;
  await withOffice(deps.db, session.officeId, (tx) => repo.touchSession(tx, session.officeId, session.sessionId));
  const cached = deps.sessions.get(session.tokenHash);
  if (cached) cached.last_seen_at = now;
}

export function checkCsrf(session: Session, presented: string | undefined): void {
  const expected = Buffer.from(session.me.csrfToken);
  const given = Buffer.from(presented ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError(
      ErrorCode.CsrfInvalid,
      'This request is missing its CSRF token or the token is wrong: send the csrfToken from /api/v1/me in the x-csrf-token header.',
    );
  }
}

export async function signOut(deps: AuthDeps, session: Session): Promise<void> {
  await withOffice(deps.db, session.officeId, async (tx) => {
    await repo.endSession(tx, session.officeId, session.sessionId);
    await recordAudit(tx, session.officeId, session, { action: 'auth.sign_out', recordType: 'session', recordIds: [session.sessionId] });
  });
  deps.sessions.delete(session.tokenHash);
}

export async function startTwoFactorSetup(deps: AuthDeps, session: Session): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const alreadyOn = new AppError(ErrorCode.Conflict, 'Two-factor sign-in is already on for your account. Ask your office manager to reset it if you lost your device.');
  if (session.me.twoFactor.enrolled) throw alreadyOn;
  const { sealed, secret, otpauthUrl } = newTotpSecret(deps.masterKey, session.userId, session.me.user.email);
  const stored = await withOffice(deps.db, session.officeId, (tx) => repo.setPendingTotpSecret(tx, session.officeId, session.userId, sealed));
  if (!stored) throw alreadyOn;
  return { secret, otpauthUrl, qrSvg: await qrCodeSvg(otpauthUrl) };
}

/** Turns two-factor sign-in on with the first code from the app; answers the recovery codes, shown this once. */
export async function confirmTwoFactor(deps: AuthDeps, session: Session, code: string): Promise<string[]> {
  const recoveryCodes = await withOffice(deps.db, session.officeId, async (tx) => {
    const user = await repo.findTotpSecret(tx, session.officeId, session.userId);
    if (user.totp_enabled_at) throw new AppError(ErrorCode.Conflict, 'Two-factor sign-in is already on for your account.');
    if (!user.totp_secret_sealed) throw new AppError(ErrorCode.Conflict, 'Start the two-factor set-up first, then enter the code it shows.');
    const step = matchingStep(deps.masterKey, session.userId, user.totp_secret_sealed, user.email, code);
    if (step === null || !(await repo.useTotpStep(tx, session.officeId, session.userId, step))) throw totpInvalid();
    await repo.enableTotp(tx, session.officeId, session.userId);
    await recordAudit(tx, session.officeId, session, { action: 'auth.two_factor_enabled', recordType: 'user', recordIds: [session.userId] });
    return giveRecoveryCodes(tx, session);
  });
  deps.sessions.delete(session.tokenHash);
  return recoveryCodes;
}

/** New recovery codes in place of all the old ones, for a user who gives a current code. */
export async function regenerateRecoveryCodes(deps: AuthDeps, session: Session, code: string): Promise<string[]> {
  return withOffice(deps.db, session.officeId, async (tx) => {
    await checkCurrentCode(deps, tx, session, code);
    await recordAudit(tx, session.officeId, session, { action: 'auth.recovery_codes_replaced', recordType: 'user', recordIds: [session.userId] });
    return giveRecoveryCodes(tx, session);
  });
}

async function giveRecoveryCodes(tx: OfficeTx, user: SignedInUser): Promise<string[]> {
  const codes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(tx, user.officeId, user.userId, codes.map(hashRecoveryCode));
  return codes;
}

/**
 * For a change that weakens sign-in (e.g. loosening the office's requirement), inside the
 * caller's transaction: a user with two-factor sign-in on must give a current code from the app
 * (used up, like a sign-in code). Nothing to give for a user without it.
 */
export async function checkCurrentCode(deps: Pick<AuthDeps, 'masterKey'>, tx: OfficeTx, user: SignedInUser, code: string | undefined): Promise<void> {
  const found = await repo.findTotpSecret(tx, user.officeId, user.userId);
  if (!found.totp_enabled_at || !found.totp_secret_sealed) return;
  const problem = (message: string) => validationFailed([{ path: 'body.code', message }], '', '');
  if (!code) throw problem('must be the current 6-digit code from your authenticator app, to confirm it is you');
  const step = matchingStep(deps.masterKey, user.userId, found.totp_secret_sealed, found.email, code);
  if (step === null || !(await repo.useTotpStep(tx, user.officeId, user.userId, step))) {
    throw problem('is not right, or was already used: try the newest code from your authenticator app');
  }
}

/**
 * A manager resets a colleague's second factor (a lost phone): the authenticator and recovery
 * codes stop working and the colleague's sessions end, so they sign in again and, where the office
 * requires it, enrol again. One's own cannot be reset this way: that would bypass the code.
 */
export async function resetTwoFactor(deps: AuthDeps, by: SignedInUser, userId: string): Promise<void> {
  if (userId === by.userId) {
    throw new AppError(ErrorCode.Conflict, 'You cannot reset your own two-step verification: sign in with a recovery code, or ask another manager.');
  }
  const ended = await withOffice(deps.db, by.officeId, async (tx) => {
    if (!(await repo.clearTwoFactor(tx, by.officeId, userId))) throw notFound('member of staff');
    await recordAudit(tx, by.officeId, by, { action: 'user.two_factor_reset', recordType: 'user', recordIds: [userId] });
    return repo.endSessionsOfUser(tx, by.officeId, userId);
  });
  for (const tokenHash of ended) deps.sessions.delete(tokenHash.toString('hex'));
}

/**
 * A manager changes a colleague's role, or deactivates a leaver (or brings them back). A
 * deactivated account keeps its name on the audit log and timelines but cannot sign in, and its
 * sessions end at once. The office always keeps an active manager.
 */
export async function changeStaffAccount(deps: AuthDeps, by: SignedInUser, userId: string, change: { role?: Role | undefined; active?: boolean | undefined }): Promise<void> {
  const ended = await withOffice(deps.db, by.officeId, async (tx) => {
    const managers = await repo.activeManagerIds(tx, by.officeId);
    const user = await repo.findStaffForUpdate(tx, by.officeId, userId);
    if (!user) throw notFound('member of staff');
    const role = change.role ?? user.role;
    const active = change.active ?? user.disabled_at === null;
    if (managers.length === 1 && managers[0] === userId && (role !== 'manager' || !active)) {
      const message = userId === by.userId ? 'You are the office’s only manager: make a colleague a manager first.' : 'This is the office’s only manager: make a colleague a manager first.';
      throw new AppError(ErrorCode.Conflict, message, [{ path: change.role !== undefined ? 'body.role' : 'body.active', message: 'would leave the office without a manager' }]);
    }
    const wasActive = user.disabled_at === null;
    if (role !== user.role) {
      await repo.updateStaffAccount(tx, by.officeId, userId, { role });
      await recordAudit(tx, by.officeId, by, { action: 'user.role_changed', recordType: 'user', recordIds: [userId] });
    }
    if (active !== wasActive) {
      await repo.updateStaffAccount(tx, by.officeId, userId, { disabledAt: active ? null : new Date() });
      await recordAudit(tx, by.officeId, by, { action: active ? 'user.reactivated' : 'user.deactivated', recordType: 'user', recordIds: [userId] });
    }
    // A session carries its role, so either change ends the colleague's sessions.
    return role !== user.role || !active ? repo.endSessionsOfUser(tx, by.officeId, userId) : [];
  });
  for (const tokenHash of ended) deps.sessions.delete(tokenHash.toString('hex'));
}

/** Every account of the office, deactivated ones too, for the manager's staff page; inside the caller's transaction. */
export async function staffAccounts(tx: OfficeTx, officeId: string) {
  const rows = await repo.listAccounts(tx, officeId);
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.display_name,
    role: u.role,
    active: u.disabled_at === null,
    lastSignInAt: u.last_sign_in_at === null ? null : new Date(u.last_sign_in_at),
    twoFactor: u.totp_enabled_at !== null,
  }));
}

/** Whether an account, in any office, signs in with this address: sign-in names are unique across the deployment. */
export async function signInTaken(db: Kysely<DB>, email: string): Promise<boolean> {
  return (await repo.officeOfSignIn(db, email.toLowerCase())) !== null;
}

/**
 * A new account (an accepted invitation), inside the caller's transaction. The password is
 * hashed (argon2id) by the caller before its transaction opens; an address taken meanwhile is a 409.
 */
export async function createStaffAccount(tx: OfficeTx, officeId: string, account: { id: string; email: string; displayName: string; role: Role; passwordHash: string }): Promise<void> {
  try {
    await repo.insertUser(tx, officeId, account);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    throw new AppError(ErrorCode.Conflict, 'There is already an account that signs in with this e-mail address.');
  }
}
