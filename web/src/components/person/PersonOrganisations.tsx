import type { PersonDetail } from '../../api.js';
import { organisationKindLabel, sourceLabel } from '../../words.js';
import { DateText } from '../DateText.js';
import { Link } from '../Link.js';

export function PersonOrganisations({ organisations }: { organisations: PersonDetail['organisations'] }) {
  if (organisations.length === 0) return <p className="muted">Not linked to any organisation.</p>;
  return (
    <ul className="plain-list spaced">
      {organisations.map((membership) => (
        <li key={membership.membershipId}>
          <Link href={`/organisations/${membership.organisationId}`}>{membership.name}</Link>
          <span className="muted"> ({organisationKindLabel(membership.kind)})</span>
          {membership.role && <>: {membership.role}</>}
          <span className="muted">
            {' '}
            · {sourceLabel(membership.source)}, <DateText iso={membership.collectedAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}
