import { useEffect, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { resultHref, SearchResults } from '../components/SearchResults.js';
import { TextField } from '../components/TextField.js';
import { historyState, navigate } from '../router.js';
import { useSearch } from '../useSearch.js';
import { count } from '../words.js';

/**
 * One box for people, organisations and cases, searched as the user types. The query lives in
 * this page's state (and the history entry's state, so Back returns to it), never in the address.
 */
export function SearchPage() {
  const [text, setText] = useState(() => {
    const q = historyState().q;
    return typeof q === 'string' ? q : '';
  });
  const found = useSearch(text);
  const results = found.state === 'searching' || found.state === 'done' ? found.results : [];

  // Keep the query with this history entry, so that coming Back from a result shows the same results.
  useEffect(() => {
    window.history.replaceState({ ...historyState(), q: text }, '');
  }, [text]);

  const announcement =
    found.state === 'done' ? (results.length ? `${count(results.length, 'result')} for “${found.query}”` : `Nothing found for “${found.query}”`) : '';

  return (
    <Page title="Search" lead="Find people, organisations and cases by name, reference, e-mail address, phone number, postcode or words in a case.">
      <form role="search" className="search-form" aria-label="People, organisations and cases" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label="Search for"
          hint="Results appear as you type. Press Enter to open the first, or the down arrow to move through them."
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            const first = results[0];
            if (event.key === 'Enter' && first && found.state === 'done') navigate(resultHref(first));
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              document.querySelector<HTMLAnchorElement>('.search-results a')?.focus();
            }
          }}
        />
      </form>
      <p role="status" className="search-count">
        {announcement}
      </p>
      {found.state === 'failed' && <ErrorAlert error={found.error} title="The search did not work." />}
      {results.length > 0 && <SearchResults results={results} busy={found.state === 'searching'} />}
    </Page>
  );
}
