import { type FormEvent, useState } from 'react';
import { api, type PersonDetail } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';

type Reason = NonNullable<PersonDetail['restriction']>['reason'];

/** The four grounds of UK GDPR Article 18(1), in the office's words. */
const grounds: Record<Reason, string> = {
  accuracy_contested: 'They say their record is wrong, while it is checked',
  unlawful_processing: 'It should not have been kept, and they want it kept rather than erased',
  legal_claims: 'They need it kept for a legal claim',
  objection_pending: 'They objected, while the office decides',
};

/**
 * A restricted person says so, first: nothing may be changed or sent, and only the data protection
 * lead sees the rest of the record. The lead restricts and lifts here.
 */
export function PersonRestriction({ person, mayRestrict, onChanged }: { person: PersonDetail; mayRestrict: boolean; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const { restriction } = person;

  async function restrict(event: FormEvent) {
    event.preventDefault();
    if (await submit.run(() => api.restrictPerson(person.id, reason))) onChanged();
  }
  async function lift() {
    if (await submit.run(() => api.liftRestriction(person.id))) onChanged();
  }

  return (
    <>
      {restriction && (
        <div className="alert alert-warning" role="note" aria-label="Restricted">
          <p className="alert-title">Processing restricted (UK GDPR Article 18)</p>
          <p>
            Since <DateText iso={restriction.restrictedAt} />: {grounds[restriction.reason]}. Nothing about this person may be changed, and nothing may be
            sent to them, until the data protection lead lifts the restriction.
          </p>
          {person.withheld && <p>Only the data protection lead can see the rest of this record.</p>}
        </div>
      )}
      {mayRestrict && (
        <div className="subform">
          {submit.error !== null && <ErrorAlert error={submit.error} title={restriction ? 'The restriction was not lifted.' : 'Processing was not restricted.'} />}
          {restriction ? (
            <button type="button" className="button button-secondary" disabled={submit.busy} onClick={lift}>
              {submit.busy ? 'Lifting…' : 'Lift the restriction'}
            </button>
          ) : (
            <form onSubmit={restrict} noValidate aria-label="Restrict processing">
              <SelectField
                label="Ground for restricting"
                placeholder="Choose the ground"
                options={Object.entries(grounds).map(([value, label]) => ({ value, label }))}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                error={submit.problems.reason}
              />
              <button type="submit" className="button button-secondary" disabled={submit.busy}>
                {submit.busy ? 'Restricting…' : 'Restrict processing'}
              </button>
            </form>
          )}
        </div>
      )}
    </>
  );
}
