import type { MessageChannel } from '../../../db/schema.js';
import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { recordMessage } from '../../casework/service.js';
import type { ReceivedFile } from '../attachments.js';
import { caseEntry, type CorrespondenceDeps } from '../ingest.js';
import * as repo from '../repo.js';
import { type PreparedMessage, prepareMessages } from '../sealing.js';

/** Something the office sent or did, noted afterwards: a call it made, a letter posted by hand. */
export interface OutgoingNote {
  channel: MessageChannel;
  /** Makes the same note sent twice (a double click) one message. */
  contentHash: string;
  to: { address: string | null; name: string | null };
  text: string;
  occurredAt: Date;
  personId: string | null;
  caseId: string | null;
  files: readonly ReceivedFile[];
  detail: Record<string, unknown>;
}

/**
 * Stores the note once as a message out, already 'sent', its text and files sealed; on the case's
 * timeline when it names one, which the user must be able to see ("not found" otherwise, nothing stored).
 */
export async function storeOutgoing(deps: CorrespondenceDeps, user: SignedInUser, note: OutgoingNote): Promise<{ outcome: 'stored' | 'duplicate'; messageId: string }> {
  const { officeId } = user;
  const known = await withOffice(deps.db, officeId, (tx) => repo.findDuplicate(tx, officeId, note.contentHash));
  if (known) return { outcome: 'duplicate', messageId: known.id };
  // The key store is another database: seal before the transaction opens.
  const [{ messageId, texts, attachments, withheld }] = (await prepareMessages(deps.keystore, officeId, [{ texts: { subject: null, body: note.text, html: null, counterpartAddress: note.to.address, counterpartName: note.to.name }, files: note.files }])) as [PreparedMessage];
  return withOffice(deps.db, officeId, async (tx) => {
    const stored = await repo.insertMessage(tx, {
      office_id: officeId,
      id: messageId,
      direction: 'out',
      channel: note.channel,
      state: 'sent',
      person_id: note.personId,
      case_id: note.caseId,
      content_hash: note.contentHash,
      ...texts,
      occurred_at: note.occurredAt,
      sent_at: note.occurredAt,
      attachment_count: attachments.length,
      detail: JSON.stringify({ ...note.detail, ...(withheld.length ? { withheldFiles: withheld } : {}) }),
      created_by: user.userId,
    });
    if (!stored) return { outcome: 'duplicate', messageId: (await repo.findDuplicate(tx, officeId, note.contentHash))!.id };
    await repo.insertAttachments(tx, attachments);
    if (note.caseId) {
      const entry = caseEntry(note.caseId, messageId, user.userId, { subject: null, text: note.text, occurredAt: note.occurredAt, channel: note.channel, direction: 'out' });
      await recordMessage(deps.keystore, tx, officeId, user, entry);
    }
    await recordAudit(tx, officeId, user, { action: 'message.recorded', recordType: 'message', recordIds: note.caseId ? [messageId, note.caseId] : [messageId] });
    return { outcome: 'stored' as const, messageId };
  });
}
