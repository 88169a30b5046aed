import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../crypto/master-key.js';

/**
 * A public form's token: when the form was served and a random nonce, signed for one office with a
 * key of the form's own. It lets Postbag refuse a form sent back too fast to have been filled in by
 * a person, or long after it was served, without keeping anything about the visitor; the nonce
 * tells a form sent twice from two forms.
 */
export const MIN_FILL_MS = 3_000;
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** `label`: the form's own, e.g. 'postbag/contact-form-token/v1', so one form's token is no good on another. */
export function formTokenKey(masterKey: Buffer, label: string): Buffer {
  return deriveKey(masterKey, label, '');
}

export function issueToken(key: Buffer, officeId: string, servedAt = new Date()): string {
  const body = `${servedAt.getTime()}.${randomBytes(16).toString('base64url')}`;
  return `${body}.${mac(key, officeId, body)}`;
}

export type TokenCheck =
  | { ok: true; nonce: string; servedAt: Date }
  | { ok: false; reason: 'invalid' | 'too_fast' | 'expired'; nonce?: string };

export function checkToken(key: Buffer, officeId: string, token: string | undefined, now = new Date()): TokenCheck {
  const [time, nonce, signature, ...rest] = (token ?? '').split('.');
  if (!time || !nonce || !signature || rest.length || !/^\d{1,15}$/.test(time)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(key, officeId, `${time}.${nonce}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const age = now.getTime() - Number(time);
  if (age < MIN_FILL_MS) return { ok: false, reason: 'too_fast', nonce };
  if (age > MAX_AGE_MS) return { ok: false, reason: 'expired', nonce };
  return { ok: true, nonce, servedAt: new Date(Number(time)) };
}

function mac(key: Buffer, officeId: string, body: string): string {
  return createHmac('sha256', key).update(`${officeId.toLowerCase()}.${body}`).digest('base64url');
}
