import { z } from 'zod';
import { roles } from '../../db/enums.js';

const role = z.enum(roles);
const totpCode = z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows');

export const signInBody = z.strictObject({
  email: z.email('must be an e-mail address').max(254),
  password: z.string().min(1, 'must not be empty').max(1024),
  code: totpCode.optional(),
});

export const confirmTwoFactorBody = z.strictObject({ code: totpCode });
export const emptyBody = z.strictObject({});

export const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), role }),
  office: z.object({ id: z.uuid(), name: z.string(), memberName: z.string() }),
  csrfToken: z.string(),
  permissions: z.array(z.string()),
  twoFactor: z.object({ enrolled: z.boolean(), enrolmentRequired: z.boolean() }),
});

export const twoFactorSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
