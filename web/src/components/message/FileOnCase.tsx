import { useState, type FormEvent } from 'react';
import { api, type MessageDetail } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ChosenList } from '../ChosenList.js';
import { EntityPicker } from '../EntityPicker.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { subjectOf } from './MessageRow.js';
import type { Triaged } from './TriagePanel.js';

interface Chosen {
  id: string;
  name: string;
}

interface Props {
  message: MessageDetail;
  /** The case the message seems to answer, offered first. */
  suggested: Chosen | null;
  onTriaged: Triaged;
}

export function FileOnCase({ message, suggested, onTriaged }: Props) {
  // Until the user chooses (or removes the choice), the suggested case, which may load after this form.
  const [choice, setChoice] = useState<Chosen | null | undefined>(undefined);
  const chosen = choice === undefined ? suggested : choice;
  const submit = useSubmit();

  async function file(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    if (await submit.run(() => api.triageMessage(message.id, { action: 'file', caseId: chosen.id }))) {
      onTriaged(`/cases/${chosen.id}`, `The message “${subjectOf(message)}” was added to case ${chosen.name}.`);
    }
  }

  return (
    <form className="subform" onSubmit={file} noValidate aria-label="Add to an existing case">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The message was not added to the case." />}
      <ChosenList label="Chosen case" items={chosen ? [chosen] : []} onRemove={() => setChoice(null)} />
      {!chosen && (
        <EntityPicker
          label="Find the case"
          hint="Type its reference, the constituent’s name, or words from the case."
          type="case"
          onPick={(result) => setChoice({ id: result.id, name: result.title })}
          error={submit.problems.caseId}
        />
      )}
      <button type="submit" className="button" disabled={submit.busy || !chosen}>
        {submit.busy ? 'Adding…' : 'Add to the case'}
      </button>
    </form>
  );
}
