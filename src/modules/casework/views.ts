import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { CaseRow, CaseSummaryRow, caseParts } from './repo.js';
import type { CaseDetail, CaseSummary } from './schemas.js';
import { detectSpecialCategories } from './special-category.js';
import { caseField, openCaseTexts } from './text.js';
import { nextStatuses } from './workflow.js';

/** Case rows as the API shows them; sealed text is opened here, after the reading transaction. */

type SummaryText = Pick<CaseSummaryRow, 'id' | 'summary' | 'summary_sealed'>;

/** The summaries of many cases, one key store round trip for the keys not in its cache. */
export async function openSummaries(keystore: KeyStore, officeId: string, rows: readonly SummaryText[]): Promise<Map<string, string>> {
  const sealed = rows.filter((r) => r.summary_sealed !== null);
  const texts = await openCaseTexts(keystore, officeId, sealed.map((r) => ({ caseId: r.id, field: caseField.summary, ciphertext: r.summary_sealed! })));
  const byId = new Map(rows.map((r) => [r.id, r.summary ?? '']));
  sealed.forEach((r, i) => byId.set(r.id, texts[i]!));
  return byId;
}

export function isOverdue(row: { status: string; due_on: string | null }, today: string): boolean {
  return row.status !== 'closed' && row.due_on !== null && row.due_on < today;
}

export function caseSummary(row: CaseSummaryRow, summary: string, today: string): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    summary,
    status: row.status,
    lead: { id: row.person_id, name: row.lead_name },
    owner: row.owner_user_id ? { id: row.owner_user_id, name: row.owner_name ?? '' } : null,
    topics: row.topics,
    sensitive: row.sensitive,
    specialCategory: row.special_categories.length > 0,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    dueOn: row.due_on,
    overdue: isOverdue(row, today),
    withheld: false,
  };
}

/** A case with a restricted constituent, in a list, for anyone but the data protection lead: its reference, its lead's name and the restriction, none of its text. */
export function withheldCaseSummary(row: CaseSummaryRow): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    summary: '',
    status: row.status,
    lead: { id: row.person_id, name: row.lead_name },
    owner: null,
    topics: [],
    sensitive: row.sensitive,
    specialCategory: false,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    dueOn: null,
    overdue: false,
    withheld: true,
  };
}

type CaseParts = Awaited<ReturnType<typeof caseParts>> & { openTasks: number };

export interface CaseTexts {
  summary: string;
  outcomeNote: string | null;
  /** Every text on the timeline, for the special category words. */
  timeline: string[];
}

export function caseDetail(row: CaseRow, parts: CaseParts, texts: CaseTexts, today: string): CaseDetail {
  const flagged = row.special_categories.length > 0;
  const found = detectSpecialCategories([texts.summary, texts.outcomeNote ?? '', ...texts.timeline].join('\n'));
  const lead = row.person_id;
  const current = new Set<string>();
  return {
    ...caseSummary(row, texts.summary, today),
    constituents: parts.constituents.map((p) => ({ id: p.id, name: p.name, lead: p.id === lead })).sort((a, b) => Number(b.lead) - Number(a.lead)),
    agencies: parts.agencies.map((a) => ({ organisationId: a.id, name: a.name, kind: a.kind, agencyReference: a.agency_reference })),
    sharedWith: parts.sharedWith,
    outcome: row.outcome,
    outcomeNote: texts.outcomeNote,
    closedAt: row.closed_at,
    // Newest first: the first answer seen for a constituent and agency is the one that stands.
    sharingConsents: parts.consents.map((c) => {
      const pair = `${c.person_id}/${c.organisation_id}`;
      const isCurrent = !current.has(pair);
      current.add(pair);
      return {
        id: c.id,
        personId: c.person_id,
        organisationId: c.organisation_id,
        agreed: c.agreed,
        method: c.method,
        givenAt: c.given_at,
        recordedAt: c.recorded_at,
        recordedBy: c.recorded_by_name,
        current: isCurrent,
      };
    }),
    specialCategory: {
      // Worked out again from the text: the words are special category data, so they are not stored.
      found,
      condition: row.article9_condition,
      recordedAt: row.article9_recorded_at,
      recordedBy: row.article9_recorded_by_name ?? null,
      needsCondition: flagged && row.article9_condition === null,
    },
    openTasks: parts.openTasks,
    nextStatuses: [...nextStatuses(row.status)],
  };
}
