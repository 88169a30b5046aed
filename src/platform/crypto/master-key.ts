import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config.js';
import { associatedData, KEY_BYTES, openText, seal } from './aead.js';

/**
 * The master key never encrypts data itself: every key Postbag uses is derived from it with
 * HKDF-SHA256 under a purpose label, so one key cannot be used for another's job.
 */

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

const HOW_TO_MAKE_ONE = '32 random bytes in base64, e.g. the output of `openssl rand -base64 32`';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the master key from the environment or from its file. `createIfMissing` writes a new
 * key (mode 0600) when the file does not exist: for the embedded demo only, because data
 * encrypted under a lost key cannot be recovered.
 */
export function loadMasterKey(source: Config['masterKey'], opts: { createIfMissing: boolean }): Buffer {
  if ('base64' in source) return decode(source.base64, 'The master key in POSTBAG_MASTER_KEY');
  const { file } = source;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && opts.createIfMissing) return createKeyFile(file);
    if (code === 'ENOENT') {
      throw new MasterKeyError(
        `The master key file ${file} does not exist. Restore it from where the key is kept (without it the encrypted data cannot be read), ` +
          `or for a new installation write ${HOW_TO_MAKE_ONE} to it, or set POSTBAG_MASTER_KEY.`,
      );
    }
    throw new MasterKeyError(`Cannot read the master key file ${file}: ${(error as Error).message}`);
  }
  return decode(text, `The master key in ${file}`);
}

function createKeyFile(file: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process created the file meanwhile, use its key rather than replace it.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey({ file }, { createIfMissing: false });
    throw new MasterKeyError(`Cannot create the master key file ${file}: ${(error as Error).message}`);
  }
  return key;
}

/** Never echoes the key: error messages end up in logs. */
function decode(text: string, what: string): Buffer {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) throw new MasterKeyError(`${what} is not base64. It must be ${HOW_TO_MAKE_ONE}.`);
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new MasterKeyError(`${what} is ${key.length} bytes long; it must be ${KEY_BYTES} bytes (${HOW_TO_MAKE_ONE}).`);
  }
  return key;
}

/** A 32-byte key for one purpose; the same master, purpose and salt always give the same key. */
export function deriveKey(master: Buffer, purpose: string, salt: string): Buffer {
  if (master.length !== KEY_BYTES) throw new MasterKeyError(`The master key must be ${KEY_BYTES} bytes; this one has ${master.length}.`);
  return Buffer.from(hkdfSync('sha256', master, salt, purpose, KEY_BYTES));
}

/** Wraps the data keys of one office's people; each office is a separate data controller. */
export function officeKey(master: Buffer, officeId: string): Buffer {
  // The same uuid in another case must give the same key.
  return deriveKey(master, 'postbag/office-key/v1', officeId.toLowerCase());
}

export function cookieSecret(master: Buffer): Buffer {
  return deriveKey(master, 'postbag/cookie-signing/v1', '');
}

/**
 * Seals a small secret Postbag must read back (e.g. a staff member's TOTP secret). `purpose` is
 * bound as associated data: include the owner's id (`totp:<user id>`) so a sealed value copied
 * to another row does not open.
 */
export function sealSecret(master: Buffer, purpose: string, text: string): string {
  return seal(secretsKey(master), text, associatedData('postbag/secret', purpose));
}

/** Throws DecryptionError if the value was altered, sealed for another purpose or under another master key. */
export function openSecret(master: Buffer, purpose: string, sealed: string): string {
  return openText(secretsKey(master), sealed, associatedData('postbag/secret', purpose));
}

function secretsKey(master: Buffer): Buffer {
  return deriveKey(master, 'postbag/secrets/v1', '');
}
