import type { CaseDetail } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { consentMethodLabel } from '../../words.js';
import { DateText } from '../DateText.js';
import { Section } from '../Section.js';
import { SharingConsentForm } from './SharingConsentForm.js';

interface Props {
  detail: CaseDetail;
  canWrite: boolean;
  onChanged: CaseChanged;
}

/**
 * Whether each constituent agreed that the office may pass their details to each agency. A later
 * answer supersedes an earlier one for the same pair; both are kept, as the record of what was said.
 */
export function SharingConsents({ detail, canWrite, onChanged }: Props) {
  const nameOf = (id: string, list: readonly { id: string; name: string }[]) => list.find((item) => item.id === id)?.name ?? 'Unknown';
  const agencies = detail.agencies.map((agency) => ({ id: agency.organisationId, name: agency.name }));
  return (
    <Section title="Consent to share with agencies">
      {detail.sharingConsents.length === 0 ? (
        <p className="muted">No consent has been recorded on this case.</p>
      ) : (
        <ul className="consent-list">
          {detail.sharingConsents.map((consent) => (
            <li key={consent.id} className={consent.current ? '' : 'superseded'}>
              <p>
                <strong>{nameOf(consent.personId, detail.constituents)}</strong> {consent.agreed ? 'agreed to sharing with' : 'refused sharing with'}{' '}
                <strong>{nameOf(consent.organisationId, agencies)}</strong>{' '}
                <span className={`badge ${consent.current ? 'badge-done' : 'badge-muted'}`}>{consent.current ? 'Current' : 'Superseded'}</span>
              </p>
              <p className="muted">
                {consentMethodLabel(consent.method)}, <DateText iso={consent.givenAt} withTime />. Recorded by {consent.recordedBy}.
              </p>
            </li>
          ))}
        </ul>
      )}
      {canWrite &&
        (detail.agencies.length === 0 ? (
          <p className="muted">Add an agency to the case (for example by recording a contact with it) before recording consent to share with it.</p>
        ) : (
          <SharingConsentForm detail={detail} agencies={agencies} onChanged={onChanged} />
        ))}
    </Section>
  );
}
