import { humanise } from '../capabilities.js';

/** How much a status needs attention, shown as the badge's colour. */
export type Tone = 'neutral' | 'active' | 'waiting' | 'done' | 'problem';

/** The tone `tones` gives a status; neutral for a status it does not know (the server may know more than this build). */
export function toneFor(tones: Readonly<Record<string, Tone>>, status: string): Tone {
  return Object.hasOwn(tones, status) ? (tones[status] ?? 'neutral') : 'neutral';
}

/** A status as words, coloured by how much it needs attention (the words alone carry the meaning). */
export function StatusBadge({ status, tone }: { status: string; tone: Tone }) {
  return <span className={`badge badge-${tone}`}>{humanise(status)}</span>;
}
