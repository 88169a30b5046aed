import { useState } from 'react';
import { api, type DraftView, type NewDraft, type SentDraft } from '../../api.js';
import type { MessageContent } from './MessageContentFields.js';

/** The saved draft a form is editing: its id, and the version last saved, which the next save names. */
interface DraftInHand {
  id: string;
  version: number;
}

/** What a draft says, as the form's fields hold it. */
export const draftContent = (draft: DraftView): MessageContent => ({ templateId: draft.templateId ?? '', subject: draft.subject, body: draft.body });

/** The form's words as a draft keeps them: the template they began from included, so the message sent records it. */
export const draftWords = (content: MessageContent) => ({ templateId: content.templateId || null, subject: content.subject, body: content.body });

/**
 * A form's draft on the case: the first save makes one, later saves go over it at the version last
 * saved (a colleague's save in between is refused by the server, naming them). Sending a draft
 * saves what is on the screen first, so what goes is what the caseworker read.
 */
export function useDraft(caseId: string, resumed?: DraftView) {
  const [inHand, setInHand] = useState<DraftInHand | null>(resumed ? { id: resumed.id, version: resumed.version } : null);

  async function save(body: NewDraft): Promise<DraftView> {
    const saved = inHand ? await api.saveDraft(caseId, inHand.id, { ...body, version: inHand.version }) : await api.saveNewDraft(caseId, body);
    setInHand({ id: saved.id, version: saved.version });
    return saved;
  }

  async function send(body: NewDraft): Promise<SentDraft> {
    const saved = await save(body);
    const sent = await api.sendDraft(caseId, saved.id, saved.version);
    setInHand(null);
    return sent;
  }

  async function discard(): Promise<void> {
    if (inHand) await api.discardDraft(caseId, inHand.id, inHand.version);
    setInHand(null);
  }

  return { saved: inHand !== null, save, send, discard };
}
