import { useState } from 'react';
import { api, type MergeResult } from '../api.js';
import { EntityPicker } from '../components/EntityPicker.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { movedText } from '../components/person/MergeHistory.js';
import { PersonCard } from '../components/person/PersonCard.js';
import { RecordGate } from '../components/RecordGate.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

const fullName = (person: { givenName: string; familyName: string }) => `${person.givenName} ${person.familyName}`;
/** How many cases a person is on: one row is enough to get the total. */
const caseCount = (personId: string, signal: AbortSignal) => api.cases({ limit: 1, offset: 0, personId }, signal).then((list) => list.total);

/**
 * Folding a duplicate record into this one: find the duplicate, compare the two, confirm. The
 * duplicate's record is deleted (and its encryption key destroyed), so the page says so first.
 */
export function MergePage({ personId }: { personId: string }) {
  const kept = useApiData(`person:${personId}`, (signal) => api.person(personId, signal));
  const keptCases = useApiData(`case-count:${personId}`, (signal) => caseCount(personId, signal));
  const [duplicateId, setDuplicateId] = useState<string | null>(null);
  const duplicate = useApiData(`merge-duplicate:${duplicateId}`, (signal) => (duplicateId ? api.person(duplicateId, signal) : Promise.resolve(null)));
  const duplicateCases = useApiData(`case-count:${duplicateId}`, (signal) => (duplicateId ? caseCount(duplicateId, signal) : Promise.resolve(null)));
  const [merged, setMerged] = useState<MergeResult | null>(null);
  const submit = useSubmit();

  async function merge() {
    if (!duplicateId) return;
    await submit.run(async () => setMerged(await api.mergePeople(personId, duplicateId)));
  }

  return (
    <RecordGate result={kept} noun="person" back={{ href: '/people', label: 'Go to the list of people' }}>
      {(keptPerson) => {
        const name = fullName(keptPerson);
        if (merged) {
          return (
            <Page title={`Records merged into ${fullName(merged.person)}`}>
              <p className="alert alert-info" role="status">
                The duplicate record was merged into {fullName(merged.person)}’s and deleted. Moved: {movedText(merged.merge.moved)}.
              </p>
              <div className="stack">
                <PersonCard role="Kept" person={merged.person} cases={null} />
              </div>
              <p>
                <Link href={`/people/${merged.person.id}`}>Go to {fullName(merged.person)}’s page</Link>
              </p>
            </Page>
          );
        }
        const dup = duplicateId ? duplicate.data : null;
        return (
          <Page title={`Merge a duplicate into ${name}`} lead={`${name}’s record is kept. Find the other record for the same person.`}>
            {!duplicateId ? (
              <EntityPicker
                label="Find the duplicate record"
                hint="Type part of their name, an e-mail address, a phone number or a postcode."
                type="person"
                exclude={[personId]}
                onPick={(result) => setDuplicateId(result.id)}
                addPerson={false}
              />
            ) : (
              <p>
                <button type="button" className="button button-link" onClick={() => {
                    setDuplicateId(null);
                    submit.clear();
                  }}>
                  Choose a different record
                </button>
              </p>
            )}
            {duplicateId && duplicate.state === 'failed' && <ErrorAlert error={duplicate.error} title="That record could not be loaded." />}
            {dup && (
              <>
                <div className="compare">
                  <PersonCard role="Kept" person={keptPerson} cases={keptCases.data} />
                  <PersonCard role="Duplicate" person={dup} cases={duplicateCases.data ?? null} />
                </div>
                <div className="card section merge-confirm">
                  <h2>What merging does</h2>
                  <ul>
                    <li>
                      {fullName(dup)}’s contact details, organisations and cases move to {name}’s record; details both records hold are kept once.
                    </li>
                    <li>A flag set on either record (such as do not contact, or vulnerable) stays set.</li>
                    <li>
                      <strong>{fullName(dup)}’s record is then deleted and cannot be brought back.</strong> The merge is recorded on {name}’s page and in the
                      audit log.
                    </li>
                  </ul>
                  {submit.error !== null && <ErrorAlert error={submit.error} title="The records were not merged." />}
                  <div className="form-actions">
                    <button type="button" className="button button-danger" disabled={submit.busy} onClick={() => void merge()}>
                      {submit.busy ? 'Merging…' : `Merge ${fullName(dup)} into ${name}`}
                    </button>
                    <Link href={`/people/${personId}`}>Cancel</Link>
                  </div>
                </div>
              </>
            )}
          </Page>
        );
      }}
    </RecordGate>
  );
}
