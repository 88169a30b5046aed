import type { Kysely } from 'kysely';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import { can, type SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import * as repo from './repo.js';
import type { OfficeSettingsBody, OfficeView } from './schemas.js';

const toView = (office: Awaited<ReturnType<typeof repo.findOffice>>): OfficeView => ({
  id: office.id,
  name: office.name,
  memberName: office.member_name,
  nation: office.nation,
  requireTwoFactor: office.require_two_factor,
  caseworkersSeeAllCases: office.caseworkers_see_all_cases,
});

export async function getOffice(db: Kysely<DB>, user: SignedInUser): Promise<OfficeView> {
  return toView(await withOffice(db, user.officeId, (tx) => repo.findOffice(tx, user.officeId)));
}

export async function updateSettings(db: Kysely<DB>, user: SignedInUser, settings: OfficeSettingsBody): Promise<OfficeView> {
  const office = await withOffice(db, user.officeId, async (tx) => {
    if (settings.requireTwoFactor !== undefined) {
      await repo.setRequireTwoFactor(tx, user.officeId, settings.requireTwoFactor);
      await recordAudit(tx, user.officeId, user, {
        action: settings.requireTwoFactor ? 'office.two_factor_required' : 'office.two_factor_optional',
        recordType: 'office',
        recordIds: [user.officeId],
      });
    }
    if (settings.caseworkersSeeAllCases !== undefined) {
      await repo.setCaseworkersSeeAllCases(tx, user.officeId, settings.caseworkersSeeAllCases);
      await recordAudit(tx, user.officeId, user, {
        action: settings.caseworkersSeeAllCases ? 'office.caseworkers_see_all_cases' : 'office.caseworkers_see_own_cases',
        recordType: 'office',
        recordIds: [user.officeId],
      });
    }
    return repo.findOffice(tx, user.officeId);
  });
  return toView(office);
}

/** Current staff, by name; `worksCases` marks those who can own cases and take tasks. */
export async function listStaff(db: Kysely<DB>, user: SignedInUser) {
  const rows = await withOffice(db, user.officeId, (tx) => repo.listStaff(tx, user.officeId));
  return { staff: rows.map((u) => ({ id: u.id, name: u.display_name, role: u.role, worksCases: can(u, 'cases:write') })) };
}

/** The office's choice that need-to-know depends on, inside the caller's transaction. */
export function caseworkersSeeAllCases(tx: OfficeTx, officeId: string): Promise<boolean> {
  return repo.caseworkersSeeAllCases(tx, officeId);
}

/** A current member of staff of the office, inside the caller's transaction. */
export async function findStaff(tx: OfficeTx, officeId: string, userId: string) {
  return (await repo.listStaff(tx, officeId)).find((u) => u.id === userId);
}
