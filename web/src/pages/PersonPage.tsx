import { useState } from 'react';
import { useArrivalNotice } from '../arrivalNotice.js';
import { api, type Me, type MergeList, type PersonDetail } from '../api.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { ContactPointsTable } from '../components/person/ContactPointsTable.js';
import { HowTheySubscribed } from '../components/person/HowTheySubscribed.js';
import { MergeHistory } from '../components/person/MergeHistory.js';
import { PersonCases } from '../components/person/PersonCases.js';
import { PersonMessages } from '../components/person/PersonMessages.js';
import { PersonFlags } from '../components/person/PersonFlags.js';
import { PersonOrganisations } from '../components/person/PersonOrganisations.js';
import { PersonRestriction } from '../components/person/PersonRestriction.js';
import { Section } from '../components/Section.js';
import { type ApiData, useApiData } from '../useApiData.js';
import { contactKindLabel, sourceLabel } from '../words.js';
import { useSubmit } from '../useSubmit.js';
import { AddContactPointForm, FlagsForm, NamesForm } from '../components/person/EditPerson.js';

export function PersonPage({ personId, me }: { personId: string; me: Me }) {
  const can = (permission: string) => me.permissions.includes(permission);
  // Counts the changes made here (a restriction, names, flags, contact details), so that the record is read again.
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useArrivalNotice();
  const person = useApiData(`person:${personId}:${changes}`, (signal) => api.person(personId, signal));
  const merges = useApiData(`merges:${personId}`, (signal) => api.merges(personId, signal));
  return (
    <RecordGate result={person} noun="person" back={{ href: '/people', label: 'Go to the list of people' }}>
      {(data) => (
        <PersonView
          data={data}
          merges={merges}
          can={can}
          notice={notice}
          onChanged={(said = '') => {
            setNotice(said);
            setChanges((n) => n + 1);
          }}
        />
      )}
    </RecordGate>
  );
}

interface ViewProps {
  data: PersonDetail;
  merges: ApiData<MergeList>;
  can: (permission: string) => boolean;
  notice: string;
  onChanged: (notice?: string) => void;
}

function PersonView({ data, merges, can, notice, onChanged }: ViewProps) {
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
      <p role="status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
        {notice}
      </p>
      <PersonRestriction person={data} mayRestrict={can('people:restrict')} onChanged={() => onChanged()} />
      {data.withheld ? null : <PersonDetails data={data} merges={merges} can={can} name={name} onChanged={onChanged} />}
    </Page>
  );
}

function PersonDetails({ data, merges, can, name, onChanged }: Omit<ViewProps, 'notice'> & { name: string }) {
  // A restricted person may not be changed (the server refuses too): only the data protection lead's lifting changes that.
  const mayChange = can('people:write') && data.restriction === null;
  const removing = useSubmit();
  async function remove(point: PersonDetail['contactPoints'][number]) {
    if (await removing.run(() => api.removeContactPoint(data.id, point.id))) onChanged(`${contactKindLabel(point.kind)} removed.`);
  }
  return (
    <>
      <PersonFlags person={data} />
      <div className="stack">
        <Section title="Contact details">
          {removing.error !== null && <ErrorAlert error={removing.error} title="The contact details were not removed." />}
          <ContactPointsTable points={data.contactPoints} caption={`Contact details of ${name}`} onRemove={mayChange ? (point) => void remove(point) : undefined} />
          {mayChange && (
            <details className="disclosure">
              <summary>Add contact details</summary>
              <AddContactPointForm person={data} onChanged={onChanged} />
            </details>
          )}
        </Section>
        {mayChange && (
          <Section title="Change names and flags">
            <details className="disclosure">
              <summary>Change names</summary>
              <NamesForm person={data} onChanged={onChanged} />
            </details>
            <details className="disclosure">
              <summary>Change flags</summary>
              <FlagsForm person={data} onChanged={onChanged} />
            </details>
          </Section>
        )}
        {can('cases:read') && (
          <Section title="Cases">
            <PersonCases personId={data.id} name={name} />
          </Section>
        )}
        {can('cases:read') && (
          <Section title="Messages">
            <PersonMessages personId={data.id} name={name} />
          </Section>
        )}
        <Section title="How they subscribed">
          <HowTheySubscribed personId={data.id} />
        </Section>
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
