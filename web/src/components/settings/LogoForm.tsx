import { useState, type FormEvent } from 'react';
import { api, type CorrespondenceSettings } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { fileSize } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextField } from '../TextField.js';

const MAX_LOGO_BYTES = 1024 * 1024;

/** What is wrong with the chosen file before it is sent, if anything (the server checks again, by its contents). */
function logoProblem(file: File | null): string {
  if (!file) return 'choose an image to upload';
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return 'must be a PNG or JPEG image';
  if (file.size > MAX_LOGO_BYTES) return `must be at most ${fileSize(MAX_LOGO_BYTES)} (this one is ${fileSize(file.size)})`;
  return '';
}

/** The logo at the top of every letter, shown as it is now, and a form to replace it. */
export function LogoForm({ settings, onSaved }: { settings: CorrespondenceSettings; onSaved: (settings: CorrespondenceSettings) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [chooseError, setChooseError] = useState('');
  // The file input cannot be emptied through its value: a new key gives a new, empty one.
  const [inputKey, setInputKey] = useState(0);
  const submit = useSubmit();

  async function upload(event: FormEvent) {
    event.preventDefault();
    const problem = logoProblem(file);
    setChooseError(problem);
    if (problem || !file) return;
    const form = new FormData();
    form.append('logo', file);
    if (await submit.run(async () => onSaved(await api.uploadLogo(form)))) {
      setFile(null);
      setInputKey((key) => key + 1);
    }
  }

  return (
    <>
      {settings.logo ? (
        // The address changes with each upload, so the browser shows the new logo rather than one it kept.
        <img className="logo-preview" src={`${settings.logo.url}?v=${encodeURIComponent(settings.updatedAt ?? '')}`} alt="The office’s logo, as letters show it" />
      ) : (
        <p className="muted">No logo yet: letters have the office’s name at the top.</p>
      )}
      <form onSubmit={upload} noValidate aria-label="Upload a logo">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The logo was not changed." />}
        <TextField
          key={inputKey}
          label={settings.logo ? 'New logo file' : 'Logo file'}
          hint={`A PNG or JPEG image, at most ${fileSize(MAX_LOGO_BYTES)}.`}
          type="file"
          accept="image/png,image/jpeg"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setChooseError('');
          }}
          error={chooseError || undefined}
        />
        <button type="submit" className="button button-secondary" disabled={submit.busy}>
          {submit.busy ? 'Uploading…' : 'Upload the logo'}
        </button>
      </form>
    </>
  );
}
