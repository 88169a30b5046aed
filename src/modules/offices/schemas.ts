import { z } from 'zod';
import { nations } from '../../db/enums.js';

export const officeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberName: z.string(),
  nation: z.enum(nations),
  requireTwoFactor: z.boolean(),
});
export type OfficeView = z.infer<typeof officeSchema>;

export const officeSettingsBody = z.strictObject({ requireTwoFactor: z.boolean() });
