import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with associated data, in a compact text format that fits a `text` column:
 * `v1.<iv>.<tag>.<ciphertext>`, each part base64url. The version prefix lets the format change
 * later without guessing what an old value is.
 */

export const KEY_BYTES = 32;
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export class DecryptionError extends Error {
  constructor(message = 'Decryption failed: the ciphertext was altered, or the key or associated data is not the one it was sealed with.') {
    super(message);
    this.name = 'DecryptionError';
  }
}

/**
 * Associated data from parts, encoded so that no two different lists give the same bytes
 * (joining with a separator would let `['a.b', 'c']` collide with `['a', 'b.c']`).
 */
export function associatedData(...parts: (string | number)[]): string {
  return JSON.stringify(parts);
}

export function seal(key: Buffer, plaintext: Buffer | string, aad: Buffer | string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

/** Throws DecryptionError unless `sealed` was made by `seal` with this key and this associated data. */
export function open(key: Buffer, sealed: string, aad: Buffer | string): Buffer {
  checkKey(key);
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new DecryptionError(`Decryption failed: not a sealed value (expected ${VERSION}.<iv>.<tag>.<ciphertext>).`);
  }
  const [ivBytes, tagBytes, ciphertextBytes] = [iv, tag, ciphertext].map(decodePart) as [Buffer, Buffer, Buffer];
  // GCM accepts truncated tags unless their length is checked, which would weaken authentication.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new DecryptionError();
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(ciphertextBytes), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

export function openText(key: Buffer, sealed: string, aad: Buffer | string): string {
  return open(key, sealed, aad).toString('utf8');
}

function decodePart(part: string): Buffer {
  // Buffer.from(..., 'base64url') skips characters it does not know; refuse them instead.
  if (!BASE64URL.test(part)) throw new DecryptionError('Decryption failed: the sealed value is not valid base64url.');
  return Buffer.from(part, 'base64url');
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`AES-256-GCM needs a ${KEY_BYTES}-byte key; this one has ${key.length} bytes.`);
}
