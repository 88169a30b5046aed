import { createHash, randomInt } from 'node:crypto';

/**
 * One-time recovery codes, for when the authenticator is lost: ten of them, shown once, kept only
 * as SHA-256 (each is 50 random bits, too many to try, so a slow hash adds nothing).
 */
const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: a code copied from paper is read back right.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** "abcde-fghjk": two groups of five, easier to write down. */
export const recoveryCodePattern = /^[a-z2-9]{5}-?[a-z2-9]{5}$/i;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

/** The same hash however the code was typed: any case, with or without its dash. */
export function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest();
}
