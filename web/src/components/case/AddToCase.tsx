import type { CaseDetail, StaffMember } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { LogContactForm } from '../correspondence/LogContactForm.js';
import { SendEmailForm } from '../correspondence/SendEmailForm.js';
import { WriteLetterForm } from '../correspondence/WriteLetterForm.js';
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
 * What staff add to a timeline. Notes are the commonest, so that form is open;
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
      <details className="disclosure">
        <summary>Send an e-mail</summary>
        <SendEmailForm caseId={detail.id} onChanged={onChanged} />
      </details>
      <details className="disclosure">
        <summary>Write a letter</summary>
        <WriteLetterForm detail={detail} onChanged={onChanged} />
      </details>
      <details className="disclosure">
        <summary>Note a phone call or letter</summary>
        <LogContactForm detail={detail} onChanged={onChanged} />
      </details>
    </Section>
  );
}
