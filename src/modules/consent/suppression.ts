import type { SuppressionChannel } from '../../db/schema.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { validationFailed } from '../../platform/errors/errors.js';
import { normalisePhone } from '../people/service.js';

/** An address as the suppression list hashes it: its channel and normalised spelling. */
export interface NormalisedAddress {
  channel: SuppressionChannel;
  value: string;
}

// What an address needs to be worth hashing; the mail server decides the rest.
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** E-mail: trimmed and lower-cased; phone: E.164 (people's normalisation). Undefined when it is neither. */
export function normaliseAddress(address: string, channel?: SuppressionChannel): NormalisedAddress | undefined {
  const trimmed = address.trim();
  if (channel !== 'phone' && trimmed.includes('@')) {
    const value = trimmed.toLowerCase();
    return EMAIL.test(value) ? { channel: 'email', value } : undefined;
  }
  if (channel === 'email') return undefined;
  const phone = normalisePhone(trimmed);
  return phone ? { channel: 'phone', value: phone } : undefined;
}

/** The same, or a 400 naming the field ("Address must be an e-mail address or a phone number"). */
export function addressOrRefuse(address: string, channel: SuppressionChannel | undefined, path = 'body.address'): NormalisedAddress {
  const found = normaliseAddress(address, channel);
  if (found) return found;
  const wanted = channel === 'email' ? 'an e-mail address' : channel === 'phone' ? 'a UK phone number, or an international one with its +code' : 'an e-mail address or a phone number';
  throw validationFailed([{ path, message: `must be ${wanted}` }]);
}

/** The keyed hash the list holds: the channel is part of it, so an e-mail and a phone never collide. */
export const addressHash = (keystore: KeyStore, officeId: string, address: NormalisedAddress): Buffer => keystore.addressHash(officeId, `${address.channel}:${address.value}`);
