import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { notFound } from '../../../platform/errors/errors.js';
import { seeCase } from '../../casework/service.js';
import { loadDetail, soleHolderOf } from '../../people/service.js';
import type { ReceivedFile, WithheldFile } from '../attachments.js';
import { type CorrespondenceDeps, storeIncoming } from '../ingest.js';
import * as repo from '../repo.js';
import { sha256 } from '../attachments.js';
import { storeOutgoing } from './outgoing.js';
import { invalid } from './problems.js';
import type { NoteFields, NoteReply } from './schemas.js';

/**
 * Records a phone call or letter. One that came in waits in the inbox for triage, or is filed on
 * the case it names; one the office made or sent is stored as sent, on its case if it names one.
 * The same note sent twice (a double click, a retry) is stored once.
 */
export async function recordNote(deps: CorrespondenceDeps, user: SignedInUser, note: NoteFields, scans: readonly ReceivedFile[]): Promise<NoteReply> {
  const { officeId } = user;
  const contentHash = noteHash(note, scans);
  const { personId, filedOn } = await withOffice(deps.db, officeId, async (tx) => {
    if (note.personId && !(await loadDetail(tx, officeId, note.personId))) throw invalid('The note', [{ path: 'body.personId', message: 'is not a person of this office' }]);
    const found = note.caseId ? await seeCase(tx, user, note.caseId) : null;
    if (found === undefined) throw notFound('case');
    // A caller's number known to exactly one person links the call to them; otherwise staff choose at triage.
    const matched = !note.personId && note.counterpartPhone ? await soleHolderOf(tx, officeId, { phone: note.counterpartPhone }) : null;
    return { personId: note.personId ?? matched, filedOn: found };
  });
  const common = {
    channel: note.channel,
    contentHash,
    text: note.summary,
    occurredAt: note.occurredAt,
    personId,
    caseId: note.caseId ?? null,
    files: scans,
    detail: note.durationMinutes === undefined ? {} : { durationMinutes: note.durationMinutes },
  };
  const counterpart = { address: note.counterpartPhone ?? null, name: note.counterpartName ?? null };
  const result =
    note.direction === 'in'
      ? await storeIncoming(deps, officeId, user, { ...common, from: counterpart, subject: null })
      : await storeOutgoing(deps, user, { ...common, to: counterpart });
  if (result.outcome === 'rejected') throw new Error(`a note was rejected: ${result.reason}`); // only raw e-mail can be
  const stored = await withOffice(deps.db, officeId, (tx) => repo.findMessage(tx, officeId, result.messageId));
  const detail = stored!.detail as { withheldFiles?: WithheldFile[] };
  return {
    messageId: result.messageId,
    duplicate: result.outcome === 'duplicate',
    state: stored!.state,
    case: filedOn,
    personId: stored!.person_id,
    attachmentCount: stored!.attachment_count,
    withheldFiles: detail.withheldFiles ?? [],
  };
}

/** What makes two notes the same note: every field and the content of every scan. */
function noteHash(note: NoteFields, scans: readonly ReceivedFile[]): string {
  const { occurredAt, ...rest } = note;
  return sha256(JSON.stringify(['note', { ...rest, occurredAt: occurredAt.toISOString() }, scans.map((scan) => sha256(scan.content))]));
}
