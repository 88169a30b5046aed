import { useState, type FormEvent } from 'react';
import { api, type CorrespondenceSettings } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** An empty field clears the setting. */
const orNull = (value: string) => (value.trim() ? value.trim() : null);

/** The address e-mail goes from, and what every letter carries: the signature, the letterhead address and the privacy notice. */
export function LetterheadForm({ settings, onSaved }: { settings: CorrespondenceSettings; onSaved: (settings: CorrespondenceSettings) => void }) {
  const [fromAddress, setFromAddress] = useState(settings.fromAddress ?? '');
  const [signature, setSignature] = useState(settings.signature);
  const [letterheadAddress, setLetterheadAddress] = useState(settings.letterheadAddress);
  const [privacyNoticeUrl, setPrivacyNoticeUrl] = useState(settings.privacyNoticeUrl ?? '');
  const submit = useSubmit();

  async function save(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () =>
      onSaved(await api.saveCorrespondenceSettings({ fromAddress: orNull(fromAddress), signature, letterheadAddress, privacyNoticeUrl: orNull(privacyNoticeUrl) })),
    );
  }

  return (
    <form onSubmit={save} noValidate aria-label="Letterhead and sending address">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The settings were not saved." />}
      <TextField
        label="Send e-mail from"
        hint="The office’s address, e.g. office@example.org. Replies come back to it."
        type="email"
        value={fromAddress}
        onChange={(event) => setFromAddress(event.target.value)}
        error={submit.problems.fromAddress}
      />
      <TextAreaField
        label="Signature"
        hint="Under the member’s name at the end of a letter, e.g. Member of Parliament for Example."
        rows={2}
        value={signature}
        onChange={(event) => setSignature(event.target.value)}
        error={submit.problems.signature}
      />
      <TextAreaField
        label="Letterhead address"
        hint="At the top of every letter, one line for each line of the address."
        value={letterheadAddress}
        onChange={(event) => setLetterheadAddress(event.target.value)}
        error={submit.problems.letterheadAddress}
      />
      <TextField
        label="Privacy notice (optional)"
        hint="The web address of the office’s privacy notice, starting https://. Acknowledgements link to it."
        type="url"
        value={privacyNoticeUrl}
        onChange={(event) => setPrivacyNoticeUrl(event.target.value)}
        error={submit.problems.privacyNoticeUrl}
      />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save the settings'}
      </button>
    </form>
  );
}
