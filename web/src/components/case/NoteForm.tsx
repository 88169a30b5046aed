import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextAreaField } from '../TextAreaField.js';

export function NoteForm({ caseId, onChanged }: { caseId: string; onChanged: CaseChanged }) {
  const [text, setText] = useState('');
  const submit = useSubmit();

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await submit.run(() => api.addNote(caseId, text))) {
      setText('');
      onChanged('Note added to the timeline.');
    }
  }

  return (
    <form className="subform" onSubmit={add} noValidate aria-label="Add a note">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The note was not added." />}
      <TextAreaField label="Note" value={text} onChange={(event) => setText(event.target.value)} error={submit.problems.text} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Adding…' : 'Add note'}
      </button>
    </form>
  );
}
