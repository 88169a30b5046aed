import { useState, type FormEvent } from 'react';
import { api, type SocialMessageReply } from '../../api.js';
import { localToIso, nowForInput } from '../../dateInput.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';
import { isPlatform, platformOptions } from './socialPlatforms.js';

const blank = () => ({ platform: '', handle: '', text: '', sentAt: nowForInput(), url: '' });
type Values = ReturnType<typeof blank>;

/** The fields a message cannot be without, said before anything is sent. */
function missing(values: Values): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!values.platform) problems.platform = 'choose the platform it came from';
  if (!values.handle.replace(/^@/, '').trim()) problems.handle = 'must not be empty';
  if (!values.text.trim()) problems.text = 'must not be empty';
  if (!values.sentAt) problems.sentAt = 'must not be empty';
  return problems;
}

/** One message from social media, copied from the platform, into the inbox. */
export function SocialPasteForm() {
  const [values, setValues] = useState(blank);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [stored, setStored] = useState<(SocialMessageReply & { handle: string }) | null>(null);
  const submit = useSubmit();
  const set = (field: keyof Values) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });
  const problems = { ...submit.problems, ...checked };

  async function paste(event: FormEvent) {
    event.preventDefault();
    setStored(null);
    const found = missing(values);
    setChecked(found);
    const { platform } = values;
    if (Object.keys(found).length > 0 || !isPlatform(platform)) return;
    const message = { platform, handle: values.handle, text: values.text, sentAt: localToIso(values.sentAt) ?? '', ...(values.url.trim() ? { url: values.url.trim() } : {}) };
    await submit.run(async () => {
      setStored({ ...(await api.pasteSocial(message)), handle: values.handle.trim() });
      setValues(blank());
    });
  }

  return (
    <>
      <form className="subform" onSubmit={paste} noValidate aria-label="Paste a social media message">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The message was not stored." />}
        <div className="field-row">
          <SelectField label="Platform" placeholder="Choose the platform" options={platformOptions} value={values.platform} onChange={set('platform')} error={problems.platform} />
          <TextField label="From" hint="The sender’s handle, e.g. @rhysevans." value={values.handle} onChange={set('handle')} error={problems.handle} />
        </div>
        <TextAreaField label="Message" value={values.text} onChange={set('text')} error={problems.text} />
        <div className="field-row">
          <TextField label="When it was sent" type="datetime-local" value={values.sentAt} onChange={set('sentAt')} error={problems.sentAt} />
          <TextField label="Link to it (optional)" type="url" value={values.url} onChange={set('url')} error={problems.url} />
        </div>
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Storing…' : 'Store the message'}
        </button>
      </form>
      <div role="status">
        {stored && (
          <p className="alert alert-info">
            {stored.duplicate ? `That message from ${stored.handle} is in Postbag already: nothing new was stored.` : `Message from ${stored.handle} stored in the inbox.`}{' '}
            <Link href={`/messages/${stored.messageId}`}>Open the message</Link>
          </p>
        )}
      </div>
    </>
  );
}
