import { AppError, ErrorCode, type FieldProblem, validationFailed } from '../../../platform/errors/errors.js';

/**
 * Merge fields in templates and letters: `{{constituent.name}}` and the like. A field the office
 * does not know is refused when the template is saved; a field with no value for this case and
 * recipient is refused before anything is sent, so a letter never goes out with a blank in it.
 */
export const mergeFields = [
  'constituent.name',
  'constituent.title',
  'constituent.givenName',
  'constituent.familyName',
  'constituent.salutation',
  'case.reference',
  'agency.name',
  'member.name',
  'member.signature',
  'office.name',
  'today',
] as const;
export type MergeField = (typeof mergeFields)[number];
export type MergeValues = Partial<Record<MergeField, string>>;

const known: ReadonlySet<string> = new Set(mergeFields);
const fieldPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The fields `text` uses, in order of first use; throws naming unknown or unclosed ones. */
export function fieldsIn(text: string, path: string): MergeField[] {
  const problems: FieldProblem[] = [];
  const used: MergeField[] = [];
  for (const [, name = ''] of text.matchAll(fieldPattern)) {
    if (!known.has(name)) problems.push({ path, message: `uses {{${name}}}, which is not a merge field` });
    else if (!used.includes(name as MergeField)) used.push(name as MergeField);
  }
  // Left over after the fields are taken out: "{{" or "}}" without its other half.
  if (/\{\{|\}\}/.test(text.replace(fieldPattern, ''))) problems.push({ path, message: 'has "{{" or "}}" without its other half' });
  if (problems.length) {
    throw validationFailed(problems, '', `The merge fields are: ${mergeFields.map((f) => `{{${f}}}`).join(', ')}.`);
  }
  return used;
}

/** Fills the fields in; throws (409) naming every field that has no value here, before anything is made. */
export function render(texts: { subject: string; body: string }, values: MergeValues): { subject: string; body: string } {
  const used = [...new Set([...fieldsIn(texts.subject, 'body.subject'), ...fieldsIn(texts.body, 'body.body')])];
  const missing = used.filter((f) => !values[f]?.trim());
  if (missing.length) {
    throw new AppError(
      ErrorCode.Conflict,
      `Nothing was sent: ${missing.map((f) => `{{${f}}}`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no value for this case and recipient (${missing.map(hint).join('; ')}).`,
      missing.map((f) => ({ path: `mergeFields.${f}`, message: 'has no value' })),
    );
  }
  const fill = (text: string) => text.replace(fieldPattern, (_, name: MergeField) => values[name]!);
  return { subject: fill(texts.subject), body: fill(texts.body) };
}

function hint(field: MergeField): string {
  switch (field) {
    case 'agency.name':
      return 'choose the agency it is about';
    case 'member.signature':
      return "add the member's signature in the office's correspondence settings";
    case 'case.reference':
      return 'send it from a case';
    case 'constituent.title':
      return "add the constituent's title (Ms, Mr, Dr) to their record";
    default:
      return `${field} is not known for this recipient`;
  }
}
