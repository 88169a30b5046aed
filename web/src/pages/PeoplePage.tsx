import { api } from '../api.js';
import { navigateWithNotice } from '../arrivalNotice.js';
import { AddPersonForm } from '../components/person/AddPersonForm.js';
import { DateText } from '../components/DateText.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { intParam, withParams } from '../router.js';
import { useApiData } from '../useApiData.js';
import { sourceLabel } from '../words.js';

const PAGE_SIZE = 25;

export function PeoplePage({ search }: { search: string }) {
  const page = intParam(search, 'page', 1);
  const result = useApiData(`people:${page}`, (signal) => api.people({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal));
  return (
    <Page
      title="People"
      lead="Constituents and contacts the office holds, with where their details came from."
      actions={
        <Link href="/search" className="button button-secondary">
          Search people and cases
        </Link>
      }
    >
      <details className="disclosure">
        <summary>Add a person</summary>
        <AddPersonForm onAdded={(person) => navigateWithNotice(`/people/${person.id}`, `${person.givenName} ${person.familyName} added.`)} />
      </details>
      <PagedTable
        result={result}
        items={(data) => data.people}
        noun="people"
        page={page}
        pageSize={PAGE_SIZE}
        hrefFor={(to) => withParams('/people', { page: to === 1 ? null : to })}
        empty="The office holds no one’s details yet."
        head={
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Postcode</th>
            <th scope="col">Source</th>
            <th scope="col">Collected</th>
          </tr>
        }
        row={(person) => (
          <tr key={person.id}>
            <td className="nowrap">
              <Link href={`/people/${person.id}`}>
                {person.givenName} {person.familyName}
              </Link>
            </td>
            <td>{person.email ?? <span className="muted">{withheldOr(person.restricted)}</span>}</td>
            <td className="nowrap">{person.postcode ?? <span className="muted">{withheldOr(person.restricted)}</span>}</td>
            <td className="nowrap">{sourceLabel(person.source)}</td>
            <td className="nowrap">
              <DateText iso={person.collectedAt} />
            </td>
          </tr>
        )}
      />
    </Page>
  );
}

/** A restricted person's details are withheld from all but the data protection lead: not "none". */
const withheldOr = (restricted: boolean) => (restricted ? 'Restricted' : 'None');
