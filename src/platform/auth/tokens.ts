import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie or a link (a session, an invitation): 32 random bytes, base64url (43 characters). */
export const newSecretToken = () => randomBytes(32).toString('base64url');

/** What is stored of such a token: its SHA-256 (the token is random, so no salt or slow hash is needed). */
export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest();
