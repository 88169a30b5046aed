import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextField } from '../TextField.js';
import { contentBody, MessageContentFields, noContent } from './MessageContentFields.js';

/** An e-mail from the case to the constituent (or another address); it is queued and sent by the office's mail server. */
export function SendEmailForm({ caseId, onChanged }: { caseId: string; onChanged: CaseChanged }) {
  const templates = useApiData('templates:email', (signal) => api.templates('email', signal));
  const [to, setTo] = useState('');
  const [content, setContent] = useState(noContent);
  const submit = useSubmit();

  async function send(event: FormEvent) {
    event.preventDefault();
    let sentTo = '';
    const ok = await submit.run(async () => {
      sentTo = (await api.sendEmail(caseId, { ...(to.trim() ? { to: to.trim() } : {}), ...contentBody(content) })).to;
    });
    if (ok) {
      setTo('');
      setContent(noContent);
      onChanged(`E-mail to ${sentTo} queued to send.`);
    }
  }

  return (
    <form className="subform" onSubmit={send} noValidate aria-label="Send an e-mail">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The e-mail was not sent." />}
      <TextField label="To (optional)" hint="Leave empty to send to the lead constituent’s preferred address." type="email" value={to} onChange={(event) => setTo(event.target.value)} error={submit.problems.to} />
      <MessageContentFields templates={templates.data?.templates ?? []} value={content} onChange={setContent} fill={(templateId) => api.fillTemplate(caseId, templateId)} problems={submit.problems} subjectLabel="Subject" />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Sending…' : 'Send the e-mail'}
      </button>
    </form>
  );
}
