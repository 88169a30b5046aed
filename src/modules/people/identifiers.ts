import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { IdentifiersInput } from './schemas.js';

/**
 * Date of birth and National Insurance number, sealed with the person's own data key (DESIGN.md,
 * invariant 3). The key store is a separate database, so sealing happens before the main
 * database's transaction opens, and opening after it has committed the audit entry of the read.
 */

const FIELD = { dateOfBirth: 'date_of_birth', niNumber: 'ni_number' } as const;

/** Column values for the identifiers given: a ciphertext to set, null to clear, absent to leave alone. */
export interface SealedIdentifiers {
  date_of_birth_sealed?: string | null;
  ni_number_sealed?: string | null;
}

export async function sealIdentifiers(keystore: KeyStore, officeId: string, personId: string, input: IdentifiersInput | undefined): Promise<SealedIdentifiers> {
  const sealed: SealedIdentifiers = {};
  if (!input) return sealed;
  const toSeal: { column: keyof SealedIdentifiers; field: string; plaintext: string }[] = [];
  if (input.dateOfBirth !== undefined) {
    if (input.dateOfBirth === null) sealed.date_of_birth_sealed = null;
    else toSeal.push({ column: 'date_of_birth_sealed', field: FIELD.dateOfBirth, plaintext: input.dateOfBirth });
  }
  if (input.niNumber !== undefined) {
    if (input.niNumber === null) sealed.ni_number_sealed = null;
    else toSeal.push({ column: 'ni_number_sealed', field: FIELD.niNumber, plaintext: input.niNumber });
  }
  if (toSeal.length === 0) return sealed;
  const ciphertexts = await keystore.encryptMany(officeId, 'person', toSeal.map((s) => ({ ownerId: personId, field: s.field, plaintext: s.plaintext })));
  toSeal.forEach((s, i) => (sealed[s.column] = ciphertexts[i] as string));
  return sealed;
}

export async function openIdentifiers(
  keystore: KeyStore,
  officeId: string,
  personId: string,
  row: { date_of_birth_sealed: string | null; ni_number_sealed: string | null },
): Promise<{ dateOfBirth: string | null; niNumber: string | null }> {
  const open = (field: string, ciphertext: string | null) => (ciphertext === null ? null : keystore.decryptField(officeId, 'person', personId, field, ciphertext));
  const [dateOfBirth, niNumber] = await Promise.all([open(FIELD.dateOfBirth, row.date_of_birth_sealed), open(FIELD.niNumber, row.ni_number_sealed)]);
  return { dateOfBirth, niNumber };
}
