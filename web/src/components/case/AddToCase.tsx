import type { CaseDetail, StaffMember } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { Section } from '../Section.js';
import { AgencyContactForm } from './AgencyContactForm.js';
import { NoteForm } from './NoteForm.js';
import { TaskForm } from './TaskForm.js';

interface Props {
  detail: CaseDetail;
  staff: readonly StaffMember[];
  myId: string;
  onChanged: CaseChanged;
}

/**
 * The three things staff add to a timeline. Notes are the commonest, so that form is open;
 * the others open on demand to keep the timeline in view.
 */
export function AddToCase({ detail, staff, myId, onChanged }: Props) {
  return (
    <Section title="Add to the case">
      <details className="disclosure" open>
        <summary>Add a note</summary>
        <NoteForm caseId={detail.id} onChanged={onChanged} />
      </details>
      <details className="disclosure">
        <summary>Add a task</summary>
        <TaskForm caseId={detail.id} staff={staff} myId={myId} onChanged={onChanged} />
      </details>
      <details className="disclosure">
        <summary>Record a contact with an agency</summary>
        <AgencyContactForm caseId={detail.id} agencies={detail.agencies} onChanged={onChanged} />
      </details>
    </Section>
  );
}
