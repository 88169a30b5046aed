import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type ProcessingChoices, type Purpose, type PurposeFields } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { CheckboxField } from '../CheckboxField.js';
import { CheckboxGroup } from '../CheckboxGroup.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

interface Props {
  /** The purpose to edit; null for a new one. */
  purpose: Purpose | null;
  choices: ProcessingChoices;
  onSaved: (purpose: Purpose, notice: string) => void;
  onCancel: () => void;
}

type Condition = NonNullable<PurposeFields['specialCategoryCondition']>;
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The server names a problem by its path, e.g. `body.dataCategories.2`: the field is the part after
 * `body`, and a list's item is said as its line ("Line 3 must be at most 300 characters").
 */
function problemsByField(error: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!(error instanceof ApiError)) return byField;
  for (const { path, message } of error.problems) {
    const [, field, item] = path.split('.');
    if (field && !(field in byField)) byField[field] = item === undefined ? message : `Line ${Number(item) + 1} ${message}`;
  }
  return byField;
}

/** A purpose of the record, new or changed: every field Article 30(1) asks for, checked by the server's rules. */
export function PurposeForm({ purpose, choices, onSaved, onCancel }: Props) {
  const [name, setName] = useState(purpose?.name ?? '');
  const [description, setDescription] = useState(purpose?.description ?? '');
  const [lawfulBasis, setLawfulBasis] = useState<string>(purpose?.lawfulBasis ?? '');
  const [specialCategories, setSpecialCategories] = useState<string[]>(purpose?.specialCategories ?? []);
  const [condition, setCondition] = useState<string>(purpose?.specialCategoryCondition ?? '');
  const [paragraph, setParagraph] = useState<string>(purpose?.scheduleOneParagraph?.toString() ?? '');
  const [dataCategories, setDataCategories] = useState((purpose?.dataCategories ?? []).join('\n'));
  const [dataSubjects, setDataSubjects] = useState((purpose?.dataSubjects ?? []).join('\n'));
  const [sources, setSources] = useState((purpose?.sources ?? []).join('\n'));
  const [recipients, setRecipients] = useState((purpose?.recipients ?? []).join('\n'));
  const [months, setMonths] = useState(purpose?.retentionMonths?.toString() ?? '');
  const [retentionNote, setRetentionNote] = useState(purpose?.retentionNote ?? '');
  const [consentRequired, setConsentRequired] = useState(purpose?.consentRequired ?? false);
  const [modules, setModules] = useState<string[]>(purpose?.modules ?? []);
  const submit = useSubmit();
  const problems = problemsByField(submit.error);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by a button elsewhere on the page: the reader is taken to the form.
  useEffect(() => heading.current?.focus(), []);
  const title = purpose ? `Edit “${purpose.name}”` : 'New purpose';
  const paragraphs = choices.scheduleOneParagraphs.filter((p) => p.condition === condition);

  function chooseCondition(value: string) {
    setCondition(value);
    // A paragraph serves one condition: one chosen for another no longer applies.
    if (!choices.scheduleOneParagraphs.some((p) => p.condition === value && String(p.value) === paragraph)) setParagraph('');
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => {
      if (months.trim() !== '' && !/^\d+$/.test(months.trim())) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'The purpose was not saved: the retention period is not a number.', null, [
          { path: 'body.retentionMonths', message: 'must be a whole number of months, or left empty for no fixed period' },
        ]);
      }
      const fields: PurposeFields = {
        name,
        description,
        lawfulBasis: lawfulBasis === '' ? null : (lawfulBasis as PurposeFields['lawfulBasis']),
        specialCategories: specialCategories as PurposeFields['specialCategories'],
        specialCategoryCondition: condition === '' ? null : (condition as Condition),
        scheduleOneParagraph: paragraph === '' ? null : Number(paragraph),
        dataCategories: lines(dataCategories),
        dataSubjects: lines(dataSubjects),
        sources: lines(sources),
        recipients: lines(recipients),
        retentionMonths: months.trim() === '' ? null : Number(months),
        retentionNote,
        consentRequired,
        modules: modules as PurposeFields['modules'],
      };
      const saved = purpose ? await api.updatePurpose(purpose.id, fields) : await api.createPurpose(fields);
      onSaved(saved, purpose ? `Purpose “${saved.name}” saved.` : `Purpose “${saved.name}” added.`);
    });
  }

  const oneALine = 'One a line.';
  return (
    <form onSubmit={save} noValidate aria-label={title}>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {submit.error !== null && <ErrorAlert error={submit.error} title="The purpose was not saved." />}
      <TextField label="Name" hint="What the office calls it, e.g. Casework." value={name} onChange={(event) => setName(event.target.value)} error={problems.name} />
      <TextAreaField label="What it is for" value={description} onChange={(event) => setDescription(event.target.value)} error={problems.description} />
      <SelectField
        label="Lawful basis"
        hint="UK GDPR Article 6(1). While it is not decided, the privacy notice cannot be published."
        placeholder="Not decided yet"
        options={choices.lawfulBases}
        value={lawfulBasis}
        onChange={(event) => setLawfulBasis(event.target.value)}
        error={problems.lawfulBasis}
      />
      <CheckboxGroup
        legend="Special category data"
        hint="Article 9(1). Leave all unticked if the purpose involves none."
        options={choices.specialCategories}
        chosen={specialCategories}
        onChange={setSpecialCategories}
        error={problems.specialCategories}
        empty="None"
      />
      <SelectField
        label="Special category condition"
        hint="Article 9(2): needed when the purpose involves special category data."
        placeholder="None"
        options={choices.specialCategoryConditions}
        value={condition}
        onChange={(event) => chooseCondition(event.target.value)}
        error={problems.specialCategoryCondition}
      />
      <SelectField
        label="DPA 2018 Schedule 1 condition"
        hint="Needed for Article 9(2)(b), (g), (h), (i) and (j); the list shows the paragraphs for the condition chosen."
        placeholder="None"
        options={paragraphs.map((p) => ({ value: String(p.value), label: p.label }))}
        value={paragraph}
        onChange={(event) => setParagraph(event.target.value)}
        error={problems.scheduleOneParagraph}
      />
      <TextAreaField label="Kinds of data" hint={oneALine} value={dataCategories} onChange={(event) => setDataCategories(event.target.value)} error={problems.dataCategories} />
      <TextAreaField label="Whom the data is about" hint={oneALine} value={dataSubjects} onChange={(event) => setDataSubjects(event.target.value)} error={problems.dataSubjects} />
      <TextAreaField label="Where it comes from" hint={oneALine} value={sources} onChange={(event) => setSources(event.target.value)} error={problems.sources} />
      <TextAreaField
        label="Who receives it (optional)"
        hint="One a line; leave empty if it goes to no one outside the office."
        value={recipients}
        onChange={(event) => setRecipients(event.target.value)}
        error={problems.recipients}
      />
      <TextField
        label="Retention period in months (optional)"
        hint="Leave empty for no fixed period, e.g. until the person unsubscribes; then say when it goes in the note."
        inputMode="numeric"
        value={months}
        onChange={(event) => setMonths(event.target.value)}
        error={problems.retentionMonths}
      />
      <TextAreaField label="How long it is kept" value={retentionNote} onChange={(event) => setRetentionNote(event.target.value)} error={problems.retentionNote} />
      <CheckboxField
        label="Consent is needed"
        hint="Yes when the lawful basis is consent or the special category condition is explicit consent."
        checked={consentRequired}
        onChange={setConsentRequired}
        error={problems.consentRequired}
      />
      <CheckboxGroup legend="Used in Postbag by" hint="None for processing outside Postbag, such as CCTV." options={choices.modules} chosen={modules} onChange={setModules} error={problems.modules} empty="None" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : purpose ? 'Save the purpose' : 'Add the purpose'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
