import { z } from 'zod';

export const personSchema = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  source: z.string(),
  collectedAt: z.date(),
});
export type PersonView = z.infer<typeof personSchema>;

export const personParams = z.strictObject({ personId: z.uuid('must be a person id (a UUID)') });
export const personListSchema = z.object({ people: z.array(personSchema), total: z.number().int() });
