import type { PersonDetail } from '../../api.js';
import { Section } from '../Section.js';
import { ContactPointsTable } from './ContactPointsTable.js';
import { PersonFlags } from './PersonFlags.js';
import { PersonOrganisations } from './PersonOrganisations.js';

interface Props {
  /** What this record is in the comparison, e.g. "Kept". */
  role: string;
  person: PersonDetail;
  /** How many cases they are a constituent on, if known. */
  cases: number | null;
}

/** One record of a merge, as the comparison shows it. */
export function PersonCard({ role, person, cases }: Props) {
  const name = `${person.givenName} ${person.familyName}`;
  return (
    <Section title={`${role}: ${name}`} className="person-card">
      <PersonFlags person={person} />
      <h3>Contact details</h3>
      <ContactPointsTable points={person.contactPoints} caption={`Contact details of ${name} (${role.toLowerCase()})`} />
      <h3>Organisations</h3>
      <PersonOrganisations organisations={person.organisations} />
      <h3>Cases</h3>
      <p>{cases === null ? 'Counting…' : cases === 1 ? '1 case' : `${cases} cases`}</p>
    </Section>
  );
}
