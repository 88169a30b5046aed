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
import { Section } from '../components/Section.js';
import { type ApiData, useApiData } from '../useApiData.js';
import { sourceLabel } from '../words.js';

export function PersonPage({ personId, me }: { personId: string; me: Me }) {
  const can = (permission: string) => me.permissions.includes(permission);
  const person = useApiData(`person:${personId}`, (signal) => api.person(personId, signal));
  const merges = useApiData(`merges:${personId}`, (signal) => api.merges(personId, signal));
  return (
    <RecordGate result={person} noun="person" back={{ href: '/people', label: 'Go to the list of people' }}>
      {(data) => <PersonView data={data} merges={merges} can={can} />}
    </RecordGate>
  );
}

interface ViewProps {
  data: PersonDetail;
  merges: ApiData<MergeList>;
  can: (permission: string) => boolean;
}

function PersonView({ data, merges, can }: ViewProps) {
  const name = `${data.givenName} ${data.familyName}`;
  const actions = (
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
    </Page>
  );
}
