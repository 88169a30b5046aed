import { useRef, useState } from 'react';
import type { Organisation, PersonDetail, SearchResult } from '../api.js';
import { formatPhone } from '../format.js';
import { useSearch } from '../useSearch.js';
import { count, organisationKindLabel, withheldWords } from '../words.js';
import { ErrorAlert } from './ErrorAlert.js';
import { TextField } from './TextField.js';
import { OrganisationForm } from './organisation/OrganisationForm.js';
import { AddPersonForm, type PersonPrefill, splitName } from './person/AddPersonForm.js';

interface Props {
  label: string;
  hint?: string;
  type: 'person' | 'organisation' | 'case';
  /** Already chosen (or the record itself): not offered again. */
  exclude?: readonly string[];
  onPick: (result: SearchResult) => void;
  error?: string | undefined;
  /**
   * People only: offer to add someone who is not found, starting from what is known of them (the
   * message's sender); `false` where a new person makes no sense (choosing a duplicate).
   * Organisations can always be added to the directory from here.
   */
  addPerson?: PersonPrefill | false;
}

const nouns = { person: ['person', 'people'], organisation: ['organisation', 'organisations'], case: ['case', 'cases'] } as const;

/**
 * What tells two results with the same name apart: a person's e-mail address and postcode (and the
 * phone number that matched), the kind of organisation, a case's summary.
 */
export function resultDetail(result: SearchResult): string | null {
  if (result.withheld) return withheldWords;
  if (result.type === 'organisation' && result.detail) return organisationKindLabel(result.detail);
  if (result.type === 'person') {
    const matched = result.detail && result.matched === 'phone' ? formatPhone(result.detail) : result.detail;
    return [...new Set([matched, result.email, result.postcode].filter(Boolean))].join(' · ') || null;
  }
  return result.detail;
}

/**
 * Finds a person, an organisation or a case with the search API and offers each match as a button, so
 * that choosing is an ordinary Tab and Enter; after a choice the box empties for the next one.
 */
export function EntityPicker({ label, hint, type, exclude = [], onPick, error, addPerson = {} }: Props) {
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const found = useSearch(text, (result) => result.type === type && !exclude.includes(result.id));
  const results = found.state === 'searching' || found.state === 'done' ? found.results : [];
  const [one, noun] = nouns[type];

  function pick(result: SearchResult) {
    onPick(result);
    setText('');
    input.current?.focus();
  }

  return (
    <div className="picker">
      <TextField
        ref={input}
        label={label}
        hint={hint}
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        // Enter would submit the surrounding form: here it means "the first match".
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (results[0] && found.state === 'done') pick(results[0]);
          }
        }}
        error={error}
      />
      <p className="visually-hidden" role="status">
        {found.state === 'done' ? (results.length === 0 ? `No matching ${noun}` : `${count(results.length, one, noun)} found`) : ''}
      </p>
      {found.state === 'failed' && <ErrorAlert error={found.error} title="The search did not work." />}
      {found.state === 'done' && results.length === 0 && <p className="muted">No {noun} match “{found.query}”.</p>}
      {results.length > 0 && (
        <ul className="pick-list" aria-label={`Matching ${noun}`} aria-busy={found.state === 'searching' || undefined}>
          {results.map((result) => (
            <li key={result.id}>
              <button type="button" className="pick-button" onClick={() => pick(result)}>
                <span className="visually-hidden">Choose </span>
                <span className="pick-title">{result.title}</span>
                {resultDetail(result) && <span className="pick-detail">{resultDetail(result)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {type === 'person' && addPerson !== false && (
        <details className="disclosure" open={adding} onToggle={(event) => setAdding(event.currentTarget.open)}>
          <summary>Not found? Add a new person</summary>
          {/* Made when opened, so that it starts from the name just searched for. */}
          {adding && (
            <AddPersonForm
              prefill={{ ...splitTyped(text), ...addPerson }}
              onAdded={(person) => {
                setAdding(false);
                pick(asResult(person));
              }}
            />
          )}
        </details>
      )}
      {type === 'organisation' && (
        <details className="disclosure" open={adding} onToggle={(event) => setAdding(event.currentTarget.open)}>
          <summary>Not in the directory? Add an organisation</summary>
          {adding && (
            <OrganisationForm
              name={text.trim()}
              onSaved={(organisation) => {
                setAdding(false);
                pick(organisationResult(organisation));
              }}
            />
          )}
        </details>
      )}
    </div>
  );
}

/** An organisation just added to the directory, as the picker's choice. */
function organisationResult(organisation: Organisation): SearchResult {
  return { type: 'organisation', id: organisation.id, title: organisation.name, detail: organisation.kind, matched: 'name', withheld: false, score: 1, email: null, postcode: null };
}

/** A name typed into the search box, as the start of a new person's names (an address or number is not a name). */
function splitTyped(text: string): Pick<PersonPrefill, 'givenName' | 'familyName'> {
  if (!text.trim() || /[@\d]/.test(text)) return {};
  return splitName(text);
}

/** A person just added, as the picker's choice. */
function asResult(person: PersonDetail): SearchResult {
  const email = person.contactPoints.find((p) => p.kind === 'email')?.value ?? null;
  const postcode = person.contactPoints.find((p) => p.kind === 'postal_address')?.postcode ?? null;
  return { type: 'person', id: person.id, title: `${person.givenName} ${person.familyName}`, detail: null, matched: 'name', withheld: false, score: 1, email, postcode };
}
