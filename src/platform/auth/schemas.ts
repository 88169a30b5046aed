import { z } from 'zod';
import { roles } from '../../db/enums.js';
import { recoveryCodePattern } from './recovery-codes.js';

const role = z.enum(roles);
const totpCode = z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows');

export const signInBody = z
  .strictObject({
    email: z.email('must be an e-mail address').max(254),
    password: z.string().min(1, 'must not be empty').max(1024),
    code: totpCode.optional(),
    /** Instead of `code`, when the authenticator is lost: each recovery code works once. */
    recoveryCode: z.string().trim().regex(recoveryCodePattern, 'must be one of your recovery codes, like abcde-fghjk').optional(),
  })
  .refine((body) => !(body.code && body.recoveryCode), { path: ['recoveryCode'], message: 'must be left out when a code from your authenticator app is given: give one or the other' });

export const confirmTwoFactorBody = z.strictObject({ code: totpCode });
/** A current code from the app, to confirm a change that weakens sign-in; absent for a user without two-factor sign-in. */
export const currentCode = totpCode.optional();
export const emptyBody = z.strictObject({});

export const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), role }),
  office: z.object({ id: z.uuid(), name: z.string(), memberName: z.string() }),
  csrfToken: z.string(),
  permissions: z.array(z.string()),
  twoFactor: z.object({ enrolled: z.boolean(), enrolmentRequired: z.boolean() }),
});

/** `qrSvg`: the otpauth address as a QR code (an SVG document), for the app's camera. */
export const twoFactorSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export const enrolledSchema = meSchema.extend(recoveryCodesSchema.shape);
export const regenerateRecoveryCodesBody = z.strictObject({ code: totpCode });
