import type { CaseDetail } from '../../api.js';
import { caseStatusTone, organisationKindLabel, outcomeLabel } from '../../words.js';
import { DateText, DueDate } from '../DateText.js';
import { Link } from '../Link.js';
import { Section } from '../Section.js';
import { StatusBadge, toneFor } from '../StatusBadge.js';

/** Who and what the case is about, at a glance. */
export function CaseDetails({ detail }: { detail: CaseDetail }) {
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
    </Section>
  );
}
