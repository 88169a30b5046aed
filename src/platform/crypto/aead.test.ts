import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { associatedData, DecryptionError, open, openText, seal } from './aead.js';

const key = randomBytes(32);

/** Flips one bit of one decoded part (1 iv, 2 tag, 3 ciphertext) and re-encodes it. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('aead', () => {
  it('round-trips strings and bytes in the v1 text format', () => {
    const sealed = seal(key, 'NI number QQ 12 34 56 C, diabetic', 'aad');
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(openText(key, sealed, 'aad')).toBe('NI number QQ 12 34 56 C, diabetic');
    const bytes = randomBytes(100);
    expect(open(key, seal(key, bytes, Buffer.from('x')), 'x').equals(bytes)).toBe(true);
    expect(openText(key, seal(key, '', 'aad'), 'aad')).toBe('');
  });

  it('uses a fresh iv each time', () => {
    expect(seal(key, 'same', 'aad')).not.toBe(seal(key, 'same', 'aad'));
  });

  it.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ] as const)('detects a flipped bit in the %s', (_name, part) => {
    const sealed = seal(key, 'secret', 'aad');
    expect(() => open(key, tamper(sealed, part), 'aad')).toThrow(DecryptionError);
  });

  it('refuses the wrong key or the wrong associated data', () => {
    const sealed = seal(key, 'secret', associatedData('person', 'a'));
    expect(() => open(randomBytes(32), sealed, associatedData('person', 'a'))).toThrow(DecryptionError);
    expect(() => open(key, sealed, associatedData('person', 'b'))).toThrow(DecryptionError);
  });

  it('refuses malformed values and truncated tags', () => {
    const sealed = seal(key, 'secret', 'aad');
    const [, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
    const shortTag = Buffer.from(tag, 'base64url').subarray(0, 12).toString('base64url');
    for (const bad of ['', 'nonsense', `v2.${iv}.${tag}.${ct}`, `v1.${iv}.${shortTag}.${ct}`, `v1.${iv}.${tag}.${ct}.x`, `v1.${iv}.${tag}.${ct}!`]) {
      expect(() => open(key, bad, 'aad'), bad).toThrow(DecryptionError);
    }
  });

  it('encodes associated data without ambiguity', () => {
    expect(associatedData('a.b', 'c')).not.toBe(associatedData('a', 'b.c'));
    expect(associatedData('1')).not.toBe(associatedData(1));
  });

  it('refuses a key of the wrong length', () => {
    expect(() => seal(randomBytes(16), 'x', 'aad')).toThrow(/32-byte key/);
  });
});
