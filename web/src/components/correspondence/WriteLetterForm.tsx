import { useState, type FormEvent } from 'react';
import { api, type CaseDetail, type LetterView } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { contentBody, MessageContentFields, noContent } from './MessageContentFields.js';

/** '' is the lead constituent; otherwise an agency on the case. */
const CONSTITUENT = '';

/** A letter on the office's letterhead, made as a PDF to print and sign, and kept on the case. */
export function WriteLetterForm({ detail, onChanged }: { detail: CaseDetail; onChanged: CaseChanged }) {
  const templates = useApiData('templates:letter', (signal) => api.templates('letter', signal));
  const [recipient, setRecipient] = useState(CONSTITUENT);
  const [content, setContent] = useState(noContent);
  const [made, setMade] = useState<LetterView | null>(null);
  const submit = useSubmit();

  async function write(event: FormEvent) {
    event.preventDefault();
    const result: { letter?: LetterView } = {};
    const ok = await submit.run(async () => {
      result.letter = await api.writeLetter(detail.id, { recipient: recipient === CONSTITUENT ? 'constituent' : { agencyId: recipient }, ...contentBody(content) });
    });
    if (ok && result.letter) {
      setMade(result.letter);
      setContent(noContent);
      onChanged(`Letter to ${result.letter.recipientName} made and kept on the case.`);
    }
  }

  return (
    <form className="subform" onSubmit={write} noValidate aria-label="Write a letter">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The letter was not made." />}
      {made && (
        <p className="alert alert-info">
          <a href={made.pdfUrl} target="_blank" rel="noopener">
            Open the letter to {made.recipientName} (PDF)
          </a>
        </p>
      )}
      <SelectField
        label="To"
        options={[
          { value: CONSTITUENT, label: 'The lead constituent' },
          ...detail.agencies.map((agency) => ({ value: agency.organisationId, label: agency.name })),
        ]}
        value={recipient}
        onChange={(event) => setRecipient(event.target.value)}
        error={submit.problems.recipient ?? submit.problems.agencyId}
      />
      <MessageContentFields templates={templates.data?.templates ?? []} value={content} onChange={setContent} fill={(templateId) => api.fillTemplate(detail.id, templateId, recipient === CONSTITUENT ? undefined : recipient)} problems={submit.problems} subjectLabel="Heading (optional)" />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Making the letter…' : 'Make the letter'}
      </button>
    </form>
  );
}
