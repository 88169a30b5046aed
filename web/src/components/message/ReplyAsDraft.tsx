import { useState } from 'react';
import { api, type DraftView, type MessageDetail } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';
import { Section } from '../Section.js';

/** "Re: " once, however many the sender's program put there; within the subject's 300 characters. */
const replySubject = (subject: string) => `Re: ${subject.replace(/^(\s*re:\s*)+/i, '').trim() || 'your message'}`.slice(0, 300);

/**
 * A reply to an e-mail on a case, begun as a draft on the case: to the sender, "Re:" its subject,
 * and an opening line, for the caseworker to write and send from the case (or a colleague to pick up).
 */
export function ReplyAsDraft({ message, onCase }: { message: MessageDetail; onCase: { id: string; reference: string } }) {
  const submit = useSubmit();
  const [saved, setSaved] = useState<DraftView | null>(null);
  const name = message.person?.name ?? message.from.name ?? 'constituent';

  async function begin() {
    await submit.run(async () =>
      setSaved(await api.saveNewDraft(onCase.id, { channel: 'email', to: message.from.address, subject: replySubject(message.subject), body: `Dear ${name},` })),
    );
  }

  return (
    <Section title="Reply">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The reply was not begun." />}
      {saved ? (
        <p className="alert alert-info">
          Draft reply saved on the case: <Link href={`/cases/${onCase.id}`}>carry on with it on case {onCase.reference}</Link>, under Drafts.
        </p>
      ) : (
        <button type="button" className="button button-secondary" aria-disabled={submit.busy || undefined} onClick={() => void begin()}>
          Draft a reply on the case
        </button>
      )}
    </Section>
  );
}
