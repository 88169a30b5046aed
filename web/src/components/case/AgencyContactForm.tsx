import { useState, type FormEvent } from 'react';
import { api, type CaseDetail } from '../../api.js';
import { localToIso } from '../../dateInput.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { EntityPicker } from '../EntityPicker.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

interface Props {
  caseId: string;
  agencies: CaseDetail['agencies'];
  onChanged: CaseChanged;
}

const ANOTHER = 'another';

/** A call, letter or e-mail to or from an agency. An agency not yet on the case joins it (the server does that). */
export function AgencyContactForm({ caseId, agencies, onChanged }: Props) {
  const [choice, setChoice] = useState(agencies[0]?.organisationId ?? ANOTHER);
  const [other, setOther] = useState<{ id: string; name: string } | null>(null);
  const [direction, setDirection] = useState('outgoing');
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const submit = useSubmit();
  const organisationId = choice === ANOTHER ? (other?.id ?? '') : choice;

  async function add(event: FormEvent) {
    event.preventDefault();
    const body = { organisationId, direction: direction as 'outgoing' | 'incoming', text, at: localToIso(at) };
    if (await submit.run(() => api.addAgencyContact(caseId, body))) {
      setText('');
      setAt('');
      onChanged('Agency contact added to the timeline.');
    }
  }

  return (
    <form className="subform" onSubmit={add} noValidate aria-label="Record a contact with an agency">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The contact was not recorded." />}
      {agencies.length > 0 && (
        <SelectField
          label="Agency"
          options={[...agencies.map((agency) => ({ value: agency.organisationId, label: agency.name })), { value: ANOTHER, label: 'Another organisation…' }]}
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          error={choice === ANOTHER ? undefined : submit.problems.organisationId}
        />
      )}
      {choice === ANOTHER &&
        (other ? (
          <p>
            Agency: <strong>{other.name}</strong>{' '}
            <button type="button" className="button button-link" onClick={() => setOther(null)}>
              Change<span className="visually-hidden"> the agency</span>
            </button>
          </p>
        ) : (
          <EntityPicker
            label="Find the agency"
            hint="Type part of the organisation’s name."
            type="organisation"
            onPick={(result) => setOther({ id: result.id, name: result.title })}
            error={submit.problems.organisationId}
          />
        ))}
      <RadioGroup
        legend="Who contacted whom"
        name="direction"
        options={[
          { value: 'outgoing', label: 'We contacted them' },
          { value: 'incoming', label: 'They contacted us' },
        ]}
        value={direction}
        onChange={setDirection}
        error={submit.problems.direction}
      />
      <TextAreaField label="What was said" value={text} onChange={(event) => setText(event.target.value)} error={submit.problems.text} />
      <TextField label="When (leave empty for now)" type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} error={submit.problems.at} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Recording…' : 'Record contact'}
      </button>
    </form>
  );
}
