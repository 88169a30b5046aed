import type { Insertable } from 'kysely';
import { newId } from '../../../db/ids.js';
import type { AttachmentsTable } from '../../../db/schema.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { attachmentRows, type ReceivedFile, screenFiles, type WithheldFile } from '../attachments.js';
import { sealAttachments } from '../sealing.js';

/**
 * A message's files screened (type, size, zip bombs) and sealed with the message's key, as
 * attachment rows, and those withheld with the reason. The key store is another database: call
 * this before the message's transaction opens.
 */
export async function prepareAttachments(
  keystore: KeyStore,
  officeId: string,
  messageId: string,
  received: readonly ReceivedFile[],
): Promise<{ rows: Insertable<AttachmentsTable>[]; withheld: WithheldFile[] }> {
  const { kept, withheld } = await screenFiles(received);
  const files = kept.map((file) => ({ ...file, id: newId() }));
  const sealed = await sealAttachments(keystore, officeId, messageId, files);
  return { rows: attachmentRows(officeId, messageId, files, sealed), withheld };
}
