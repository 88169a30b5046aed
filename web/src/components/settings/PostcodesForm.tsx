import { useState, type FormEvent } from 'react';
import { api, ApiError, type Constituency } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { count } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextField } from '../TextField.js';

/** The server names each bad row as `row 3`: "Row 3: "XYZ" is not a UK postcode". */
function rowProblems(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.problems.filter((problem) => problem.path.startsWith('row ')).map((problem) => `Row ${problem.path.slice(4)}: ${problem.message}`);
}

/**
 * The constituency's postcodes, from a CSV file: the contact form tells people outside them that
 * the member cannot take up their case. A file with a bad row replaces nothing.
 */
export function PostcodesForm() {
  const [version, setVersion] = useState(0);
  const current = useApiData(`constituency:${version}`, (signal) => api.constituency(signal));
  const [file, setFile] = useState<File | null>(null);
  const [chooseError, setChooseError] = useState('');
  const [loaded, setLoaded] = useState<Constituency | null>(null);
  const submit = useSubmit();
  const rows = rowProblems(submit.error);

  async function upload(event: FormEvent) {
    event.preventDefault();
    setLoaded(null);
    if (!file) {
      setChooseError('choose a CSV file of postcodes');
      return;
    }
    setChooseError('');
    if (await submit.run(async () => setLoaded(await api.uploadPostcodes(file)))) setVersion((n) => n + 1);
  }

  const size = current.data?.count;
  return (
    <>
      {current.state === 'failed' && <ErrorAlert error={current.error} title="The postcodes could not be loaded." />}
      <p>
        {size === undefined ? 'Loading postcodes…' : size === 0 ? 'No postcodes loaded yet: the contact form takes messages from any postcode.' : `${count(size, 'postcode')} in the constituency.`}
      </p>
      <form onSubmit={upload} noValidate aria-label="Upload the constituency’s postcodes">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The postcodes were not replaced." />}
        {rows.length > 0 && (
          <ul className="plain-list spaced field-error" aria-label="Rows with problems">
            {rows.map((row) => (
              <li key={row}>{row}</li>
            ))}
          </ul>
        )}
        <TextField
          label="Postcodes file"
          hint="A CSV file with a header row and a column named postcode. It replaces the whole list."
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setChooseError('');
          }}
          error={chooseError || undefined}
        />
        <button type="submit" className="button button-secondary" disabled={submit.busy}>
          {submit.busy ? 'Uploading…' : 'Upload the postcodes'}
        </button>
      </form>
      <div role="status">{loaded && <p className="alert alert-info">{`Postcodes replaced: ${count(loaded.count, 'postcode')} loaded.`}</p>}</div>
    </>
  );
}
