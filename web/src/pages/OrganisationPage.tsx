import { api } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { DateText } from '../components/DateText.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { Section } from '../components/Section.js';
import { useApiData } from '../useApiData.js';
import { organisationKindLabel, sourceLabel } from '../words.js';

export function OrganisationPage({ organisationId }: { organisationId: string }) {
  const result = useApiData(`organisation:${organisationId}`, (signal) => api.organisation(organisationId, signal));
  return (
    <RecordGate result={result} noun="organisation" back={{ href: '/people', label: 'Go to the list of people' }}>
      {(data) => (
        <Page
          title={data.name}
          lead={
            <>
              {organisationKindLabel(data.kind)} · {sourceLabel(data.source)}, collected <DateText iso={data.collectedAt} />
            </>
          }
        >
          <Section title="People">
            {data.members.length === 0 ? (
              <p className="muted">No one is linked to this organisation.</p>
            ) : (
              <DataTable caption={`People at ${data.name}`} busy={false}>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Source</th>
                    <th scope="col">Collected</th>
                  </tr>
                </thead>
                <tbody>
                  {data.members.map((member) => (
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
            )}
          </Section>
        </Page>
      )}
    </RecordGate>
  );
}
