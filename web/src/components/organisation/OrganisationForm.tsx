import { useState } from 'react';
import { api, type NewOrganisation, type Organisation, type OrganisationChange } from '../../api.js';
import { formatPhone } from '../../format.js';
import { useSubmit } from '../../useSubmit.js';
import { organisationKindLabel, organisationKinds, sourceLabel, sources } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

const kindOptions = organisationKinds.map((value) => ({ value, label: organisationKindLabel(value) }));
const sourceOptions = sources.map((value) => ({ value, label: sourceLabel(value) }));

/** The parts of the casework contact route, in the order a caseworker reaches for them. */
const routeFields = ['contactRoute', 'contactEmail', 'contactPhone', 'contactAddress', 'contactWeb'] as const;
type Text = 'name' | 'notes' | (typeof routeFields)[number];
type Source = NewOrganisation['source'];

function initialValues(organisation: Organisation | undefined, name: string): Record<Text, string> {
  return {
    name: organisation?.name ?? name,
    contactRoute: organisation?.contactRoute ?? '',
    contactEmail: organisation?.contactEmail ?? '',
    contactPhone: organisation?.contactPhone ? formatPhone(organisation.contactPhone) : '',
    contactAddress: organisation?.contactAddress ?? '',
    contactWeb: organisation?.contactWeb ?? '',
    notes: organisation?.notes ?? '',
  };
}

interface Props {
  /** The organisation being edited; without it the form adds one. */
  organisation?: Organisation;
  /** A new organisation's name so far (what was searched for). */
  name?: string;
  onSaved: (organisation: Organisation) => void;
}

/**
 * An organisation's name, kind, casework contact route and notes, each change recorded with how it
 * was learnt. Not a <form> of its own: it also sits inside a picker's form, so Enter and the button
 * submit this part only. An edit sends only what changed, so renaming a body does not count as
 * checking its route.
 */
export function OrganisationForm({ organisation, name = '', onSaved }: Props) {
  const [start] = useState(() => initialValues(organisation, name));
  const [values, setValues] = useState(start);
  const [kind, setKind] = useState<string>(organisation?.kind ?? '');
  const [source, setSource] = useState<string>('public_source');
  const submit = useSubmit();
  const set = (field: Text) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function save() {
    let saved: Organisation | undefined;
    const ok = await submit.run(async () => {
      saved = organisation ? await api.updateOrganisation(organisation.id, changes()) : await api.createOrganisation(added());
    });
    if (ok && saved) onSaved(saved);
  }

  function added(): NewOrganisation {
    const given = Object.fromEntries([...routeFields, 'notes' as const].filter((f) => values[f].trim()).map((f) => [f, values[f]]));
    return { ...given, name: values.name, kind: kind as NewOrganisation['kind'], source: source as Source };
  }

  function changes(): OrganisationChange {
    const changed = (Object.keys(values) as Text[]).filter((f) => values[f] !== start[f]);
    // An emptied part is removed (null); the name cannot be, and the server says so if emptied.
    const body = Object.fromEntries(changed.map((f) => [f, f !== 'name' && !values[f].trim() ? null : values[f]]));
    return { ...body, ...(kind !== organisation?.kind ? { kind: kind as NewOrganisation['kind'] } : {}), source: source as Source };
  }

  const p = submit.problems;
  return (
    <fieldset className="fieldset-block subform">
      <legend>{organisation ? `Edit ${organisation.name}` : 'Add an organisation'}</legend>
      {submit.error !== null && <ErrorAlert error={submit.error} title={organisation ? 'The changes were not saved.' : 'The organisation was not added.'} />}
      <div
        onKeyDown={(event) => {
          // Enter would submit a surrounding form: here it saves this part.
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            void save();
          }
        }}
      >
        <TextField label="Name" autoComplete="off" value={values.name} onChange={set('name')} error={p.name} />
        <SelectField label="Kind" placeholder="Choose a kind" options={kindOptions} value={kind} onChange={(event) => setKind(event.target.value)} error={p.kind} />
        <fieldset className="fieldset-block">
          <legend>Casework contact route</legend>
          <TextAreaField label="How to reach them" hint="E.g. the MP hotline, the team to ask for, a reference to quote." rows={2} value={values.contactRoute} onChange={set('contactRoute')} error={p.contactRoute} />
          <TextField label="E-mail address" type="email" autoComplete="off" value={values.contactEmail} onChange={set('contactEmail')} error={p.contactEmail} />
          <TextField label="Phone number" type="tel" autoComplete="off" value={values.contactPhone} onChange={set('contactPhone')} error={p.contactPhone} />
          <TextAreaField label="Postal address" hint="One line of the address a line, with the postcode." rows={3} value={values.contactAddress} onChange={set('contactAddress')} error={p.contactAddress} />
          <TextField label="Web page" autoComplete="off" value={values.contactWeb} onChange={set('contactWeb')} error={p.contactWeb} />
        </fieldset>
        <TextAreaField label="Notes" rows={2} value={values.notes} onChange={set('notes')} error={p.notes} />
        <SelectField label="How these details were learnt" options={sourceOptions} value={source} onChange={(event) => setSource(event.target.value)} error={p.source} />
      </div>
      <button type="button" className="button" aria-disabled={submit.busy || undefined} onClick={() => void save()}>
        {submit.busy ? 'Saving…' : organisation ? 'Save changes' : 'Add this organisation'}
      </button>
    </fieldset>
  );
}
