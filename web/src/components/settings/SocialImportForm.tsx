import { useState, type FormEvent } from 'react';
import { api, type SocialImportReply } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { count } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextField } from '../TextField.js';
import { isPlatform, platformOptions } from './socialPlatforms.js';

/** The messages of an export: a JSON list, or an object holding the list as `messages`. */
async function messagesIn(file: File): Promise<unknown[] | string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    return 'is not JSON: choose the .json file the platform exported';
  }
  if (Array.isArray(parsed)) return parsed;
  const listed = typeof parsed === 'object' && parsed !== null ? (parsed as { messages?: unknown }).messages : undefined;
  return Array.isArray(listed) ? listed : 'must hold a list of messages, or an object with the list as "messages"';
}

function ImportedSummary({ result }: { result: SocialImportReply }) {
  return (
    <div className="subform" role="group" aria-label="What was imported from the export">
      <dl className="summary-list">
        <dt>Messages in the file</dt>
        <dd>{result.received}</dd>
        <dt>New, in the inbox</dt>
        <dd>{result.stored}</dd>
        <dt>Already in Postbag</dt>
        <dd>{result.duplicates}</dd>
        <dt>Not imported</dt>
        <dd>{result.rejected.length}</dd>
      </dl>
      {result.rejected.length > 0 && (
        <ul className="plain-list spaced" aria-label="Messages not imported">
          {result.rejected.map((problem) => (
            <li key={problem.position}>
              <strong>Message {problem.position}:</strong> {problem.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A platform's export of the messages sent to the office (JSON: id, handle, text, sentAt, url for each); each is checked on its own. */
export function SocialImportForm() {
  const [platform, setPlatform] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SocialImportReply | null>(null);
  const submit = useSubmit();

  async function upload(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const messages = file ? await messagesIn(file) : 'choose the export file';
    const found = { ...(isPlatform(platform) ? {} : { platform: 'choose the platform it came from' }), ...(typeof messages === 'string' ? { file: messages } : {}) };
    setProblems(found);
    if (!isPlatform(platform) || typeof messages === 'string') return;
    await submit.run(async () => setResult(await api.importSocial(platform, messages)));
  }

  return (
    <>
      <form className="subform" onSubmit={upload} noValidate aria-label="Import a JSON export">
        {submit.error !== null && <ErrorAlert error={submit.error} title="Nothing was imported." />}
        <div className="field-row">
          <SelectField label="Platform of the export" placeholder="Choose the platform" options={platformOptions} value={platform} onChange={(event) => setPlatform(event.target.value)} error={problems.platform} />
          <TextField
            label="Export file"
            hint="JSON: a list of messages, each with id, handle, text and sentAt."
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setProblems(({ file: _chosen, ...others }) => others);
            }}
            error={problems.file}
          />
        </div>
        <button type="submit" className="button button-secondary" disabled={submit.busy}>
          {submit.busy ? 'Importing…' : 'Import the export'}
        </button>
      </form>
      <div role="status">{result && <p className="alert alert-info">{`Imported ${count(result.stored, 'new message')} of ${count(result.received, 'message')}.`}</p>}</div>
      {result && <ImportedSummary result={result} />}
    </>
  );
}
