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
  assignee_user_id: string | null;
  assignee_name: string | null;
  occurred_at: Date;
  received_at: Date;
  attachment_count: number;
  out_of_constituency: boolean;
}

export function messageSummary(row: SummaryRow, texts: MessageTexts): MessageSummary {
  return {
    id: row.id,
    direction: row.direction,
    channel: row.channel,
    state: row.state,
    from: { address: texts.counterpartAddress, name: texts.counterpartName },
    person: row.person_id ? { id: row.person_id, name: [row.given_name, row.family_name].filter(Boolean).join(' ') } : null,
    subject: texts.subject ?? '',
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    assignee: row.assignee_user_id ? { id: row.assignee_user_id, name: row.assignee_name ?? '' } : null,
    attachmentCount: row.attachment_count,
    outOfConstituency: row.out_of_constituency,
  };
}
