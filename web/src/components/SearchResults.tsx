import type { KeyboardEvent } from 'react';
import type { SearchResult } from '../api.js';
import { resultDetail } from './EntityPicker.js';
import { Link } from './Link.js';

const typeWords: Record<SearchResult['type'], { label: string; path: string }> = {
  person: { label: 'Person', path: '/people' },
  organisation: { label: 'Organisation', path: '/organisations' },
  case: { label: 'Case', path: '/cases' },
};

const matchedWords: Record<SearchResult['matched'], string> = {
  name: 'name',
  email: 'e-mail address',
  phone: 'phone number',
  postcode: 'postcode',
  reference: 'case reference',
  text: 'words in the case',
};

export function resultHref(result: SearchResult): string {
  return `${typeWords[result.type].path}/${result.id}`;
}

/** Up and down arrows move between the results, as they would in a menu; Tab works as ever. */
function moveFocus(event: KeyboardEvent<HTMLOListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at === -1) return;
  event.preventDefault();
  links[Math.max(0, Math.min(links.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}

/** Search results best first, each a link to its page, its type said in words. */
export function SearchResults({ results, busy }: { results: readonly SearchResult[]; busy: boolean }) {
  return (
    <ol className="search-results" aria-label="Search results" aria-busy={busy || undefined} onKeyDown={moveFocus}>
      {results.map((result) => {
        const detail = resultDetail(result);
        return (
          <li key={`${result.type}:${result.id}`}>
            <span className={`badge badge-type badge-type-${result.type}`}>{typeWords[result.type].label}</span>
            <Link href={resultHref(result)} className="search-title">
              {result.title}
            </Link>
            {detail && <span className="search-detail">{detail}</span>}
            <span className="search-matched muted">Matched on {matchedWords[result.matched] ?? result.matched}</span>
          </li>
        );
      })}
    </ol>
  );
}
