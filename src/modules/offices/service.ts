import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { can, type SignedInUser } from '../../platform/access/access.js';
import { type AuditAction, recordAudit } from '../../platform/audit/audit.js';
import type { TwoFactorRequirement } from '../../db/enums.js';
import { type AuthDeps, checkCurrentCode, staffAccounts } from '../../platform/auth/service.js';
import { openSendStates, sendStatesIn } from '../correspondence/service.js';
import * as repo from './repo.js';
import type { ControllerBody, ControllerView, OfficeSettings, OfficeView } from './schemas.js';

const toView = (office: Awaited<ReturnType<typeof repo.findOffice>>): OfficeView => ({
  id: office.id,
  name: office.name,
  memberName: office.member_name,
  nation: office.nation,
  twoFactorRequirement: office.two_factor_requirement,
  caseworkersSeeAllCases: office.caseworkers_see_all_cases,
  rightsTargetDays: office.rights_target_days,
});

export async function getOffice(db: Kysely<DB>, user: SignedInUser): Promise<OfficeView> {
  return toView(await withOffice(db, user.officeId, (tx) => repo.findOffice(tx, user.officeId)));
}

// From least to most: moving down the list loosens sign-in.
const strictness: Record<TwoFactorRequirement, number> = { none: 0, managers_and_dpo: 1, everyone: 2 };
const requirementAudit: Record<TwoFactorRequirement, Extract<AuditAction, `office.two_factor_${string}`>> = {
  none: 'office.two_factor_optional',
  managers_and_dpo: 'office.two_factor_required',
  everyone: 'office.two_factor_required_of_everyone',
};

/** Loosening the two-factor requirement needs a current code from a manager who uses two-factor sign-in. */
export async function updateSettings(auth: AuthDeps, user: SignedInUser, settings: OfficeSettings): Promise<OfficeView> {
  const office = await withOffice(auth.db, user.officeId, async (tx) => {
    const requirement = settings.twoFactorRequirement;
    if (requirement !== undefined) {
      const before = await repo.findOffice(tx, user.officeId);
      if (strictness[requirement] < strictness[before.two_factor_requirement]) await checkCurrentCode(auth, tx, user, settings.code);
      await repo.setTwoFactorRequirement(tx, user.officeId, requirement);
      await recordAudit(tx, user.officeId, user, { action: requirementAudit[requirement], recordType: 'office', recordIds: [user.officeId] });
    }
    if (settings.caseworkersSeeAllCases !== undefined) {
      await repo.setCaseworkersSeeAllCases(tx, user.officeId, settings.caseworkersSeeAllCases);
      await recordAudit(tx, user.officeId, user, {
        action: settings.caseworkersSeeAllCases ? 'office.caseworkers_see_all_cases' : 'office.caseworkers_see_own_cases',
        recordType: 'office',
        recordIds: [user.officeId],
      });
    }
    if (settings.nation !== undefined || settings.rightsTargetDays !== undefined) {
      await repo.setRightsClock(tx, user.officeId, { nation: settings.nation, rights_target_days: settings.rightsTargetDays });
      await recordAudit(tx, user.officeId, user, { action: 'office.rights_clock_changed', recordType: 'office', recordIds: [user.officeId] });
    }
    return repo.findOffice(tx, user.officeId);
  });
  // Sessions cached in-process carry the old requirement for their few seconds: start afresh.
  auth.sessions.clear();
  return toView(office);
}

/** Current staff, by name; `worksCases` marks those who can own cases and take tasks. */
export async function listStaff(db: Kysely<DB>, user: SignedInUser) {
  const rows = await withOffice(db, user.officeId, (tx) => repo.listStaff(tx, user.officeId));
  return { staff: rows.map((u) => ({ id: u.id, name: u.display_name, role: u.role, worksCases: can(u, 'cases:write') })) };
}

/** The manager's staff page: every account, deactivated ones too, and the invitations still open with whether their e-mail went. */
export async function listAccounts(deps: Pick<AppContext, 'db' | 'keystore'>, user: SignedInUser) {
  const { officeId } = user;
  const { accounts, invites, sending } = await withOffice(deps.db, officeId, async (tx) => {
    const invites = await repo.pendingInvites(tx, officeId);
    return { accounts: await staffAccounts(tx, officeId), invites, sending: await sendStatesIn(tx, officeId, invites.flatMap((i) => i.message_id ?? [])) };
  });
  const states = await openSendStates(deps.keystore, officeId, sending);
  return {
    accounts,
    invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expires_at, invitedBy: i.invited_by, sending: (i.message_id && states.get(i.message_id)) || null })),
  };
}

/** The office's and its member's names (the contact form's page, a message's signature and sender), inside the caller's transaction. */
export function officeNames(tx: OfficeTx, officeId: string): Promise<{ name: string; member_name: string } | undefined> {
  return repo.findNames(tx, officeId);
}

const controllerView = (row: NonNullable<Awaited<ReturnType<typeof repo.findController>>>): ControllerView => ({
  memberName: row.member_name,
  address: row.controller_address,
  email: row.controller_email,
  dataProtectionContact: row.data_protection_contact,
  icoRegistration: row.ico_registration,
  securityMeasures: row.security_measures,
});

/** The controller's details and security measures (the record of processing, the privacy notice), inside the caller's transaction; undefined if there is no such office. */
export async function controllerDetails(tx: OfficeTx, officeId: string): Promise<ControllerView | undefined> {
  const row = await repo.findController(tx, officeId);
  return row && controllerView(row);
}

export async function getController(db: Kysely<DB>, user: SignedInUser): Promise<ControllerView> {
  return (await withOffice(db, user.officeId, (tx) => controllerDetails(tx, user.officeId)))!;
}

/** Replaces the controller's details, audited; the record's keepers (`processing:manage`) do it. */
export async function updateController(db: Kysely<DB>, user: SignedInUser, body: ControllerBody): Promise<ControllerView> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    await repo.setController(tx, officeId, {
      controller_address: body.address,
      controller_email: body.email,
      data_protection_contact: body.dataProtectionContact,
      ico_registration: body.icoRegistration,
      security_measures: body.securityMeasures,
    });
    await recordAudit(tx, officeId, user, { action: 'office.controller_changed', recordType: 'office', recordIds: [officeId] });
    return (await controllerDetails(tx, officeId))!;
  });
}

/** The office's choice that need-to-know depends on, inside the caller's transaction. */
export function caseworkersSeeAllCases(tx: OfficeTx, officeId: string): Promise<boolean> {
  return repo.caseworkersSeeAllCases(tx, officeId);
}

/** A current member of staff of the office, inside the caller's transaction. */
export async function findStaff(tx: OfficeTx, officeId: string, userId: string) {
  return (await repo.listStaff(tx, officeId)).find((u) => u.id === userId);
}

/** The deployment's office when it has exactly one (`/contact` and `/privacy` then need no office in their address). */
export function soleOfficeId(db: Kysely<DB>): Promise<string | undefined> {
  return repo.soleOfficeId(db);
}

export function officeIds(db: Kysely<DB>): Promise<string[]> {
  return repo.officeIds(db);
}
