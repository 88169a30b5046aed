import type { AppContext } from '../../context.js';
import { newId } from '../../db/ids.js';
import { withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { createStaffAccount, signInTaken } from '../../platform/auth/service.js';
import { hashSecretToken, newSecretToken } from '../../platform/auth/tokens.js';
import { AppError, ErrorCode } from '../../platform/errors/errors.js';
import { casework, queueEmail, withdrawEmail } from '../correspondence/service.js';
import * as repo from './repo.js';
import type { AcceptInvite, InviteInput } from './schemas.js';

/**
 * A manager invites a colleague by e-mail: the link carries a random token (only its SHA-256 is
 * kept), works once, and expires after a week. Accepting it makes the account with the role chosen.
 */

type Deps = Pick<AppContext, 'db' | 'keystore' | 'jobs'>;

const INVITE_DAYS = 7;

const roleWords: Record<InviteInput['role'], string> = {
  member: 'the member',
  manager: 'an office manager',
  caseworker: 'a caseworker',
  volunteer: 'a volunteer',
  researcher: 'a researcher',
  data_protection_lead: 'the data protection lead',
};

const londonTime = (when: Date) => when.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' });

/** `origin`: the address the manager uses the app at, which the link in the e-mail opens. */
export async function inviteColleague(deps: Deps, user: SignedInUser, input: InviteInput, origin: string) {
  if (await signInTaken(deps.db, input.email)) {
    throw new AppError(ErrorCode.Conflict, 'Someone already has a Postbag account with this e-mail address, so they cannot be invited with it.', [
      { path: 'body.email', message: 'already has an account' },
    ]);
  }
  const token = newSecretToken();
  const invite = { id: newId(), email: input.email, role: input.role, tokenHash: hashSecretToken(token), expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000), invitedBy: user.userId };
  await withOffice(deps.db, user.officeId, async (tx) => {
    const office = await repo.findNames(tx, user.officeId);
    const inviter = (await repo.listStaff(tx, user.officeId)).find((u) => u.id === user.userId);
    const earlier = await repo.openInvitesTo(tx, user.officeId, input.email);
    const text = [
      `${inviter?.display_name ?? 'Your office manager'} has invited you to Postbag, the casework system of ${office?.name ?? 'their office'}, as ${roleWords[input.role]}.`,
      '',
      'To set up your account, open this link and choose your name (as your colleagues will see it) and a password:',
      `${origin}/invite/${token}`,
      '',
      `The link works once, and until ${londonTime(invite.expiresAt)}. If you were not expecting this e-mail, you can ignore it.`,
    ].join('\n');
    // The one send path: queued in this transaction, so no invitation exists without its e-mail.
    const { messageId } = await queueEmail(deps.keystore, deps.jobs, tx, user.officeId, user.userId, {
      caseId: null,
      personId: null,
      to: input.email,
      subject: `You are invited to ${office?.name ?? 'Postbag'} on Postbag`,
      text,
      // Mail to a colleague about their account: never marketing.
      kind: casework,
    });
    await repo.insertInvite(tx, user.officeId, { ...invite, messageId });
    await recordAudit(tx, user.officeId, user, { action: 'user.invited', recordType: 'staff_invite', recordIds: [invite.id] });
    // The colleague uses the newest link; an older one still waiting to go is not sent at all.
    await repo.markInvitesReplaced(tx, user.officeId, earlier.map((e) => e.id), invite.id);
    for (const old of earlier) {
      if (old.message_id) await withdrawEmail(deps.jobs, tx, user.officeId, old.message_id);
      await recordAudit(tx, user.officeId, user, { action: 'user.invite_replaced', recordType: 'staff_invite', recordIds: [old.id, invite.id] });
    }
  });
  return { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expiresAt };
}

const notValid = () =>
  new AppError(ErrorCode.NotFound, 'This invitation link is not valid. Check that you copied all of it from the e-mail, or ask your office manager to invite you again.');

/** The invitation a link names, if it can still be accepted; otherwise an error that says why. */
function usable(found: Awaited<ReturnType<typeof repo.findInvite>>) {
  if (!found) throw notValid();
  if (found.accepted_at) throw new AppError(ErrorCode.Conflict, 'This invitation has already been used to set up an account. Sign in with its e-mail address and the password chosen then.');
  if (found.replaced_by) {
    throw new AppError(ErrorCode.Conflict, 'This invitation was replaced by a newer one: open the link in the latest invitation e-mail, or ask your office manager to invite you again.');
  }
  if (found.expires_at.getTime() <= Date.now()) {
    throw new AppError(ErrorCode.Conflict, `This invitation expired on ${londonTime(found.expires_at)}. Ask your office manager to invite you again.`);
  }
  return found;
}

async function officeOf(deps: Deps, token: string) {
  const officeId = await repo.officeOfInvite(deps.db, hashSecretToken(token));
  if (!officeId) throw notValid();
  return officeId;
}

/** What the invitation page shows before the colleague chooses a name and password. */
export async function findInvitation(deps: Deps, token: string) {
  const officeId = await officeOf(deps, token);
  const invite = usable(await withOffice(deps.db, officeId, (tx) => repo.findInvite(tx, officeId, hashSecretToken(token), false)));
  return { officeName: invite.office_name, email: invite.email, role: invite.role, expiresAt: invite.expires_at };
}

/** Makes the colleague's account from the invitation, once; the link stops working. */
export async function acceptInvitation(deps: Deps, token: string, input: AcceptInvite) {
  const officeId = await officeOf(deps, token);
  // Hashed outside the transaction: argon2 takes a tenth of a second.
  const passwordHash = await hashPassword(input.password);
  return withOffice(deps.db, officeId, async (tx) => {
    const invite = usable(await repo.findInvite(tx, officeId, hashSecretToken(token), true));
    const userId = newId();
    await createStaffAccount(tx, officeId, { id: userId, email: invite.email, displayName: input.name, role: invite.role, passwordHash });
    await repo.markInviteAccepted(tx, officeId, invite.id);
    await recordAudit(tx, officeId, { userId, sessionId: null }, { action: 'user.invite_accepted', recordType: 'user', recordIds: [userId, invite.id] });
    return { email: invite.email };
  });
}
