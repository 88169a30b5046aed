import { createHash } from 'node:crypto';
import { formTokenKey as keyFor } from '../../../platform/http/form-token.js';

/** The contact form's token key (platform/http/form-token.ts: when the form was served, and a nonce). */
export function formTokenKey(masterKey: Buffer): Buffer {
  return keyFor(masterKey, 'postbag/contact-form-token/v1');
}

/** The stored message's content hash: the same form sent again is found as a duplicate. */
export function nonceHash(nonce: string): string {
  return createHash('sha256').update(`contact-form:${nonce}`).digest('hex');
}
