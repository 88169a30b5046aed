import type { RefObject } from 'react';
import { api, type CaseDetail } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { caseStatusLabel } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Section } from '../Section.js';
import { CloseCaseForm } from './CloseCaseForm.js';

interface Props {
  detail: CaseDetail;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onChanged: CaseChanged;
}

/** The moves the workflow allows from here (the server's nextStatuses); closing needs its own form, for the outcome. */
export function StatusActions({ detail, headingRef, onChanged }: Props) {
  const submit = useSubmit();
  const moves = detail.nextStatuses.filter((status) => status !== 'closed');
  const canClose = detail.nextStatuses.includes('closed');

  async function move(status: string) {
    const ok = await submit.run(() => api.changeStatus(detail.id, status));
    if (ok) {
      onChanged(`The case is now ${caseStatusLabel(status).toLowerCase()}.`);
      // The button pressed is gone now (the moves changed): keep the keyboard here.
      headingRef.current?.focus();
    }
  }

  const words = (status: string) => (detail.status === 'closed' && status === 'open' ? 'Reopen the case' : `Mark as ${caseStatusLabel(status).toLowerCase()}`);

  return (
    <Section title="Status" headingRef={headingRef}>
      {submit.error !== null && <ErrorAlert error={submit.error} title="The status was not changed." />}
      {moves.length > 0 && (
        <ul className="button-row">
          {moves.map((status) => (
            <li key={status}>
              <button type="button" className="button button-secondary" aria-disabled={submit.busy || undefined} onClick={() => void move(status)}>
                {words(status)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {canClose && <CloseCaseForm caseId={detail.id} needsCondition={detail.specialCategory.needsCondition} openTasks={detail.openTasks} onChanged={onChanged} />}
      {moves.length === 0 && !canClose && <p className="muted">There is no next step from here.</p>}
    </Section>
  );
}
