import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../db/ids.js';
import { deriveKey } from './master-key.js';

/**
 * The token in a marketing e-mail's unsubscribe links (the visible one and RFC 8058's
 * `List-Unsubscribe`): which office, person, purpose and message it is for, signed with a key
 * derived from the master key for that office. Nothing is stored to check it, so it works for as
 * long as the message is worth answering, and only Postbag can make one: changing any byte makes it
 * no token at all. It names no address, so a link passed on says nothing about whom it reached.
 */
export interface UnsubscribeClaim {
  officeId: string;
  personId: string;
  purposeId: string;
  messageId: string;
}

const VERSION = 1;
const MAC_BYTES = 16;
const FIELDS = ['officeId', 'personId', 'purposeId', 'messageId'] as const;
const LENGTH = 1 + FIELDS.length * 16 + MAC_BYTES;

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function mac(masterKey: Buffer, officeId: string, body: Buffer): Buffer {
  const key = deriveKey(masterKey, 'postbag/unsubscribe-token/v1', officeId);
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

export function unsubscribeToken(masterKey: Buffer, claim: UnsubscribeClaim): string {
  for (const field of FIELDS) if (!isUuid(claim[field])) throw new TypeError(`unsubscribeToken: ${field} is not a UUID`);
  const body = Buffer.concat([Buffer.from([VERSION]), ...FIELDS.map((f) => uuidBytes(claim[f]))]);
  return Buffer.concat([body, mac(masterKey, claim.officeId.toLowerCase(), body)]).toString('base64url');
}

/** The claim a token makes, or undefined for anything Postbag did not sign (one answer, whatever is wrong with it). */
export function readUnsubscribeToken(masterKey: Buffer, token: string): UnsubscribeClaim | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== LENGTH || bytes[0] !== VERSION || bytes.toString('base64url') !== token) return undefined;
  const body = bytes.subarray(0, LENGTH - MAC_BYTES);
  const ids = FIELDS.map((_, i) => uuidText(body.subarray(1 + i * 16, 17 + i * 16)));
  const claim = Object.fromEntries(FIELDS.map((f, i) => [f, ids[i]])) as unknown as UnsubscribeClaim;
  if (!timingSafeEqual(mac(masterKey, claim.officeId, body), bytes.subarray(LENGTH - MAC_BYTES))) return undefined;
  return claim;
}
