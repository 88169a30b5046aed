import type { TwoFactorRequirement } from '../../db/enums.js';
import type { Role } from '../../db/schema.js';
import type { Actor } from '../audit/audit.js';
import { AppError, ErrorCode } from '../errors/errors.js';

/** The one place that decides what a signed-in user may do and may see. */

export const permissions = [
  'inbox:read',
  'cases:read',
  'cases:read-all',
  'cases:write',
  'cases:assign',
  'people:read',
  'people:write',
  // Setting and lifting a restriction of processing (UK GDPR Art. 18).
  'people:restrict',
  'outreach:read',
  /** Compose and send newsletters and campaign updates, set the sending rate. */
  'outreach:send',
  'rights:read',
  'retention:read',
  'disclosures:read',
  'breaches:read',
  'register:read',
  'research:read',
  'jobs:read',
  'jobs:manage',
  'audit:read',
  'office:manage',
  // The record of processing (Article 30): every role reads it; the DPO and the manager keep it.
  'processing:read',
  'processing:manage',
  // The consent ledger: who reads a person's consents, who records one; the suppression list.
  'consent:read',
  'consent:record',
  'suppression:manage',
] as const;
export type Permission = (typeof permissions)[number];

const casework: Permission[] = ['inbox:read', 'cases:read', 'cases:write', 'people:read', 'people:write', 'disclosures:read', 'consent:read', 'consent:record'];

const byRole: Record<Role, readonly Permission[]> = {
  member: ['inbox:read', 'cases:read', 'cases:read-all', 'people:read', 'outreach:read', 'research:read', 'processing:read'],
  manager: [...casework, 'cases:read-all', 'cases:assign', 'outreach:read', 'register:read', 'research:read', 'jobs:read', 'jobs:manage', 'office:manage', 'processing:read', 'processing:manage', 'suppression:manage', 'outreach:send'],
  caseworker: [...casework, 'processing:read'],
  // Campaigning lists only.
  volunteer: ['outreach:read', 'processing:read'],
  // Anonymised aggregates only.
  researcher: ['research:read', 'processing:read'],
  data_protection_lead: [
    'cases:read',
    'cases:read-all',
    'people:read',
    'people:restrict',
    'rights:read',
    'retention:read',
    'disclosures:read',
    'breaches:read',
    'register:read',
    'jobs:read',
  'jobs:manage',
    'audit:read',
    'processing:read',
    'processing:manage',
    'consent:read',
    'consent:record',
    'suppression:manage',
  ],
};

const overseers: readonly Role[] = ['manager', 'data_protection_lead'];

/** Whether the office's two-factor requirement covers this role. */
export function twoFactorRequiredOf(requirement: TwoFactorRequirement, role: Role): boolean {
  return requirement === 'everyone' || (requirement === 'managers_and_dpo' && overseers.includes(role));
}

export interface SignedInUser extends Actor {
  userId: string;
  sessionId: string;
  officeId: string;
  role: Role;
}

export function permissionsOf(role: Role): readonly Permission[] {
  return byRole[role];
}

export function can(user: Pick<SignedInUser, 'role'>, permission: Permission): boolean {
  return byRole[user.role].includes(permission);
}

export function assertCan(user: Pick<SignedInUser, 'role'>, permission: Permission): void {
  if (!can(user, permission)) {
    throw new AppError(ErrorCode.Forbidden, `Your role does not allow this (it needs the "${permission}" permission). Ask your office manager if you need it.`);
  }
}

/** What need-to-know for cases depends on besides the user: the office's own choice. */
export interface CaseViewer extends Pick<SignedInUser, 'userId' | 'role'> {
  /** The office lets caseworkers see every case not marked sensitive (the default). */
  caseworkersSeeAllCases: boolean;
}

/**
 * Whether the viewer sees every case not marked sensitive, not only those they own or are named
 * on. Casework turns this into its where clause (casework/repo.ts `caseVisibleTo`).
 */
export function seesEveryCaseNotSensitive(viewer: CaseViewer): boolean {
  return can(viewer, 'cases:read-all') || (viewer.caseworkersSeeAllCases && can(viewer, 'cases:write'));
}

/**
 * Whether the viewer sees a case no one owns yet (not sensitive), whatever the office's setting:
 * such a case (the contact form opens them) waits for the team that works cases to pick it up.
 */
export function seesUnassignedCases(viewer: CaseViewer): boolean {
  return can(viewer, 'cases:write');
}

/** Only roles that work cases may own one (a volunteer or researcher never does). */
export function mayOwnCases(role: Role): boolean {
  return can({ role }, 'cases:write');
}

/** A case's owner, its sensitivity and whom it is shared with are decided by its owner or a manager, not by those it is shared with. */
export function mayDecideCaseAccess(user: Pick<SignedInUser, 'userId' | 'role'>, ownerId: string | null): boolean {
  return user.userId === ownerId || can(user, 'cases:assign');
}

/**
 * Need-to-know covers people too. The roles that oversee casework see everyone; anyone else sees
 * a person who is on no case yet (a new caller must be findable before a case is opened for them)
 * or on at least one case they may see, and not a person whose every case is hidden from them.
 */
export function seesEveryPerson(user: Pick<SignedInUser, 'role'>): boolean {
  return can(user, 'cases:read-all');
}
