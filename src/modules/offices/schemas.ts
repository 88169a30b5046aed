import { z } from 'zod';
import { nations, roles, twoFactorRequirements } from '../../db/enums.js';
import { currentCode } from '../../platform/auth/schemas.js';

export const officeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberName: z.string(),
  nation: z.enum(nations),
  /** Whom two-factor sign-in is required of: no one, managers and the data protection lead, or everyone. */
  twoFactorRequirement: z.enum(twoFactorRequirements),
  /** Caseworkers see every case not marked sensitive, not only the ones they own or are named on. */
  caseworkersSeeAllCases: z.boolean(),
});
export type OfficeView = z.infer<typeof officeSchema>;

/** Either setting, or both. `code`: a current code from the manager's authenticator app, needed to loosen the two-factor requirement once they use one. */
export const officeSettingsBody = z.strictObject({
  twoFactorRequirement: z.enum(twoFactorRequirements).optional(),
  caseworkersSeeAllCases: z.boolean().optional(),
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
