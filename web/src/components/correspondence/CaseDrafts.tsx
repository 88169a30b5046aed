import { useState } from 'react';
import { api, type CaseDetail, type DraftView } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Section } from '../Section.js';
import { SendEmailForm } from './SendEmailForm.js';
import { WriteLetterForm } from './WriteLetterForm.js';

interface Props {
  detail: CaseDetail;
  /** Bumped with every change to the case: the drafts are loaded again. */
  version: number;
  canWrite: boolean;
  onChanged: CaseChanged;
}

/** The e-mails and letters saved unsent on the case, who began each and who edited it last, so that anyone on the case can carry one on. */
export function CaseDrafts({ detail, version, canWrite, onChanged }: Props) {
  const list = useApiData(`case-drafts:${detail.id}:${version}`, (signal) => api.caseDrafts(detail.id, signal));
  const [resumed, setResumed] = useState<DraftView | null>(null);
  const drafts = list.data?.drafts ?? [];
  if (list.state === 'failed') return <ErrorAlert error={list.error} title="The case’s drafts could not be loaded." />;
  if (drafts.length === 0 && resumed === null) return null;
  const finished = () => setResumed(null);
  return (
    <Section title="Drafts">
      {drafts.length > 0 && (
        <DataTable caption="Drafts on this case" busy={list.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Draft</th>
              <th scope="col">Started</th>
              <th scope="col">Last edited</th>
              {canWrite && <th scope="col">Carry on</th>}
            </tr>
          </thead>
          <tbody>
            {drafts.map((draft) => (
              <tr key={draft.id}>
                <td>
                  {draft.channel === 'email' ? 'E-mail' : 'Letter'}: {draft.subject || '(no subject)'}
                </td>
                <td>
                  {draft.startedBy.name}, <DateText iso={draft.startedAt} withTime />
                </td>
                <td>
                  {draft.lastEditedBy.name}, <DateText iso={draft.lastEditedAt} withTime />
                </td>
                {canWrite && (
                  <td>
                    <button type="button" className="button button-secondary button-small" onClick={() => setResumed(draft)} aria-label={`Resume the draft ${draft.subject || draft.channel}`}>
                      Resume
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {resumed !== null &&
        (resumed.channel === 'email' ? (
          <SendEmailForm key={resumed.id} caseId={detail.id} onChanged={onChanged} resumed={resumed} onFinished={finished} />
        ) : (
          <WriteLetterForm key={resumed.id} detail={detail} onChanged={onChanged} resumed={resumed} onFinished={finished} />
        ))}
    </Section>
  );
}
