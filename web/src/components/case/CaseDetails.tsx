import { useState } from 'react';
import type { CaseDetail, StaffMember } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { caseStatusTone, organisationKindLabel, outcomeLabel } from '../../words.js';
import { DateText, DueDate } from '../DateText.js';
import { Link } from '../Link.js';
import { Section } from '../Section.js';
import { StatusBadge, toneFor } from '../StatusBadge.js';
import { CaseEditForm } from './CaseEditForm.js';

interface Props {
  detail: CaseDetail;
  /** Given when the user may change the case: its owner, due date, topics and sensitivity. */
  editing?: { staff: readonly StaffMember[]; onChanged: CaseChanged } | undefined;
}

/** Who and what the case is about, at a glance. */
export function CaseDetails({ detail, editing }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <Section title="About this case">
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={detail.status} tone={toneFor(caseStatusTone, detail.status)} />
          {detail.outcome && (
            <p className="summary-more">
              Outcome: {outcomeLabel(detail.outcome)}
              {detail.closedAt && (
                <>
                  , closed <DateText iso={detail.closedAt} />
                </>
              )}
            </p>
          )}
          {detail.outcomeNote && <p className="summary-more">{detail.outcomeNote}</p>}
        </dd>
        <dt>Owner</dt>
        <dd>{detail.owner?.name ?? <span className="muted">Unassigned</span>}</dd>
        <dt>Due</dt>
        <dd>
          <DueDate dueOn={detail.dueOn} overdue={detail.overdue} />
        </dd>
        <dt>Opened</dt>
        <dd>
          <DateText iso={detail.openedAt} />
        </dd>
        <dt>{detail.constituents.length === 1 ? 'Constituent' : 'Constituents'}</dt>
        <dd>
          <ul className="plain-list">
            {detail.constituents.map((person) => (
              <li key={person.id}>
                <Link href={`/people/${person.id}`}>{person.name}</Link>
                {person.lead && detail.constituents.length > 1 && <span className="muted"> (lead)</span>}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Topics</dt>
        <dd>{detail.topics.length ? detail.topics.map((topic) => topic.name).join(', ') : <span className="muted">None</span>}</dd>
        <dt>Agencies</dt>
        <dd>
          {detail.agencies.length ? (
            <ul className="plain-list">
              {detail.agencies.map((agency) => (
                <li key={agency.organisationId}>
                  <Link href={`/organisations/${agency.organisationId}`}>{agency.name}</Link>
                  <span className="muted">
                    {' '}
                    ({organisationKindLabel(agency.kind)}
                    {agency.agencyReference && `, their reference ${agency.agencyReference}`})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">None yet</span>
          )}
        </dd>
        {detail.sharedWith.length > 0 && (
          <>
            <dt>Shared with</dt>
            <dd>{detail.sharedWith.map((user) => user.name).join(', ')}</dd>
          </>
        )}
      </dl>
      {editing && detail.status !== 'closed' && (open ? (
        <CaseEditForm detail={detail} staff={editing.staff} onChanged={editing.onChanged} onDone={() => setOpen(false)} />
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Change owner, due date, topics, sharing or sensitivity
        </button>
      ))}
    </Section>
  );
}
