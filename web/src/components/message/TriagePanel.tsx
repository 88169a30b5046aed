import { api, type MessageDetail, type StaffMember, type TopicList } from '../../api.js';
import { navigateWithNotice } from '../../arrivalNotice.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Section } from '../Section.js';
import { DealtWithOnCase } from './DealtWithOnCase.js';
import { FileOnCase } from './FileOnCase.js';
import { NewCaseFromMessage } from './NewCaseFromMessage.js';

/** Where to go once the message has left the inbox, and what to say there. */
export type Triaged = (to: string, notice: string) => void;

interface Props {
  message: MessageDetail;
  /** The closed case it seems to answer, if any. */
  suggested: { id: string; name: string } | null;
  topics: TopicList['topics'];
  staff: readonly StaffMember[];
  myId: string;
}

/** What to do with a message in the inbox: the commonest first, each form opening on demand. */
export function TriagePanel({ message, suggested, topics, staff, myId }: Props) {
  const archiving = useSubmit();
  // Once filed or archived the message is no longer the user's work here: go where it went.
  const triaged: Triaged = navigateWithNotice;

  async function archive() {
    if (await archiving.run(() => api.triageMessage(message.id, { action: 'archive' }))) triaged('/inbox', 'Message archived: it has left the inbox and is kept on record.');
  }

  return (
    <Section title="What to do with it">
      {message.case ? (
        <DealtWithOnCase message={message} onCase={message.case} onTriaged={triaged} />
      ) : (
        <>
          <details className="disclosure" open={!suggested}>
            <summary>Open a new case</summary>
            <NewCaseFromMessage message={message} topics={topics} staff={staff} myId={myId} onTriaged={triaged} />
          </details>
          <details className="disclosure" open={!!suggested}>
            <summary>Add to an existing case</summary>
            <FileOnCase message={message} suggested={suggested} onTriaged={triaged} />
          </details>
        </>
      )}
      <details className="disclosure">
        <summary>Archive</summary>
        <div className="subform">
          <p className="field-hint">For messages that need nothing from the office, such as newsletters. It stays on record.</p>
          {archiving.error !== null && <ErrorAlert error={archiving.error} title="The message was not archived." />}
          <button type="button" className="button button-secondary" aria-disabled={archiving.busy || undefined} onClick={() => void archive()}>
            {archiving.busy ? 'Archiving…' : 'Archive the message'}
          </button>
        </div>
      </details>
    </Section>
  );
}
