import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecryptionError } from './aead.js';
import { cookieSecret, deriveKey, loadMasterKey, MasterKeyError, officeKey, openSecret, sealSecret } from './master-key.js';

function withTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'postbag-key-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MasterKeyError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadMasterKey', () => {
  it('reads a base64 key from the environment', () => {
    const key = randomBytes(32);
    expect(loadMasterKey({ base64: key.toString('base64') }, { createIfMissing: false }).equals(key)).toBe(true);
  });

  it('creates a missing key file, with its directories, readable by the owner only', () => {
    withTempDir((dir) => {
      const file = join(dir, 'secrets', 'nested', 'master.key');
      const created = loadMasterKey({ file }, { createIfMissing: true });
      expect(created).toHaveLength(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadMasterKey({ file }, { createIfMissing: true }).equals(created)).toBe(true);
      expect(loadMasterKey({ file }, { createIfMissing: false }).equals(created)).toBe(true);
    });
  });

  it('names the missing file when it may not create one', () => {
    withTempDir((dir) => {
      const file = join(dir, 'master.key');
      expect(() => loadMasterKey({ file }, { createIfMissing: false })).toThrow(MasterKeyError);
      expect(() => loadMasterKey({ file }, { createIfMissing: false })).toThrow(file);
    });
  });

  it('refuses a key of the wrong length or not in base64, without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    const message = errorOf(() => loadMasterKey({ base64: short }, { createIfMissing: false }));
    expect(message).toMatch(/16 bytes long; it must be 32 bytes/);
    expect(message).not.toContain(short);
    expect(errorOf(() => loadMasterKey({ base64: 'not base64 at all!' }, { createIfMissing: false }))).toMatch(/not base64/);
    withTempDir((dir) => {
      const file = join(dir, 'master.key');
      writeFileSync(file, randomBytes(33).toString('base64'));
      expect(() => loadMasterKey({ file }, { createIfMissing: true })).toThrow(/33 bytes long/);
    });
  });
});

describe('derived keys', () => {
  const master = randomBytes(32);

  it('are deterministic and differ by purpose, salt and master', () => {
    const key = deriveKey(master, 'purpose', 'salt');
    expect(key).toHaveLength(32);
    expect(deriveKey(master, 'purpose', 'salt').equals(key)).toBe(true);
    expect(deriveKey(master, 'other', 'salt').equals(key)).toBe(false);
    expect(deriveKey(master, 'purpose', 'other').equals(key)).toBe(false);
    expect(deriveKey(randomBytes(32), 'purpose', 'salt').equals(key)).toBe(false);
    expect(() => deriveKey(randomBytes(16), 'purpose', 'salt')).toThrow(MasterKeyError);
  });

  it('give each office its own key, whatever the case of its id', () => {
    const office = randomUUID();
    expect(officeKey(master, office).equals(officeKey(master, randomUUID()))).toBe(false);
    expect(officeKey(master, office.toUpperCase()).equals(officeKey(master, office))).toBe(true);
    expect(cookieSecret(master)).toHaveLength(32);
    expect(cookieSecret(master).equals(officeKey(master, office))).toBe(false);
  });

  it('seal secrets that open only for the same purpose and master key', () => {
    const sealed = sealSecret(master, 'totp:user-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(master, 'totp:user-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(master, 'totp:user-2', sealed)).toThrow(DecryptionError);
    expect(() => openSecret(randomBytes(32), 'totp:user-1', sealed)).toThrow(DecryptionError);
  });
});
