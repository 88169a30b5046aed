import { z } from 'zod';
import { nations, roles, twoFactorRequirements } from '../../db/enums.js';
import { currentCode } from '../../platform/auth/schemas.js';
import { lineOfText, textBlock } from '../../platform/http/fields.js';
import { sendStateSchema } from '../correspondence/service.js';

export const officeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberName: z.string(),
  nation: z.enum(nations),
  /** Whom two-factor sign-in is required of: no one, managers and the data protection lead, or everyone. */
  twoFactorRequirement: z.enum(twoFactorRequirements),
  /** Caseworkers see every case not marked sensitive, not only the ones they own or are named on. */
  caseworkersSeeAllCases: z.boolean(),
  /** The office's own target for answering a rights request, in days from the clock's start (the statutory limit is a month). */
  rightsTargetDays: z.number().int(),
});
export type OfficeView = z.infer<typeof officeSchema>;

/** Any of the settings. `code`: a current code from the manager's authenticator app, needed to loosen the two-factor requirement once they use one. */
export const officeSettingsBody = z.strictObject({
  twoFactorRequirement: z.enum(twoFactorRequirements).optional(),
  caseworkersSeeAllCases: z.boolean().optional(),
  /** Whose bank holidays move a rights request's deadline. */
  nation: z.enum(nations).optional(),
  rightsTargetDays: z.number().int().min(1).max(31, 'must be at most 31: the statutory limit is a month').optional(),
  code: currentCode,
});
export type OfficeSettings = z.infer<typeof officeSettingsBody>;

export const staffParams = z.strictObject({ userId: z.uuid('must be a member of staff id (a UUID)') });
export const noBody = z.strictObject({});

/** Colleagues a case can be given to, shared with, or a task assigned to. */
export const staffListSchema = z.object({ staff: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles), worksCases: z.boolean() })) });

/** A new role, or `active: false` for a leaver (true brings them back); either, or both. */
export const staffAccountBody = z
  .strictObject({ role: z.enum(roles).optional(), active: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.active !== undefined, { message: 'must give a role, or active: true or false' });

/** Every account of the office, deactivated ones too, and the invitations not yet accepted: the manager's staff page. */
export const staffAccountsSchema = z.object({
  accounts: z.array(
    z.object({
      id: z.uuid(),
      email: z.string(),
      name: z.string(),
      role: z.enum(roles),
      /** False for a leaver: they cannot sign in. */
      active: z.boolean(),
      /** When they last signed in; null if never. */
      lastSignInAt: z.date().nullable(),
      /** Whether two-step verification (an authenticator app) is set up. */
      twoFactor: z.boolean(),
    }),
  ),
  invites: z.array(
    z.object({
      id: z.uuid(),
      email: z.string(),
      role: z.enum(roles),
      expiresAt: z.date(),
      invitedBy: z.string(),
      /** Whether the invitation's e-mail went, is waiting, or failed and why; null for one sent before Postbag kept it. */
      sending: sendStateSchema.nullable(),
    }),
  ),
});

export const inviteBody = z.strictObject({
  email: z.email('must be an e-mail address, like name@example.org').max(254, 'must be at most 254 characters').transform((e) => e.toLowerCase()),
  role: z.enum(roles, 'must be one of the roles: member, manager, caseworker, volunteer, researcher, data_protection_lead'),
});
export type InviteInput = z.infer<typeof inviteBody>;
export const invitedSchema = z.object({ id: z.uuid(), email: z.string(), role: z.enum(roles), expiresAt: z.date() });

/** The random part of an invitation link: 32 bytes, base64url. */
export const inviteTokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the code from the invitation link, copied whole') });
/** What the invitation page shows before the colleague sets up their account. */
export const invitationSchema = z.object({ officeName: z.string(), email: z.string(), role: z.enum(roles), expiresAt: z.date() });
export const acceptInviteBody = z.strictObject({
  name: lineOfText({ max: 200 }),
  password: z.string({ error: 'must be a password of at least 12 characters' }).min(12, 'must be at least 12 characters').max(1024, 'must be at most 1,024 characters'),
});
export type AcceptInvite = z.infer<typeof acceptInviteBody>;
export const acceptedSchema = z.object({ email: z.string() });

/**
 * The controller of the record of processing (UK GDPR Article 30(1)(a)): the member, with how to
 * reach them and their data protection lead, and the ICO registration; and the technical and
 * organisational security measures (30(1)(g)). Null: not given yet.
 */
export const controllerSchema = z.object({
  memberName: z.string(),
  address: z.string().nullable(),
  email: z.string().nullable(),
  dataProtectionContact: z.string().nullable(),
  icoRegistration: z.string().nullable(),
  securityMeasures: z.string(),
});
export type ControllerView = z.infer<typeof controllerSchema>;

/** The whole of the controller's details, as the settings form sends them; null (or left out) clears a detail. */
export const controllerBody = z.strictObject({
  address: textBlock({ max: 1000 }).nullable().default(null),
  email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address, e.g. office@example.org')).nullable().default(null),
  dataProtectionContact: textBlock({ max: 1000 }).nullable().default(null),
  icoRegistration: z
    .string('must be the registration number the ICO gave, e.g. ZA123456')
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6,12}$/, 'must be the registration number the ICO gave, letters and digits only, e.g. ZA123456')
    .nullable()
    .default(null),
  securityMeasures: textBlock({ max: 8000 }),
});
export type ControllerBody = z.infer<typeof controllerBody>;
