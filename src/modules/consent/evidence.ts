import { createHash } from 'node:crypto';
import { newId } from '../../db/ids.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { AppError, ErrorCode } from '../../platform/errors/errors.js';

/** Evidence of a consent (a signed form, scanned or photographed), sealed with the person's key. */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What a scanned form may be, told by its first bytes (the name and the browser's type are not trusted). */
const kinds: { type: string; magic: Buffer }[] = [
  { type: 'application/pdf', magic: Buffer.from('%PDF-') },
  { type: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
];

export const evidenceField = { name: (id: string) => `consent_evidence.${id}.name`, content: (id: string) => `consent_evidence.${id}.content` };

export interface EvidenceFile {
  filename: string;
  content: Buffer;
}

/** The type a file's bytes show, or a 415 saying what is accepted. */
export function evidenceType(file: EvidenceFile): string {
  if (file.content.length === 0) throw new AppError(ErrorCode.BadRequest, 'The evidence file is empty. Nothing was changed.');
  if (file.content.length > MAX_EVIDENCE_BYTES) throw new AppError(ErrorCode.PayloadTooLarge, 'The evidence file is larger than 10 MB. Nothing was changed.');
  const kind = kinds.find((k) => file.content.subarray(0, k.magic.length).equals(k.magic));
  if (!kind) throw new AppError(ErrorCode.UnsupportedMediaType, 'The evidence must be a PDF, PNG or JPEG file (a scan or photo of the signed form). Nothing was changed.');
  return kind.type;
}

/** The row to insert, sealed (the key store is another database: seal before the transaction's writes). */
export async function sealEvidence(keystore: KeyStore, officeId: string, personId: string, createdBy: string, file: EvidenceFile) {
  const contentType = evidenceType(file);
  const id = newId();
  const name = file.filename.split(/[\\/]/).pop()!.slice(0, 255) || 'evidence';
  const [filenameSealed, contentSealed] = await keystore.encryptMany(officeId, 'person', [
    { ownerId: personId, field: evidenceField.name(id), plaintext: name },
    { ownerId: personId, field: evidenceField.content(id), plaintext: file.content },
  ]);
  return {
    office_id: officeId,
    id,
    person_id: personId,
    filename_sealed: filenameSealed!,
    content_type: contentType,
    size_bytes: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    content_sealed: contentSealed!,
    created_by: createdBy,
  };
}

/** The file's name and bytes, opened with the person's key. */
export async function openEvidence(keystore: KeyStore, officeId: string, row: { id: string; person_id: string; filename_sealed: string; content_sealed: string }) {
  const [name] = await keystore.decryptMany(officeId, 'person', [{ ownerId: row.person_id, field: evidenceField.name(row.id), ciphertext: row.filename_sealed }]);
  const [content] = await keystore.decryptManyBytes(officeId, 'person', [{ ownerId: row.person_id, field: evidenceField.content(row.id), ciphertext: row.content_sealed }]);
  return { filename: name!, content: content! };
}
