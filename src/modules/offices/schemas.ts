import { z } from 'zod';
import { nations, roles } from '../../db/enums.js';

export const officeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberName: z.string(),
  nation: z.enum(nations),
  requireTwoFactor: z.boolean(),
  /** Caseworkers see every case not marked sensitive, not only the ones they own or are named on. */
  caseworkersSeeAllCases: z.boolean(),
});
export type OfficeView = z.infer<typeof officeSchema>;

export const officeSettingsBody = z.strictObject({ requireTwoFactor: z.boolean().optional(), caseworkersSeeAllCases: z.boolean().optional() });
export type OfficeSettingsBody = z.infer<typeof officeSettingsBody>;

/** Colleagues a case can be given to, shared with, or a task assigned to. */
export const staffListSchema = z.object({ staff: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles), worksCases: z.boolean() })) });
