import { useState, type FormEvent } from 'react';
import { navigate } from '../router.js';

/**
 * The search box in the header: it leads to the search page, carrying the words in the history
 * entry's state rather than the address (they may be a name or a postcode).
 */
export function HeaderSearch() {
  const [text, setText] = useState('');

  function go(event: FormEvent) {
    event.preventDefault();
    navigate('/search', { state: { q: text } });
    setText('');
  }

  return (
    <form role="search" className="header-search" aria-label="Site" onSubmit={go}>
      <label htmlFor="header-search" className="visually-hidden">
        Search people, organisations and cases
      </label>
      <input id="header-search" className="input header-search-input" type="search" placeholder="Search" autoComplete="off" spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit" className="button button-header">
        Search
      </button>
    </form>
  );
}
