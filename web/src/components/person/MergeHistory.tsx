import type { MergeList } from '../../api.js';
import { humanise } from '../../capabilities.js';
import { DateText } from '../DateText.js';

/** "2 contact points, 1 case": what a merge moved, from the server's counts by kind. */
export function movedText(moved: Record<string, number>): string {
  const words: Record<string, [string, string]> = {
    contactPoints: ['contact point', 'contact points'],
    organisations: ['organisation link', 'organisation links'],
    cases: ['case', 'cases'],
    messages: ['message', 'messages'],
    identifiers: ['identifier', 'identifiers'],
    consentEntries: ['consent entry', 'consent entries'],
    mailings: ['mailing', 'mailings'],
    subscriptionSignups: ['subscription sign-up', 'subscription sign-ups'],
  };
  // In a fixed order (the server's JSON keeps none), known kinds first.
  const kinds = [...Object.keys(words), ...Object.keys(moved).filter((kind) => !(kind in words))];
  const parts = kinds
    .map((kind): [string, number] => [kind, moved[kind] ?? 0])
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => {
      const [one, many] = words[kind] ?? [humanise(kind).toLowerCase(), humanise(kind).toLowerCase()];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length ? parts.join(', ') : 'nothing';
}

export function MergeHistory({ merges }: { merges: MergeList['merges'] }) {
  if (merges.length === 0) return <p className="muted">No duplicate records have been merged into this one.</p>;
  return (
    <ul className="plain-list spaced">
      {merges.map((merge) => (
        <li key={merge.id}>
          <DateText iso={merge.mergedAt} withTime />: a duplicate record was merged in{merge.mergedBy && ` by ${merge.mergedBy}`}, moving {movedText(merge.moved)}.
        </li>
      ))}
    </ul>
  );
}
