import { useState } from 'react';
import { useArrivalNotice } from '../arrivalNotice.js';
import { api, type Me, type Organisation } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { CheckBeforeUse, ContactRoute } from '../components/organisation/ContactRoute.js';
import { OrganisationForm } from '../components/organisation/OrganisationForm.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { Section } from '../components/Section.js';
import { SelectField } from '../components/SelectField.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { organisationKindLabel, sourceLabel, sources } from '../words.js';

export function OrganisationPage({ organisationId, me }: { organisationId: string; me: Me }) {
  // Counts the edits made here, so that the organisation is read again after each.
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useArrivalNotice();
  const [editing, setEditing] = useState(false);
  const result = useApiData(`organisation:${organisationId}:${changes}`, (signal) => api.organisation(organisationId, signal));
  const mayEdit = me.permissions.includes('people:write');
  const changed = (said: string) => {
    setNotice(said);
    setChanges((n) => n + 1);
  };
  return (
    <RecordGate result={result} noun="organisation" back={{ href: '/directory', label: 'Go to the directory' }}>
      {(data) => (
        <Page
          title={data.name}
          lead={
            <>
              {organisationKindLabel(data.kind)} · {sourceLabel(data.source)}, <DateText iso={data.collectedAt} />
            </>
          }
          actions={
            <Link href="/directory" className="button button-secondary">
              Back to the directory
            </Link>
          }
        >
          <p role="status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
            {notice}
          </p>
          <div className="stack">
            <Section title="Casework contact route">
              <CheckBeforeUse entry={data} />
              <ContactRoute entry={data} />
              {data.notes && (
                <>
                  <h3>Notes</h3>
                  <p className="preserve-lines">{data.notes}</p>
                </>
              )}
              {mayEdit && data.checkBeforeUse && <ConfirmRoute organisation={data} onConfirmed={() => changed('Contact route confirmed.')} />}
              {mayEdit && (
                <details className="disclosure" open={editing} onToggle={(event) => setEditing(event.currentTarget.open)}>
                  <summary>Edit the organisation</summary>
                  {/* Made when opened, so that it starts from the organisation as it now is. */}
                  {editing && (
                    <OrganisationForm
                      organisation={data}
                      onSaved={() => {
                        setEditing(false);
                        changed('Changes saved.');
                      }}
                    />
                  )}
                </details>
              )}
            </Section>
            <Section title="People">
              <Members organisation={data} />
            </Section>
          </div>
        </Page>
      )}
    </RecordGate>
  );
}

const sourceOptions = sources.map((value) => ({ value, label: sourceLabel(value) }));

/** Someone has checked the route as it stands (rang the line, had a reply): it is no longer "check before use". */
function ConfirmRoute({ organisation, onConfirmed }: { organisation: Organisation; onConfirmed: () => void }) {
  const [source, setSource] = useState('phone');
  const submit = useSubmit();
  async function confirm() {
    if (await submit.run(() => api.updateOrganisation(organisation.id, { confirmed: true, source: source as Organisation['source'] }))) onConfirmed();
  }
  return (
    <form
      className="subform"
      aria-label="Confirm the contact route"
      onSubmit={(event) => {
        event.preventDefault();
        void confirm();
      }}
    >
      {submit.error !== null && <ErrorAlert error={submit.error} title="The route was not confirmed." />}
      <p>This route came from the starter directory. Once someone in the office has checked it works, confirm it.</p>
      <SelectField label="How it was checked" options={sourceOptions} value={source} onChange={(event) => setSource(event.target.value)} error={submit.problems.source} />
      <button type="submit" className="button button-secondary" disabled={submit.busy}>
        {submit.busy ? 'Confirming…' : 'Confirm the route'}
      </button>
    </form>
  );
}

function Members({ organisation }: { organisation: Organisation }) {
  if (organisation.members.length === 0) return <p className="muted">No one is linked to this organisation.</p>;
  return (
    <DataTable caption={`People at ${organisation.name}`} busy={false}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Source</th>
          <th scope="col">Collected</th>
        </tr>
      </thead>
      <tbody>
        {organisation.members.map((member) => (
          <tr key={member.id}>
            <td className="nowrap">
              <Link href={`/people/${member.personId}`}>
                {member.givenName} {member.familyName}
              </Link>
            </td>
            <td>{member.role ?? <span className="muted">Not given</span>}</td>
            <td className="nowrap">{sourceLabel(member.source)}</td>
            <td className="nowrap">
              <DateText iso={member.collectedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
