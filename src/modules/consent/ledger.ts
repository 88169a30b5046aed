import type { ConsentEventKind } from '../../db/schema.js';
import type { MarketingStanding } from '../../platform/access/processing.js';

/**
 * How current consent is derived from the ledger (never stored apart from it):
 * - per person, purpose and topic (a null topic is the whole purpose) the latest entry counts;
 * - a message for a topic of a purpose follows the later of the purpose's and the topic's latest
 *   entries, so a withdrawal from the whole purpose also stops its topics;
 * - an objection to direct marketing (Art. 21(2)) is absolute: it stands against every purpose and
 *   topic, whichever it was recorded under, and the office cannot lift it. Only a consent the
 *   person gives again after it, for a purpose (or topic), lifts it there, and only there.
 */
export type CurrentState = 'given' | 'withdrawn' | 'objected';

export function currentState(latest: { kind: ConsentEventKind; occurred_at: Date }, objectedAt: Date | null): CurrentState {
  if (latest.kind !== 'given') return latest.kind;
  return objectedAt !== null && objectedAt >= latest.occurred_at ? 'objected' : 'given';
}

/** The ledger's part of the one check for a message (suppression is the address's part). */
export function marketingStanding(latest: { kind: ConsentEventKind | null; occurred_at: Date | null }, objectedAt: Date | null, suppressed: boolean): MarketingStanding {
  const state = latest.kind && latest.occurred_at ? currentState({ kind: latest.kind, occurred_at: latest.occurred_at }, objectedAt) : undefined;
  return { objected: objectedAt !== null && state !== 'given', suppressed, consented: state === 'given' };
}
