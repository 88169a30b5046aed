import type { FilledTemplate, TemplateList } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** What an e-mail or letter says: the words to send, perhaps begun from one of the office's templates. */
export interface MessageContent {
  /** The template the draft was filled from, if any; the words below are what is sent. */
  templateId: string;
  subject: string;
  body: string;
}

export const noContent: MessageContent = { templateId: '', subject: '', body: '' };

/** The content as the server takes it: the words the caseworker read (an empty subject left out, for a letter). */
export function contentBody(content: MessageContent) {
  return { ...(content.subject.trim() ? { subject: content.subject } : {}), body: content.body };
}

interface Props {
  templates: TemplateList['templates'];
  value: MessageContent;
  onChange: (value: MessageContent) => void;
  /** Fills the chosen template in for this case, for the caseworker to read and edit. */
  fill: (templateId: string) => Promise<FilledTemplate>;
  problems: Record<string, string>;
  subjectLabel: string;
}

const MERGE_HINT = 'Merge fields such as {{constituent.name}} or {{case.reference}} are filled in; one that cannot be is an error, not a blank.';

export function MessageContentFields({ templates, value, onChange, fill, problems, subjectLabel }: Props) {
  const filling = useSubmit();
  const offered = templates.filter((template) => template.retiredAt === null).map((template) => ({ value: template.id, label: template.name }));

  async function choose(templateId: string) {
    if (!templateId) return onChange({ ...value, templateId });
    await filling.run(async () => {
      const filled = await fill(templateId);
      onChange({ templateId, subject: filled.subject, body: filled.body });
    });
  }

  return (
    <>
      {offered.length > 0 && (
        <SelectField
          label="Start from a template"
          hint="Its text is filled in below for this case, to read and change before it goes."
          placeholder="None: write it here"
          options={offered}
          value={value.templateId}
          onChange={(event) => void choose(event.target.value)}
          error={problems.templateId}
        />
      )}
      {filling.error !== null && <ErrorAlert error={filling.error} title="The template could not be filled in for this case." />}
      <TextField label={subjectLabel} value={value.subject} onChange={(event) => onChange({ ...value, subject: event.target.value })} error={problems.subject} />
      <TextAreaField label="Text" hint={MERGE_HINT} value={value.body} onChange={(event) => onChange({ ...value, body: event.target.value })} error={problems.body} rows={14} />
    </>
  );
}
