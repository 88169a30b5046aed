import { z } from 'zod';

/** A JSON object that names any field it does not know in its error. */
export function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling` : undefined),
  });
}
