import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Template } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { channelLabel } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

type Channel = Template['channel'];

interface Props {
  /** The template to edit; null for a new one. */
  template: Template | null;
  onSaved: (template: Template, notice: string) => void;
  onCancel: () => void;
}

/** A new template, or changes to one: its name, subject (a letter's heading) and text, merge fields allowed in both. */
export function TemplateForm({ template, onSaved, onCancel }: Props) {
  const [name, setName] = useState(template?.name ?? '');
  const [channel, setChannel] = useState<Channel>(template?.channel ?? 'email');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const submit = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by a button elsewhere on the page: the reader is taken to the form.
  useEffect(() => heading.current?.focus(), []);
  const title = template ? `Edit “${template.name}”` : 'New template';

  async function save(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => {
      const saved = template ? await api.updateTemplate(template.id, { name, subject, body }) : await api.createTemplate({ name, channel, subject, body });
      onSaved(saved, template ? `Template “${saved.name}” saved.` : `Template “${saved.name}” added.`);
    });
  }

  return (
    <form onSubmit={save} noValidate aria-label={title}>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {submit.error !== null && <ErrorAlert error={submit.error} title="The template was not saved." />}
      <TextField label="Name" hint="What the office calls it, e.g. Acknowledgement." value={name} onChange={(event) => setName(event.target.value)} error={submit.problems.name} />
      {template ? (
        <p>
          <strong>For:</strong> {channelLabel(template.channel)}
        </p>
      ) : (
        <RadioGroup
          legend="For"
          name="channel"
          options={[
            { value: 'email', label: 'E-mail' },
            { value: 'letter', label: 'Letter' },
          ]}
          value={channel}
          onChange={(value) => setChannel(value === 'letter' ? 'letter' : 'email')}
          error={submit.problems.channel}
        />
      )}
      <TextField
        label={channel === 'email' ? 'Subject' : 'Heading (optional)'}
        value={subject}
        onChange={(event) => setSubject(event.target.value)}
        error={submit.problems.subject}
      />
      <TextAreaField label="Text" rows={12} value={body} onChange={(event) => setBody(event.target.value)} error={submit.problems.body} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : template ? 'Save the template' : 'Add the template'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
