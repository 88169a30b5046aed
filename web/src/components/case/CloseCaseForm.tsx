import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { outcomeLabel, outcomes } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';

interface Props {
  caseId: string;
  /** Flagged and no Article 9 condition yet: the server will refuse, so say so before the user tries. */
  needsCondition: boolean;
  onChanged: CaseChanged;
}

/** Closing with the outcome and a short note. The server checks everything and its refusal is shown here. */
export function CloseCaseForm({ caseId, needsCondition, onChanged }: Props) {
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit();

  async function close(event: FormEvent) {
    event.preventDefault();
    const ok = await submit.run(() => api.closeCase(caseId, { outcome, outcomeNote: note }));
    if (ok) onChanged(`The case is closed: ${outcomeLabel(outcome).toLowerCase()}.`);
  }

  return (
    <form className="subform" onSubmit={close} noValidate aria-label="Close the case">
      <h3>Close the case</h3>
      {needsCondition && <p className="text-warning">This case holds special category data: record its Article 9 condition first.</p>}
      {submit.error !== null && <ErrorAlert error={submit.error} title="The case was not closed." />}
      <SelectField
        label="Outcome"
        placeholder="Choose an outcome"
        options={outcomes.map((value) => ({ value, label: outcomeLabel(value) }))}
        value={outcome}
        onChange={(event) => setOutcome(event.target.value)}
        error={submit.problems.outcome}
      />
      <TextAreaField label="Outcome note" hint="A sentence or two on how it ended." rows={3} value={note} onChange={(event) => setNote(event.target.value)} error={submit.problems.outcomeNote} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Closing…' : 'Close the case'}
      </button>
    </form>
  );
}
