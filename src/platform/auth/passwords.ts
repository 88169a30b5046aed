import argon2 from 'argon2';

/** argon2id at the library's defaults (m=64 MiB, t=3, p=4): about 100 ms a hash on a 2-core machine. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified against when the e-mail is unknown, so that timing does not reveal which accounts exist.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    decoy ??= hashPassword('no such account');
    await argon2.verify(await decoy, password);
    return false;
  }
  return argon2.verify(hash, password);
}
