import { useState, type FormEvent } from 'react';
import { api, type CaseDetail, type DraftView, type LetterView } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { DraftButtons } from './DraftButtons.js';
import { contentBody, MessageContentFields, noContent } from './MessageContentFields.js';
import { draftContent, draftWords, useDraft } from './useDraft.js';

/** '' is the lead constituent; otherwise an agency on the case. */
const CONSTITUENT = '';

interface Props {
  detail: CaseDetail;
  onChanged: CaseChanged;
  /** A draft saved on the case, resumed. */
  resumed?: DraftView;
  /** Once the resumed draft is made into the letter or discarded. */
  onFinished?: () => void;
}

const recipientOf = (draft: DraftView | undefined) => (draft?.recipient && draft.recipient !== 'constituent' ? draft.recipient.agencyId : CONSTITUENT);

/** A letter on the office's letterhead, made as a PDF to print and sign, and kept on the case; or saved as a draft. */
export function WriteLetterForm({ detail, onChanged, resumed, onFinished }: Props) {
  const templates = useApiData('templates:letter', (signal) => api.templates('letter', signal));
  const [recipient, setRecipient] = useState(recipientOf(resumed));
  const [content, setContent] = useState(resumed ? draftContent(resumed) : noContent);
  const [made, setMade] = useState<LetterView | null>(null);
  const draft = useDraft(detail.id, resumed);
  const submit = useSubmit();
  const [failureTitle, setFailureTitle] = useState('The letter was not made.');
  const to = () => (recipient === CONSTITUENT ? ('constituent' as const) : { agencyId: recipient });
  const asDraft = () => ({ channel: 'letter' as const, recipient: to(), ...draftWords(content) });

  function finished(message: string) {
    setContent(noContent);
    onChanged(message);
    onFinished?.();
  }

  async function write(event: FormEvent) {
    event.preventDefault();
    setFailureTitle('The letter was not made.');
    const result: { letter?: LetterView } = {};
    const ok = await submit.run(async () => {
      // A draft is made through its own send, which keeps the template it began from and deletes it.
      result.letter = draft.saved ? (await draft.send(asDraft())).letter! : await api.writeLetter(detail.id, { recipient: to(), ...contentBody(content) });
    });
    if (ok && result.letter) {
      setMade(result.letter);
      finished(`Letter to ${result.letter.recipientName} made and kept on the case.`);
    }
  }

  return (
    <form className="subform" onSubmit={write} noValidate aria-label={resumed ? 'Draft letter' : 'Write a letter'}>
      {submit.error !== null && <ErrorAlert error={submit.error} title={failureTitle} />}
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
      <div className="button-row">
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Making the letter…' : 'Make the letter'}
        </button>
        <DraftButtons draft={draft} submit={submit} body={asDraft} noun="letter" onStart={setFailureTitle} onSaved={onChanged} onDiscarded={finished} />
      </div>
    </form>
  );
}
