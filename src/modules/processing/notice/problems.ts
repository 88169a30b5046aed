import type { FieldProblem } from '../../../platform/errors/errors.js';
import { article9Labels, scheduleOneParagraphs } from '../schemas.js';
import type { NoticeSource } from './document.js';

/** Article 9(2) conditions that need a condition of DPA 2018 Schedule 1 beside them. */
const needsParagraph = new Set(Object.values(scheduleOneParagraphs).map((p) => p.condition));

const officeDetails = [
  ['address', 'The controller’s address is missing'],
  ['email', 'The controller’s e-mail address is missing'],
  ['dataProtectionContact', 'How to reach the data protection lead is missing'],
] as const;

/**
 * Why this record cannot be published as the office's privacy notice, each problem on its own:
 * a current purpose without a lawful basis, special category data without its Article 9 condition
 * or the Schedule 1 paragraph the condition needs, or controller's details not given. The record
 * refuses most of these on entry; this checks again what is published, whatever wrote the record.
 * Empty: it can be published. (The ICO registration number is not required: elected
 * representatives are exempt from the data protection fee.)
 */
export function noticeProblems(source: NoticeSource): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!source.purposes.length) problems.push({ path: 'record.purposes', message: 'The record of processing has no current purposes: a notice would say nothing' });
  for (const p of source.purposes) {
    const at = (field: string) => `record.purposes.${p.id}.${field}`;
    if (!p.lawfulBasis) problems.push({ path: at('lawfulBasis'), message: `The purpose “${p.name}” has no lawful basis (Article 6): choose one in the record of processing` });
    if (p.specialCategories.length && !p.specialCategoryCondition) {
      problems.push({ path: at('specialCategoryCondition'), message: `The purpose “${p.name}” involves special category data but has no Article 9 condition` });
    }
    if (p.specialCategoryCondition && needsParagraph.has(p.specialCategoryCondition) && p.scheduleOneParagraph === null) {
      problems.push({
        path: at('scheduleOneParagraph'),
        message: `The purpose “${p.name}” relies on ${article9Labels[p.specialCategoryCondition]} but names no condition of DPA 2018 Schedule 1`,
      });
    }
  }
  for (const [field, message] of officeDetails) {
    if (!source.office[field]) problems.push({ path: `controller.${field}`, message: `${message}: add it in the controller’s details` });
  }
  return problems;
}
