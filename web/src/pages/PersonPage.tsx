import { useState } from 'react';
import { api, type Me, type MergeList, type PersonDetail } from '../api.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { ContactPointsTable } from '../components/person/ContactPointsTable.js';
import { MergeHistory } from '../components/person/MergeHistory.js';
import { PersonCases } from '../components/person/PersonCases.js';
import { PersonFlags } from '../components/person/PersonFlags.js';
import { PersonOrganisations } from '../components/person/PersonOrganisations.js';
import { PersonRestriction } from '../components/person/PersonRestriction.js';
import { Section } from '../components/Section.js';
import { type ApiData, useApiData } from '../useApiData.js';
import { sourceLabel } from '../words.js';

export function PersonPage({ personId, me }: { personId: string; me: Me }) {
  const can = (permission: string) => me.permissions.includes(permission);
  // Counts the changes made here (a restriction set or lifted), so that the record is read again.
  const [changes, setChanges] = useState(0);
  const person = useApiData(`person:${personId}:${changes}`, (signal) => api.person(personId, signal));
  const merges = useApiData(`merges:${personId}`, (signal) => api.merges(personId, signal));
  return (
    <RecordGate result={person} noun="person" back={{ href: '/people', label: 'Go to the list of people' }}>
      {(data) => <PersonView data={data} merges={merges} can={can} onChanged={() => setChanges((n) => n + 1)} />}
    </RecordGate>
  );
}

interface ViewProps {
  data: PersonDetail;
  merges: ApiData<MergeList>;
  can: (permission: string) => boolean;
  onChanged: () => void;
}

function PersonView({ data, merges, can, onChanged }: ViewProps) {
  const name = `${data.givenName} ${data.familyName}`;
  // A restricted person may not be changed: no case opened for them, no merge.
  const actions = data.restriction === null && (
    <>
      {can('cases:write') && (
        <Link href={`/cases/new?personId=${data.id}`} className="button">
          Open a case<span className="visually-hidden"> for {name}</span>
        </Link>
      )}
      {can('people:write') && (
        <Link href={`/people/${data.id}/merge`} className="button button-secondary">
          Merge a duplicate<span className="visually-hidden"> into {name}’s record</span>
        </Link>
      )}
    </>
  );

  return (
    <Page
      title={name}
      lead={
        <>
          {sourceLabel(data.source)}, collected <DateText iso={data.collectedAt} />
        </>
      }
      actions={actions}
    >
      <PersonRestriction person={data} mayRestrict={can('people:restrict')} onChanged={onChanged} />
      {data.withheld ? null : <PersonDetails data={data} merges={merges} can={can} name={name} />}
    </Page>
  );
}

function PersonDetails({ data, merges, can, name }: Omit<ViewProps, 'onChanged'> & { name: string }) {
  return (
    <>
      <PersonFlags person={data} />
      <div className="stack">
        <Section title="Contact details">
          <ContactPointsTable points={data.contactPoints} caption={`Contact details of ${name}`} />
        </Section>
        {can('cases:read') && (
          <Section title="Cases">
            <PersonCases personId={data.id} name={name} />
          </Section>
        )}
        <Section title="Organisations">
          <PersonOrganisations organisations={data.organisations} />
        </Section>
        <Section title="Merged records">
          {merges.state === 'failed' && <ErrorAlert error={merges.error} title="The merge history could not be loaded." />}
          {merges.data ? <MergeHistory merges={merges.data.merges} /> : merges.state === 'loading' && <p className="muted">Loading…</p>}
        </Section>
      </div>
    </>
  );
}
