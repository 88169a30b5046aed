import { useState, type FormEvent } from 'react';
import { api, type ImportResult } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { SocialMedia } from '../components/settings/SocialMedia.js';
import { TextField } from '../components/TextField.js';
import { useSubmit } from '../useSubmit.js';
import { count } from '../words.js';

/** The kind of upload, from the file's name: what the server takes, as the type it expects. */
function uploadType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.eml')) return 'message/rfc822';
  if (name.endsWith('.mbox') || name.endsWith('.mbx')) return 'application/mbox';
  return null;
}

function ImportSummary({ result }: { result: ImportResult }) {
  return (
    <Section title="What was imported">
      <dl className="summary-list">
        <dt>Messages in the file</dt>
        <dd>{result.received}</dd>
        <dt>New, in the inbox or on a case</dt>
        <dd>{result.stored}</dd>
        <dt>Of those, added to a case</dt>
        <dd>{result.filed}</dd>
        <dt>Already in Postbag</dt>
        <dd>{result.duplicates}</dd>
        <dt>Could not be read</dt>
        <dd>{result.rejected.length}</dd>
      </dl>
      {result.rejected.length > 0 && (
        <>
          <h3>Messages that could not be read</h3>
          <p className="field-hint">Counting from the first message in the file. The others were imported; these were not.</p>
          <ul className="plain-list spaced" aria-label="Messages that could not be read">
            {result.rejected.map((problem) => (
              <li key={problem.position}>
                <strong>Message {problem.position}:</strong> {problem.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href="/inbox">Go to the inbox</Link>
      </p>
    </Section>
  );
}

/** Brings in e-mail saved from a mail program: one message (.eml) or a whole mailbox (.mbox). */
export function ImportMailPage() {
  const [file, setFile] = useState<File | null>(null);
  const [chooseError, setChooseError] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const submit = useSubmit();

  async function upload(event: FormEvent) {
    event.preventDefault();
    const type = file && uploadType(file);
    if (!file || !type) {
      setChooseError(file ? 'must be an .eml or .mbox file' : 'choose a file to import');
      return;
    }
    setChooseError('');
    setResult(null);
    await submit.run(async () => setResult(await api.importMail(file, type)));
  }

  return (
    <Page title="Import e-mail" lead="Messages saved from a mail program. Each is stored once, matched to the person who sent it, and added to the case it answers or left in the inbox.">
      <form className="form-page" onSubmit={upload} noValidate aria-label="Import e-mail">
        {submit.error !== null && <ErrorAlert error={submit.error} title="Nothing was imported." />}
        <TextField
          label="E-mail file"
          hint="One message saved as .eml, or a mailbox exported as .mbox."
          type="file"
          accept=".eml,.mbox,.mbx,message/rfc822,application/mbox"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setChooseError('');
          }}
          error={chooseError || undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={submit.busy}>
            {submit.busy ? 'Importing…' : 'Import'}
          </button>
          <Link href="/inbox">Cancel</Link>
        </div>
      </form>
      <div role="status">{result && <p className="alert alert-info">{`Imported ${count(result.stored, 'new message')} of ${count(result.received, 'message')}.`}</p>}</div>
      {result && <ImportSummary result={result} />}
      <SocialMedia />
    </Page>
  );
}
