import { useState } from 'react';
import { api } from '../api.js';
import { navigateWithNotice } from '../arrivalNotice.js';
import { Link } from '../components/Link.js';
import { AddCouncils } from '../components/organisation/AddCouncils.js';
import { CheckBeforeUse, ContactRoute } from '../components/organisation/ContactRoute.js';
import { OrganisationForm } from '../components/organisation/OrganisationForm.js';
import { Page } from '../components/Page.js';
import { PagedTable } from '../components/PagedTable.js';
import { SelectField } from '../components/SelectField.js';
import { TextField } from '../components/TextField.js';
import { intParam, navigate, withParams } from '../router.js';
import { useApiData } from '../useApiData.js';
import { organisationKindLabel, organisationKinds } from '../words.js';

const PAGE_SIZE = 25;
const kindOptions = organisationKinds.map((value) => ({ value, label: organisationKindLabel(value) }));

/** The address of the directory with these filters (the first page unless given). */
const directoryHref = (q: string, kind: string, page = 1) => withParams('/directory', { q, kind, page: page === 1 ? null : page });

/** The bodies the office deals with (agencies, councils, the NHS, charities): found by name or kind, each with its casework contact route. */
export function DirectoryPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const q = params.get('q')?.trim() ?? '';
  const kind = params.get('kind') ?? '';
  const page = intParam(search, 'page', 1);
  const [typed, setTyped] = useState(q);
  // Counts the councils added here, so that the list is read again.
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useState('');
  const result = useApiData(`directory:${q}:${kind}:${page}:${changes}`, (signal) =>
    api.organisations({ ...(q ? { q } : {}), ...(kind ? { kind } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
  );
  const filtered = q !== '' || kind !== '';

  return (
    <Page title="Directory" lead="The agencies, councils and other bodies the office writes to, with how casework reaches each.">
      <details className="disclosure">
        <summary>Add an organisation</summary>
        <OrganisationForm name={typed} onSaved={(organisation) => navigateWithNotice(`/organisations/${organisation.id}`, `${organisation.name} added to the directory.`)} />
      </details>
      <details className="disclosure">
        <summary>Add the councils of the office’s area</summary>
        <AddCouncils
          onAdded={(said) => {
            setNotice(said);
            setChanges((n) => n + 1);
          }}
        />
      </details>
      <p role="status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
        {notice}
      </p>
      <form
        className="filters"
        role="search"
        aria-label="Find in the directory"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(directoryHref(typed, kind));
        }}
      >
        <TextField label="Name" type="search" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <SelectField label="Kind" placeholder="Any kind" options={kindOptions} value={kind} onChange={(event) => navigate(directoryHref(q, event.target.value))} />
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
      <PagedTable
        result={result}
        items={(data) => data.organisations}
        noun="organisations"
        caption="Organisations in the directory"
        page={page}
        pageSize={PAGE_SIZE}
        hrefFor={(to) => directoryHref(q, kind, to)}
        empty={filtered ? 'No organisation in the directory matches. Add it above.' : 'The directory is empty: add the bodies the office writes to.'}
        head={
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Casework contact route</th>
          </tr>
        }
        row={(entry) => (
          <tr key={entry.id}>
            <td>
              <Link href={`/organisations/${entry.id}`}>{entry.name}</Link>
            </td>
            <td className="nowrap">{organisationKindLabel(entry.kind)}</td>
            <td>
              <CheckBeforeUse entry={entry} />
              <ContactRoute entry={entry} />
            </td>
          </tr>
        )}
      />
    </Page>
  );
}
