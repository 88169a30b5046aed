import { z } from 'zod';

/**
 * A JSON object that refuses any field it does not know, naming it ("has unknown field(s)
 * "nickname"; check the spelling": the wording is zod-messages.ts's, as for every strict object).
 */
export function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape);
}
