import { z } from 'zod';
import { caseStatuses } from '../../db/enums.js';

export const caseSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  personId: z.uuid(),
  summary: z.string(),
  status: z.enum(caseStatuses),
  ownerName: z.string().nullable(),
  sensitive: z.boolean(),
  openedAt: z.date(),
});
export type CaseView = z.infer<typeof caseSchema>;

export const caseParams = z.strictObject({ caseId: z.uuid('must be a case id (a UUID)') });
export const caseListSchema = z.object({ cases: z.array(caseSchema), total: z.number().int() });
