import { useState } from 'react';
import { ApiError, api, type NewContactPoint, type PersonDetail } from '../../api.js';
import { fieldProblems } from '../../problems.js';
import { useSubmit } from '../../useSubmit.js';
import { sourceLabel, sources } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** What is already known of the person, e.g. from the message they sent. */
export interface PersonPrefill {
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  addressLines?: string;
  postcode?: string;
  /** How the details were collected (a message's channel). */
  source?: string;
}

/** "Priya Khan" → Priya / Khan; one word is taken as the family name. */
export function splitName(name: string): { givenName: string; familyName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { givenName: '', familyName: words[0] ?? '' };
  return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1) ?? '' };
}

const sourceOptions = sources.map((value) => ({ value, label: sourceLabel(value) }));

type Field = 'title' | 'givenName' | 'familyName' | 'email' | 'phone' | 'addressLines' | 'postcode';

/**
 * A new person with the contact details at hand, each recorded with how it was collected. Not a
 * <form> of its own: it sits inside the form of the picker that offers it, so Enter and the button
 * submit this part only.
 */
export function AddPersonForm({ prefill = {}, onAdded }: { prefill?: PersonPrefill; onAdded: (person: PersonDetail) => void }) {
  const [values, setValues] = useState<Record<Field, string>>({
    title: '',
    givenName: prefill.givenName ?? '',
    familyName: prefill.familyName ?? '',
    email: prefill.email ?? '',
    phone: prefill.phone ?? '',
    addressLines: prefill.addressLines ?? '',
    postcode: prefill.postcode ?? '',
  });
  const [source, setSource] = useState(prefill.source ?? 'email');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const submit = useSubmit();
  const set = (field: Field) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function add() {
    // Each contact point is sent in this order, so that a problem at contactPoints.N names its field.
    const points: { field: Field; point: NewContactPoint }[] = [];
    if (values.email.trim()) points.push({ field: 'email', point: { kind: 'email', value: values.email, source: source as NewContactPoint['source'] } });
    if (values.phone.trim()) points.push({ field: 'phone', point: { kind: 'phone', value: values.phone, source: source as NewContactPoint['source'] } });
    const lines = values.addressLines.split('\n').map((line) => line.trim()).filter(Boolean);
    if (values.postcode.trim() || lines.length) {
      points.push({ field: 'postcode', point: { kind: 'postal_address', lines, postcode: values.postcode, source: source as NewContactPoint['source'] } });
    }
    let added: PersonDetail | undefined;
    setProblems({});
    const ok = await submit.run(async () => {
      try {
        added = await api.createPerson({
          ...(values.title.trim() ? { title: values.title } : {}),
          givenName: values.givenName,
          familyName: values.familyName,
          source: source as NewContactPoint['source'],
          contactPoints: points.map((p) => p.point),
        });
      } catch (error) {
        if (error instanceof ApiError) setProblems(problemsByField(error, points.map((p) => p.field)));
        throw error;
      }
    });
    if (ok && added) onAdded(added);
  }

  return (
    <fieldset className="fieldset-block subform">
      <legend>Add a new person</legend>
      {submit.error !== null && <ErrorAlert error={submit.error} title="The person was not added." />}
      <div
        onKeyDown={(event) => {
          // Enter would submit the surrounding form: here it adds the person.
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            void add();
          }
        }}
      >
        <TextField label="Title (optional)" hint="As they write it: Ms, Mr, Dr, Revd." autoComplete="off" value={values.title} onChange={set('title')} error={problems.title} />
        <TextField label="Given name" autoComplete="off" value={values.givenName} onChange={set('givenName')} error={problems.givenName} />
        <TextField label="Family name" autoComplete="off" value={values.familyName} onChange={set('familyName')} error={problems.familyName} />
        <TextField label="E-mail address" type="email" autoComplete="off" value={values.email} onChange={set('email')} error={problems.email} />
        <TextField label="Phone number" type="tel" autoComplete="off" value={values.phone} onChange={set('phone')} error={problems.phone} />
        <TextAreaField label="Postal address" hint="One line of the address a line, without the postcode." rows={3} value={values.addressLines} onChange={set('addressLines')} error={problems.addressLines} />
        <TextField label="Postcode" autoComplete="off" value={values.postcode} onChange={set('postcode')} error={problems.postcode} />
        <SelectField label="How these details were collected" options={sourceOptions} value={source} onChange={(event) => setSource(event.target.value)} />
      </div>
      <button type="button" className="button button-secondary" aria-disabled={submit.busy || undefined} onClick={() => void add()}>
        {submit.busy ? 'Adding…' : 'Add this person'}
      </button>
    </fieldset>
  );
}

/** The server's problems (`body.contactPoints.1.value`) against the fields they came from. */
function problemsByField(error: ApiError, pointFields: readonly Field[]): Partial<Record<Field, string>> {
  const byField: Partial<Record<Field, string>> = {};
  const named = fieldProblems(error.problems.filter((p) => !p.path.includes('contactPoints')));
  if (named.title) byField.title = named.title;
  if (named.givenName) byField.givenName = named.givenName;
  if (named.familyName) byField.familyName = named.familyName;
  for (const problem of error.problems) {
    const match = /contactPoints[./](\d+)(?:[./](\w+))?/.exec(problem.path);
    const field = match ? pointFields[Number(match[1])] : undefined;
    if (!field) continue;
    const at = field === 'postcode' && match?.[2] === 'lines' ? 'addressLines' : field;
    byField[at] ??= problem.message;
  }
  return byField;
}
