import { type FormEvent, useState } from 'react';
import { api, type NewContactPoint, type PersonDetail } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { sourceLabel, sources } from '../../words.js';
import { CheckboxField } from '../CheckboxField.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** What a change on the person page says once saved; the page reads the record again. */
export type PersonChanged = (notice: string) => void;

const sourceOptions = sources.map((value) => ({ value, label: sourceLabel(value) }));
type Source = NewContactPoint['source'];

/** The person's title and names, corrected. */
export function NamesForm({ person, onChanged }: { person: PersonDetail; onChanged: PersonChanged }) {
  const [title, setTitle] = useState(person.title ?? '');
  const [givenName, setGivenName] = useState(person.givenName);
  const [familyName, setFamilyName] = useState(person.familyName);
  const submit = useSubmit();

  async function save(event: FormEvent) {
    event.preventDefault();
    const named = [title, givenName, familyName].map((part) => part.trim()).filter(Boolean).join(' ');
    if (await submit.run(() => api.updatePerson(person.id, { title: title.trim() ? title : null, givenName, familyName }))) onChanged(`Names saved: ${named}.`);
  }

  return (
    <form className="subform" onSubmit={save} noValidate aria-label="Change names">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The names were not changed." />}
      <TextField label="Title (optional)" hint="As they write it: Ms, Mr, Dr, Revd." autoComplete="off" value={title} onChange={(event) => setTitle(event.target.value)} error={submit.problems.title} />
      <TextField label="Given name" autoComplete="off" value={givenName} onChange={(event) => setGivenName(event.target.value)} error={submit.problems.givenName} />
      <TextField label="Family name" autoComplete="off" value={familyName} onChange={(event) => setFamilyName(event.target.value)} error={submit.problems.familyName} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save names'}
      </button>
    </form>
  );
}

const flagWords = {
  deceased: 'Deceased',
  doNotContact: 'Do not contact',
  outOfConstituency: 'Out of constituency',
  child: 'Child',
  vulnerable: 'Vulnerable',
} as const;
type Flag = keyof typeof flagWords;

/** The flags staff set; a child by date of birth stays a child whatever the box says. */
export function FlagsForm({ person, onChanged }: { person: PersonDetail; onChanged: PersonChanged }) {
  const { flags } = person;
  const [chosen, setChosen] = useState<Record<Flag, boolean>>({
    deceased: flags.deceased,
    doNotContact: flags.doNotContact,
    outOfConstituency: flags.outOfConstituency,
    child: flags.childMarked,
    vulnerable: flags.vulnerable,
  });
  const submit = useSubmit();

  async function save(event: FormEvent) {
    event.preventDefault();
    if (await submit.run(() => api.updatePerson(person.id, { flags: chosen }))) onChanged('Flags saved.');
  }

  return (
    <form className="subform" onSubmit={save} noValidate aria-label="Change flags">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The flags were not changed." />}
      <fieldset className="fieldset-block">
        <legend>Flags</legend>
        {(Object.keys(flagWords) as Flag[]).map((flag) => (
          <CheckboxField
            key={flag}
            label={flagWords[flag]}
            hint={flag === 'child' && flags.childByDateOfBirth ? 'A child by their date of birth, whatever this box says.' : undefined}
            checked={chosen[flag]}
            onChange={(checked) => setChosen((c) => ({ ...c, [flag]: checked }))}
          />
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save flags'}
      </button>
    </form>
  );
}

const kindOptions = [
  { value: 'email', label: 'E-mail address' },
  { value: 'phone', label: 'Phone number' },
  { value: 'postal_address', label: 'Postal address' },
] as const;
type Kind = (typeof kindOptions)[number]['value'];

/** A new e-mail address, phone number or postal address, with how it was collected. */
export function AddContactPointForm({ person, onChanged }: { person: PersonDetail; onChanged: PersonChanged }) {
  const [kind, setKind] = useState<Kind>('email');
  const [value, setValue] = useState('');
  const [lines, setLines] = useState('');
  const [postcode, setPostcode] = useState('');
  const [source, setSource] = useState<Source>('email');
  const [preferred, setPreferred] = useState(false);
  const submit = useSubmit();
  const kindWords = kindOptions.find((o) => o.value === kind)?.label ?? '';

  function point(): NewContactPoint {
    if (kind === 'postal_address') {
      const addressLines = lines.split('\n').map((line) => line.trim()).filter(Boolean);
      return { kind, lines: addressLines, postcode, source, preferred };
    }
    return { kind, value, source, preferred };
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await submit.run(() => api.addContactPoint(person.id, point()))) {
      setValue('');
      setLines('');
      setPostcode('');
      setPreferred(false);
      onChanged(`${kindWords} added.`);
    }
  }

  return (
    <form className="subform" onSubmit={add} noValidate aria-label="Add contact details">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The contact details were not added." />}
      <SelectField label="Kind" options={kindOptions} value={kind} onChange={(event) => setKind(event.target.value as Kind)} />
      {kind === 'postal_address' ? (
        <>
          <TextAreaField label="Postal address" hint="One line of the address a line, without the postcode." rows={3} value={lines} onChange={(event) => setLines(event.target.value)} error={submit.problems.lines} />
          <TextField label="Postcode" autoComplete="off" value={postcode} onChange={(event) => setPostcode(event.target.value)} error={submit.problems.postcode} />
        </>
      ) : (
        <TextField
          label={kindWords}
          type={kind === 'email' ? 'email' : 'tel'}
          autoComplete="off"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={submit.problems.value}
        />
      )}
      <SelectField label="How it was collected" options={sourceOptions} value={source} onChange={(event) => setSource(event.target.value as Source)} error={submit.problems.source} />
      <CheckboxField label="Preferred" hint="The one letters and e-mails use." checked={preferred} onChange={setPreferred} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Adding…' : 'Add contact details'}
      </button>
    </form>
  );
}
