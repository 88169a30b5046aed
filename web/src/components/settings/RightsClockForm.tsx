import { useState, type FormEvent } from 'react';
import { api, type Office } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { TextField } from '../TextField.js';

type Nation = Office['nation'];
const nationChoices: readonly { value: Nation; label: string }[] = [
  { value: 'england-and-wales', label: 'England and Wales' },
  { value: 'scotland', label: 'Scotland' },
  { value: 'northern-ireland', label: 'Northern Ireland' },
];

interface Props {
  office: Office;
  onSaved: (office: Office) => void;
}

/** Whose bank holidays move a rights request's statutory deadline, and the office's own, earlier target. */
export function RightsClockForm({ office, onSaved }: Props) {
  const [nation, setNation] = useState<Nation>(office.nation);
  const [days, setDays] = useState(String(office.rightsTargetDays));
  const [daysError, setDaysError] = useState('');
  const save = useSubmit();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{1,3}$/.test(days.trim())) {
      setDaysError('must be a whole number of days, e.g. 28');
      return;
    }
    setDaysError('');
    let saved: Office | undefined;
    if (await save.run(async () => (saved = await api.updateOffice({ nation, rightsTargetDays: Number(days.trim()) }))) && saved) onSaved(saved);
  }

  const unchanged = nation === office.nation && days.trim() === String(office.rightsTargetDays);
  return (
    <form onSubmit={submit} noValidate aria-label="Deadlines for rights requests">
      {save.error !== null && <ErrorAlert error={save.error} title="The settings were not changed." />}
      <RadioGroup
        legend="Where is the office?"
        name="nation"
        options={nationChoices}
        value={nation}
        onChange={(value) => setNation(value as Nation)}
        error={save.problems.nation}
      />
      <p className="field-hint">A deadline that falls on a weekend or on one of the nation’s bank holidays moves to the next working day.</p>
      <TextField
        label="The office’s target, in days"
        hint="Days from when the clock starts, shown beside the statutory month. Many offices aim for 28."
        inputMode="numeric"
        value={days}
        onChange={(event) => setDays(event.target.value)}
        error={daysError || save.problems.rightsTargetDays}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.busy || unchanged}>
          {save.busy ? 'Saving…' : 'Save the settings'}
        </button>
      </div>
    </form>
  );
}
