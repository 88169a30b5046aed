import { useState, type FormEvent } from 'react';
import { api, type CaseDetail, type NewSharingConsent } from '../../api.js';
import { localToIso, nowForInput } from '../../dateInput.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { consentMethodLabel, consentMethods } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { SelectField } from '../SelectField.js';
import { TextField } from '../TextField.js';

interface Props {
  detail: CaseDetail;
  agencies: readonly { id: string; name: string }[];
  onChanged: CaseChanged;
}

export function SharingConsentForm({ detail, agencies, onChanged }: Props) {
  const [personId, setPersonId] = useState(detail.constituents[0]?.id ?? '');
  const [organisationId, setOrganisationId] = useState(agencies[0]?.id ?? '');
  const [agreed, setAgreed] = useState('');
  const [method, setMethod] = useState('');
  const [givenAt, setGivenAt] = useState(nowForInput);
  const submit = useSubmit();

  async function record(event: FormEvent) {
    event.preventDefault();
    const body = {
      personId,
      organisationId,
      // Not chosen: sent as it is, so that the server names the field.
      agreed: agreed === '' ? undefined : agreed === 'yes',
      method,
      givenAt: localToIso(givenAt) ?? '',
    } as NewSharingConsent;
    if (await submit.run(() => api.recordSharingConsent(detail.id, body))) {
      setAgreed('');
      setMethod('');
      onChanged('Consent to share recorded.');
    }
  }

  return (
    <details className="disclosure">
      <summary>Record consent to share</summary>
      <form className="subform" onSubmit={record} noValidate aria-label="Record consent to share">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The consent was not recorded." />}
        <SelectField
          label="Constituent"
          options={detail.constituents.map((person) => ({ value: person.id, label: person.name }))}
          value={personId}
          onChange={(event) => setPersonId(event.target.value)}
          error={submit.problems.personId}
        />
        <SelectField
          label="Agency"
          options={agencies.map((agency) => ({ value: agency.id, label: agency.name }))}
          value={organisationId}
          onChange={(event) => setOrganisationId(event.target.value)}
          error={submit.problems.organisationId}
        />
        <RadioGroup
          legend="Their answer"
          name="agreed"
          options={[
            { value: 'yes', label: 'Agreed to sharing' },
            { value: 'no', label: 'Refused' },
          ]}
          value={agreed}
          onChange={setAgreed}
          error={submit.problems.agreed}
        />
        <SelectField
          label="How they answered"
          placeholder="Choose how"
          options={consentMethods.map((value) => ({ value, label: consentMethodLabel(value) }))}
          value={method}
          onChange={(event) => setMethod(event.target.value)}
          error={submit.problems.method}
        />
        <TextField label="When they answered" type="datetime-local" value={givenAt} onChange={(event) => setGivenAt(event.target.value)} error={submit.problems.givenAt} />
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Recording…' : 'Record consent'}
        </button>
      </form>
    </details>
  );
}
