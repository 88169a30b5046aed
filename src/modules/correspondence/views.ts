import type { MessageSummary } from './schemas.js';
import type { MessageTexts } from './sealing.js';

interface SummaryRow {
  id: string;
  direction: MessageSummary['direction'];
  channel: MessageSummary['channel'];
  state: MessageSummary['state'];
  person_id: string | null;
  given_name: string | null;
  family_name: string | null;
  case_id: string | null;
  case_reference: string | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  occurred_at: Date;
  received_at: Date;
  attachment_count: number;
  out_of_constituency: boolean;
}

const PREVIEW_CHARS = 140;

/** A message as a list shows it. `texts` null: the viewer may not read it, so nothing of what it says or who sent it is shown. */
export function messageSummary(row: SummaryRow, texts: MessageTexts | null): Omit<MessageSummary, 'campaign'> {
  const common = {
    id: row.id,
    direction: row.direction,
    channel: row.channel,
    state: row.state,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    assignee: row.assignee_user_id ? { id: row.assignee_user_id, name: row.assignee_name ?? '' } : null,
    attachmentCount: row.attachment_count,
    outOfConstituency: row.out_of_constituency,
  };
  if (texts === null) return { ...common, withheld: true, from: { address: null, name: null }, person: null, case: null, subject: '', preview: null };
  return {
    ...common,
    withheld: false,
    from: { address: texts.counterpartAddress, name: texts.counterpartName },
    person: row.person_id ? { id: row.person_id, name: [row.given_name, row.family_name].filter(Boolean).join(' ') } : null,
    case: row.case_id && row.case_reference ? { id: row.case_id, reference: row.case_reference } : null,
    subject: texts.subject ?? '',
    preview: texts.body === null ? null : firstLine(texts.body),
  };
}

/** The first line with words in it, cut short: what the inbox shows under the subject. */
function firstLine(body: string): string | null {
  const line = body.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? null : shortened(line, PREVIEW_CHARS);
}

/** On one line, and no longer than `max` characters (an ellipsis says it was cut). */
export function shortened(text: string, max: number): string {
  const words = text.trim().replace(/\s+/g, ' ');
  return words.length > max ? `${words.slice(0, max - 1)}…` : words;
}
