import type { ProcessingChoices } from '../../api.js';

/** A code's label from the server's choices, or the code itself if this build does not know it. */
export function labelOf(options: readonly { value: string | number; label: string }[], value: string | number | null): string {
  return options.find((o) => o.value === value)?.label ?? String(value);
}

/** "Substantial public interest (Article 9(2)(g)), Paragraph 23: Elected representatives responding to requests". */
export function conditionText(choices: ProcessingChoices, condition: string | null, paragraph: number | null): string {
  if (condition === null) return 'None: no special category data';
  const article = labelOf(choices.specialCategoryConditions, condition);
  return paragraph === null ? article : `${article}, DPA 2018 Schedule 1 ${labelOf(choices.scheduleOneParagraphs, paragraph).replace(/^Paragraph/, 'paragraph')}`;
}

/** A lawful basis in words; a purpose may not have decided one yet. */
export function basisText(choices: ProcessingChoices, basis: string | null): string {
  return basis === null ? 'Not decided yet' : labelOf(choices.lawfulBases, basis);
}

export function retentionText(months: number | null): string {
  if (months === null) return 'No fixed period';
  return months % 12 === 0 ? `${months / 12} year${months === 12 ? '' : 's'}` : `${months} month${months === 1 ? '' : 's'}`;
}
