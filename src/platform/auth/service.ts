import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { permissionsOf, rolesNeedingTwoFactor, type SignedInUser } from '../access/access.js';
import { recordAudit } from '../audit/audit.js';
import { AppError, ErrorCode } from '../errors/errors.js';
import { verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import type { meSchema } from './schemas.js';
import type { SessionCache } from './session-cache.js';
import { matchingStep, newTotpSecret } from './totp.js';

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
  /** True until a manager or data protection lead enrols in two-factor sign-in the office requires. */
  restricted: boolean;
  /** The SHA-256 of the session token (hex): the session cache's key. */
  tokenHash: string;
  lastSeenAt: Date;
}

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();
const TOUCH_EVERY_MS = 60_000;

const totpInvalid = () =>
  new AppError(ErrorCode.TwoFactorInvalid, 'That code is not right, or was already used. Check the time on your phone and try the newest code.');
const invalidCredentials = () => new AppError(ErrorCode.InvalidCredentials, 'That e-mail address and password do not match an account.');
const locked = (until: Date) =>
  new AppError(
    ErrorCode.AccountLocked,
    `This account is locked after too many failed sign-ins. Try again after ${until.toISOString().slice(11, 16)} UTC, or ask your office manager.`,
  );

export async function signIn(
  deps: AuthDeps,
  input: { email: string; password: string; code?: string | undefined },
  origin: RequestOrigin,
): Promise<{ token: string; session: Session }> {
  const user = await repo.findUserForSignIn(deps.db, input.email.toLowerCase());
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || user.disabled_at) throw invalidCredentials();
  if (user.locked_until && user.locked_until > new Date()) throw locked(user.locked_until);

  let failure: AppError | undefined;
  let totpStep: number | undefined;
  if (!passwordOk) failure = invalidCredentials();
  else if (user.totp_enabled_at && user.totp_secret_sealed) {
    if (!input.code) throw new AppError(ErrorCode.TwoFactorRequired, 'Enter the 6-digit code from your authenticator app.');
    const step = matchingStep(deps.masterKey, user.id, user.totp_secret_sealed, input.email, input.code);
    if (step === null || (user.totp_last_step !== null && Number(user.totp_last_step) >= step)) failure = totpInvalid();
    else totpStep = step;
  }

  const actor = { userId: user.id, sessionId: null };
  if (failure) {
    // Committed before the error is answered, so the count survives the failed request.
    const counted = await withOffice(deps.db, user.office_id, async (tx) => {
      const after = await repo.recordFailedSignIn(tx, user.office_id, user.id, deps.config.signIn.maxFailures, deps.config.signIn.lockMinutes);
      await recordAudit(tx, user.office_id, actor, { action: 'auth.sign_in_failed', recordType: 'user', recordIds: [user.id] });
      return after;
    });
    throw counted.locked_until ? locked(counted.locked_until) : failure;
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.config.session.maxHours * 3_600_000);
  await withOffice(deps.db, user.office_id, async (tx) => {
    // Guarded again here: two sign-ins racing with the same code cannot both succeed.
    if (totpStep !== undefined && !(await repo.useTotpStep(tx, user.office_id, user.id, totpStep))) throw totpInvalid();
    await repo.clearFailedSignIns(tx, user.office_id, user.id);
    const session = await repo.insertSession(tx, user.office_id, {
      userId: user.id,
      tokenHash: hashToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      expiresAt,
    });
    await recordAudit(tx, user.office_id, { userId: user.id, sessionId: session.id }, { action: 'auth.sign_in', recordType: 'session', recordIds: [session.id] });
  });
  return { token, session: await authenticate(deps, token) };
}

/** Resolves a session token to the signed-in user, or says why it cannot. */
export async function authenticate(deps: AuthDeps, token: string): Promise<Session> {
  const tokenHash = hashToken(token);
  const key = tokenHash.toString('hex');
  const row = await deps.sessions.getOrLoad(key, () => repo.findSessionByTokenHash(deps.db, tokenHash));
  if (!row || row.disabled_at) throw new AppError(ErrorCode.SessionInvalid, 'Your session is not valid. Sign in again.');
  const now = Date.now();
  const idleLimit = row.last_seen_at.getTime() + deps.config.session.idleMinutes * 60_000;
  if (row.ended_at || row.expires_at.getTime() <= now || idleLimit <= now) {
    throw new AppError(ErrorCode.SessionExpired, 'Your session has ended or expired. Sign in again.');
  }
  const enrolled = row.totp_enabled_at !== null;
  const enrolmentRequired = row.require_two_factor && rolesNeedingTwoFactor.includes(row.role);
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

export async function startTwoFactorSetup(deps: AuthDeps, session: Session): Promise<{ secret: string; otpauthUrl: string }> {
  const alreadyOn = new AppError(ErrorCode.Conflict, 'Two-factor sign-in is already on for your account. Ask your office manager to reset it if you lost your device.');
  if (session.me.twoFactor.enrolled) throw alreadyOn;
  const { sealed, secret, otpauthUrl } = newTotpSecret(deps.masterKey, session.userId, session.me.user.email);
  const stored = await withOffice(deps.db, session.officeId, (tx) => repo.setPendingTotpSecret(tx, session.officeId, session.userId, sealed));
  if (!stored) throw alreadyOn;
  return { secret, otpauthUrl };
}

export async function confirmTwoFactor(deps: AuthDeps, session: Session, code: string): Promise<void> {
  await withOffice(deps.db, session.officeId, async (tx) => {
    const user = await repo.findTotpSecret(tx, session.officeId, session.userId);
    if (user.totp_enabled_at) throw new AppError(ErrorCode.Conflict, 'Two-factor sign-in is already on for your account.');
    if (!user.totp_secret_sealed) throw new AppError(ErrorCode.Conflict, 'Start the two-factor set-up first, then enter the code it shows.');
    const step = matchingStep(deps.masterKey, session.userId, user.totp_secret_sealed, user.email, code);
    if (step === null || !(await repo.useTotpStep(tx, session.officeId, session.userId, step))) throw totpInvalid();
    await repo.enableTotp(tx, session.officeId, session.userId);
    await recordAudit(tx, session.officeId, session, { action: 'auth.two_factor_enabled', recordType: 'user', recordIds: [session.userId] });
  });
  deps.sessions.delete(session.tokenHash);
}
