import type { TemplateList } from '../../api.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** What an e-mail or letter says: one of the office's templates, or words written for it. */
export interface MessageContent {
  templateId: string;
  subject: string;
  body: string;
}

export const noContent: MessageContent = { templateId: '', subject: '', body: '' };

/** The content as the server takes it: a template, or the subject and text (an empty subject left out, for a letter). */
export function contentBody(content: MessageContent) {
  if (content.templateId) return { templateId: content.templateId };
  return { ...(content.subject.trim() ? { subject: content.subject } : {}), body: content.body };
}

interface Props {
  templates: TemplateList['templates'];
  value: MessageContent;
  onChange: (value: MessageContent) => void;
  problems: Record<string, string>;
  subjectLabel: string;
}

const MERGE_HINT = 'Merge fields such as {{constituent.name}} or {{case.reference}} are filled in; one that cannot be is an error, not a blank.';

export function MessageContentFields({ templates, value, onChange, problems, subjectLabel }: Props) {
  const offered = templates.filter((template) => template.retiredAt === null).map((template) => ({ value: template.id, label: template.name }));
  return (
    <>
      {offered.length > 0 && (
        <SelectField
          label="Template"
          placeholder="None: write it here"
          options={offered}
          value={value.templateId}
          onChange={(event) => onChange({ ...value, templateId: event.target.value })}
          error={problems.templateId}
        />
      )}
      {!value.templateId && (
        <>
          <TextField label={subjectLabel} value={value.subject} onChange={(event) => onChange({ ...value, subject: event.target.value })} error={problems.subject} />
          <TextAreaField label="Text" hint={MERGE_HINT} value={value.body} onChange={(event) => onChange({ ...value, body: event.target.value })} error={problems.body} />
        </>
      )}
    </>
  );
}
