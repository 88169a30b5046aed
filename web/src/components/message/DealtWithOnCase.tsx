import { api, type MessageDetail } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { subjectOf } from './MessageRow.js';
import type { Triaged } from './TriagePanel.js';

interface Props {
  message: MessageDetail;
  onCase: { id: string; reference: string };
  onTriaged: Triaged;
}

/** A message that came in on a case (a reply, the contact form) is worked there: it is on the case's timeline already. */
export function DealtWithOnCase({ message, onCase, onTriaged }: Props) {
  const submit = useSubmit();

  async function done() {
    if (await submit.run(() => api.triageMessage(message.id, { action: 'file', caseId: onCase.id }))) {
      onTriaged(`/cases/${onCase.id}`, `The message “${subjectOf(message)}” was dealt with and has left the inbox; it stays on case ${onCase.reference}.`);
    }
  }

  return (
    <div className="subform">
      <p className="field-hint">It came in on case {onCase.reference} and is on its timeline. Once you have read it and done what it needs, take it out of the inbox.</p>
      {submit.error !== null && <ErrorAlert error={submit.error} title="The message is still in the inbox." />}
      <button type="button" className="button" aria-disabled={submit.busy || undefined} onClick={() => void done()}>
        {submit.busy ? 'Saving…' : 'Mark as dealt with'}
      </button>
    </div>
  );
}
