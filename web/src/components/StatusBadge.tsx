import { humanise } from '../capabilities.js';

/** A status as words, coloured by how much it needs attention (the words alone carry the meaning). */
export function StatusBadge({ status, tone }: { status: string; tone: 'neutral' | 'active' | 'waiting' | 'done' | 'problem' }) {
  return <span className={`badge badge-${tone}`}>{humanise(status)}</span>;
}
