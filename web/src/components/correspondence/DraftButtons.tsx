import type { NewDraft } from '../../api.js';
import type { Submission } from '../../useSubmit.js';
import type { useDraft } from './useDraft.js';

interface Props {
  draft: ReturnType<typeof useDraft>;
  /** The form's submission: one request at a time, its refusal shown with the form. */
  submit: Submission;
  body: () => NewDraft;
  /** "e-mail" or "letter". */
  noun: string;
  /** Says what a failure below would be called, before each request. */
  onStart: (failureTitle: string) => void;
  onSaved: (message: string) => void;
  onDiscarded: (message: string) => void;
}

/** Save the form as a draft on the case (to come back to, or for a colleague to pick up), and discard a saved one. */
export function DraftButtons({ draft, submit, body, noun, onStart, onSaved, onDiscarded }: Props) {
  async function save() {
    onStart('The draft was not saved.');
    let at = '';
    const ok = await submit.run(async () => {
      const saved = await draft.save(body());
      at = new Date(saved.lastEditedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    });
    if (ok) onSaved(`Draft ${noun} saved at ${at}: it is under Drafts on this case.`);
  }

  async function discard() {
    onStart('The draft was not discarded.');
    if (await submit.run(() => draft.discard())) onDiscarded(`Draft ${noun} discarded.`);
  }

  return (
    <>
      <button type="button" className="button button-secondary" aria-disabled={submit.busy || undefined} onClick={() => void save()}>
        Save the draft
      </button>
      {draft.saved && (
        <button type="button" className="button button-secondary" aria-disabled={submit.busy || undefined} onClick={() => void discard()}>
          Discard the draft
        </button>
      )}
    </>
  );
}
