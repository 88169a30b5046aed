import type { ReactNode } from 'react';

interface Props<Item extends { id: string; name: string }> {
  /** Names the list, e.g. "Chosen constituents". */
  label: string;
  items: readonly Item[];
  onRemove: (id: string) => void;
  /** Extra content for an item, e.g. "(lead)" or a field. */
  extra?: (item: Item, index: number) => ReactNode;
}

/** What has been picked so far, each with its own Remove button naming it. */
export function ChosenList<Item extends { id: string; name: string }>({ label, items, onRemove, extra }: Props<Item>) {
  if (items.length === 0) return null;
  return (
    <ul className="chosen-list" aria-label={label}>
      {items.map((item, index) => (
        <li key={item.id}>
          <span className="chosen-name">{item.name}</span>
          {extra?.(item, index)}
          <button type="button" className="button button-link" onClick={() => onRemove(item.id)}>
            Remove<span className="visually-hidden"> {item.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
