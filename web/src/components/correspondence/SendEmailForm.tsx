import { useState, type FormEvent } from 'react';
import { api, type DraftView } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextField } from '../TextField.js';
import { DraftButtons } from './DraftButtons.js';
import { contentBody, MessageContentFields, noContent } from './MessageContentFields.js';
import { draftContent, draftWords, useDraft } from './useDraft.js';

interface Props {
  caseId: string;
  onChanged: CaseChanged;
  /** A draft saved on the case, resumed. */
  resumed?: DraftView;
  /** Once the resumed draft is sent or discarded. */
  onFinished?: () => void;
}

/** An e-mail from the case to the constituent (or another address); it is queued and sent by the office's mail server, or saved as a draft. */
export function SendEmailForm({ caseId, onChanged, resumed, onFinished }: Props) {
  const templates = useApiData('templates:email', (signal) => api.templates('email', signal));
  const [to, setTo] = useState(resumed?.to ?? '');
  const [content, setContent] = useState(resumed ? draftContent(resumed) : noContent);
  const draft = useDraft(caseId, resumed);
  const submit = useSubmit();
  const [failureTitle, setFailureTitle] = useState('The e-mail was not sent.');
  const asDraft = () => ({ channel: 'email' as const, to: to.trim() || null, ...draftWords(content) });

  function finished(message: string) {
    setTo('');
    setContent(noContent);
    onChanged(message);
    onFinished?.();
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    setFailureTitle('The e-mail was not sent.');
    let sent: { to: string; warning?: string | null | undefined } = { to: '' };
    const ok = await submit.run(async () => {
      // A draft goes through its own send, which keeps the template it began from and deletes it.
      sent = draft.saved ? (await draft.send(asDraft())).email! : await api.sendEmail(caseId, { ...(to.trim() ? { to: to.trim() } : {}), ...contentBody(content) });
    });
    // An address that bounced before still gets casework mail: the warning says it may not arrive.
    if (ok) finished(sent.warning ? `E-mail queued to send. ${sent.warning}` : `E-mail to ${sent.to} queued to send.`);
  }

  return (
    <form className="subform" onSubmit={send} noValidate aria-label={resumed ? 'Draft e-mail' : 'Send an e-mail'}>
      {submit.error !== null && <ErrorAlert error={submit.error} title={failureTitle} />}
      <TextField label="To (optional)" hint="Leave empty to send to the lead constituent’s preferred address." type="email" value={to} onChange={(event) => setTo(event.target.value)} error={submit.problems.to} />
      <MessageContentFields templates={templates.data?.templates ?? []} value={content} onChange={setContent} fill={(templateId) => api.fillTemplate(caseId, templateId)} problems={submit.problems} subjectLabel="Subject" />
      <div className="button-row">
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Sending…' : 'Send the e-mail'}
        </button>
        <DraftButtons draft={draft} submit={submit} body={asDraft} noun="e-mail" onStart={setFailureTitle} onSaved={onChanged} onDiscarded={finished} />
      </div>
    </form>
  );
}
