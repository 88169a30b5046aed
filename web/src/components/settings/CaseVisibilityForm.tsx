import { useState, type FormEvent } from 'react';
import { api, type Office } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';

type Choice = 'all' | 'own';
const choices: readonly { value: Choice; label: string }[] = [
  { value: 'all', label: 'Every case not marked sensitive, so that whoever answers the phone can find the caller’s case' },
  { value: 'own', label: 'Only the cases they own or that are shared with them' },
];

interface Props {
  office: Office;
  onSaved: (office: Office) => void;
}

/** Whether caseworkers see their colleagues' cases (and those cases' constituents); sensitive cases stay with the people named on them either way. */
export function CaseVisibilityForm({ office, onSaved }: Props) {
  const current: Choice = office.caseworkersSeeAllCases ? 'all' : 'own';
  const [choice, setChoice] = useState<Choice>(current);
  const save = useSubmit();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let saved: Office | undefined;
    if (await save.run(async () => (saved = await api.updateOffice({ caseworkersSeeAllCases: choice === 'all' }))) && saved) onSaved(saved);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Which cases caseworkers see">
      {save.error !== null && <ErrorAlert error={save.error} title="The setting was not changed." />}
      <RadioGroup
        legend="Which cases does a caseworker see?"
        name="caseworkersSeeAllCases"
        options={choices}
        value={choice}
        onChange={(value) => setChoice(value as Choice)}
        error={save.problems.caseworkersSeeAllCases}
      />
      <p className="field-hint">A case marked sensitive is seen only by its owner and the colleagues named on it. Managers, the member and the data protection lead see every case.</p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.busy || choice === current}>
          {save.busy ? 'Saving…' : 'Save the setting'}
        </button>
      </div>
    </form>
  );
}
