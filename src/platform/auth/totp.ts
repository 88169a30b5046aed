import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { openSecret, sealSecret } from '../crypto/master-key.js';

/** Time-based one-time codes (RFC 6238) as authenticator apps show them: 6 digits every 30 s. */
const PERIOD = 30;

const totpFor = (secretBase32: string, label: string) =>
  new OTPAuth.TOTP({ issuer: 'Postbag', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secretBase32) });

// Bound to the user, so a sealed secret copied onto another account does not open.
const purpose = (userId: string) => `totp:${userId}`;

export function newTotpSecret(master: Buffer, userId: string, label: string): { sealed: string; secret: string; otpauthUrl: string } {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  return { sealed: sealSecret(master, purpose(userId), secret), secret, otpauthUrl: totpFor(secret, label).toString() };
}

/**
 * The time step the code belongs to (one step of clock drift either way is allowed), or null when
 * it is not a current code. The caller records the step so that the same code is good only once.
 */
export function matchingStep(master: Buffer, userId: string, sealed: string, label: string, code: string): number | null {
  const delta = totpFor(openSecret(master, purpose(userId), sealed), label).validate({ token: code, window: 1 });
  return delta === null ? null : Math.floor(Date.now() / 1000 / PERIOD) + delta;
}

/** The otpauth address as an SVG QR code, for the authenticator app's camera. */
export function qrCodeSvg(otpauthUrl: string): Promise<string> {
  return QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
