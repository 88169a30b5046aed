import { z } from 'zod';

export const officeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberName: z.string(),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  requireTwoFactor: z.boolean(),
});
export type OfficeView = z.infer<typeof officeSchema>;

export const officeSettingsBody = z.strictObject({ requireTwoFactor: z.boolean() });
