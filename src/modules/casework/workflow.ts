import type { CaseStatus } from '../../db/enums.js';

/**
 * The case workflow. A new case is opened before it waits on anyone; an open case waits on the
 * agency or the constituent; any case not closed may be closed (with an outcome), a new one too
 * (a question answered on the spot needs no "open" step first); a closed case may be reopened.
 */
const next: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'closed'],
  open: ['awaiting_agency', 'awaiting_constituent', 'closed'],
  awaiting_agency: ['open', 'awaiting_constituent', 'closed'],
  awaiting_constituent: ['open', 'awaiting_agency', 'closed'],
  closed: ['open'],
};

export function nextStatuses(status: CaseStatus): readonly CaseStatus[] {
  return next[status];
}

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return next[from].includes(to);
}

const label: Record<CaseStatus, string> = {
  new: 'new',
  open: 'open',
  awaiting_agency: 'awaiting the agency',
  awaiting_constituent: 'awaiting the constituent',
  closed: 'closed',
};

/** Why `from` → `to` is not allowed, in the office's words. */
export function refusal(from: CaseStatus, to: CaseStatus): string {
  if (from === to) return `The case is already ${label[from]}.`;
  const allowed = next[from].map((s) => label[s]).join(' or ');
  return `A case that is ${label[from]} cannot become ${label[to]} directly: next it can only be ${allowed}.`;
}
