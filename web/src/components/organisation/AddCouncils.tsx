import { useState } from 'react';
import { api } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { count } from '../../words.js';
import { CheckboxField } from '../CheckboxField.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';

/** The councils of the office's area, chosen by region from the list of UK councils, each added once with its route to check. */
export function AddCouncils({ onAdded }: { onAdded: (notice: string) => void }) {
  const [changes, setChanges] = useState(0);
  const list = useApiData(`councils:${changes}`, (signal) => api.councils(signal));
  const [region, setRegion] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const submit = useSubmit();
  const all = list.data?.councils ?? [];
  const regions = [...new Set(all.map((c) => c.region))].map((value) => ({ value, label: value }));
  const inRegion = all.filter((c) => c.region === region);

  async function add() {
    let added = 0;
    if (await submit.run(async () => (added = (await api.addCouncils([...chosen])).added.length))) {
      setChosen(new Set());
      setChanges((n) => n + 1);
      onAdded(`${count(added, 'council')} added to the directory.`);
    }
  }

  return (
    <form
      className="subform"
      aria-label="Add the councils of the office’s area"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      {list.state === 'failed' && <ErrorAlert error={list.error} title="The list of councils could not be loaded." />}
      {submit.error !== null && <ErrorAlert error={submit.error} title="The councils were not added." />}
      <p className="field-hint">Unitary, metropolitan, London borough and county councils, and every council in Scotland, Wales and Northern Ireland. A district council is added by hand.</p>
      <SelectField label="Region" placeholder="Choose the region" options={regions} value={region} onChange={(event) => setRegion(event.target.value)} />
      {inRegion.length > 0 && (
        <fieldset className="fieldset-block">
          <legend>Councils in {region}</legend>
          {inRegion.map((council) =>
            council.inDirectory ? (
              <p key={council.name} className="muted">
                {council.name} (in the directory)
              </p>
            ) : (
              <CheckboxField
                key={council.name}
                label={council.name}
                checked={chosen.has(council.name)}
                onChange={(on) => setChosen((was) => new Set(on ? [...was, council.name] : [...was].filter((name) => name !== council.name)))}
              />
            ),
          )}
        </fieldset>
      )}
      <button type="submit" className="button button-secondary" disabled={submit.busy || chosen.size === 0}>
        {submit.busy ? 'Adding…' : chosen.size ? `Add ${count(chosen.size, 'council')}` : 'Add the chosen councils'}
      </button>
    </form>
  );
}
