import { useState, type FormEvent } from 'react';
import { api, type CaseDetail } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { article9Conditions, article9Label, categoryLabel } from '../../words.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { Section } from '../Section.js';

interface Props {
  caseId: string;
  specialCategory: CaseDetail['specialCategory'];
  canWrite: boolean;
  onChanged: CaseChanged;
}

/**
 * What in the case's text is special category (or criminal offence) data, the words that flagged
 * it, and the Article 9 condition the office relies on. A flagged case cannot be closed until a
 * condition is recorded, so the form says so.
 */
export function SpecialCategoryPanel({ caseId, specialCategory, canWrite, onChanged }: Props) {
  const [condition, setCondition] = useState(specialCategory.condition ?? '');
  const submit = useSubmit();

  async function record(event: FormEvent) {
    event.preventDefault();
    const ok = await submit.run(() => api.recordArticle9(caseId, condition));
    if (ok) onChanged(`Recorded the Article 9 condition: ${article9Label(condition)}.`);
  }

  return (
    <Section title="Special category data" className={specialCategory.needsCondition ? 'section-warning' : ''}>
      {specialCategory.found.length > 0 ? (
        <>
          <p>The case’s text mentions:</p>
          <ul className="category-list">
            {specialCategory.found.map((found) => (
              <li key={found.category}>
                <strong>{categoryLabel(found.category)}</strong>
                <span className="muted"> — flagged by </span>
                {found.words.map((word, i) => (
                  <span key={word}>
                    {i > 0 && ', '}
                    <q className="trigger-word">{word}</q>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No special category words are in the case’s text now.</p>
      )}
      <p>
        <strong>Article 9 condition: </strong>
        {specialCategory.condition ? (
          <>
            {article9Label(specialCategory.condition)}
            {specialCategory.recordedAt && (
              <span className="muted">
                {' '}
                (recorded <DateText iso={specialCategory.recordedAt} />
                {specialCategory.recordedBy && ` by ${specialCategory.recordedBy}`})
              </span>
            )}
          </>
        ) : (
          <span className="text-warning">not recorded yet. Record it before the case can be closed.</span>
        )}
      </p>
      {canWrite && (
        <form onSubmit={record} noValidate aria-label="Record the Article 9 condition">
          {submit.error !== null && <ErrorAlert error={submit.error} title="The condition was not recorded." />}
          <RadioGroup
            legend={specialCategory.condition ? 'Change the Article 9 condition' : 'Record the Article 9 condition'}
            name="condition"
            options={article9Conditions.map((value) => ({ value, label: article9Label(value) }))}
            value={condition}
            onChange={setCondition}
            error={submit.problems.condition}
          />
          <button type="submit" className="button button-secondary" disabled={submit.busy}>
            {submit.busy ? 'Recording…' : 'Record condition'}
          </button>
        </form>
      )}
    </Section>
  );
}
