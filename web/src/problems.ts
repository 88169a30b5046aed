import type { FieldProblem } from './api.js';

/**
 * The server names a bad field by its path in the request, e.g. `body.email` or `/code`.
 * Keyed by the last part of that path, the first message for each field.
 */
export function fieldProblems(problems: readonly FieldProblem[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const problem of problems) {
    const field = problem.path.split(/[./]/).filter(Boolean).pop();
    if (field && !(field in byField)) byField[field] = problem.message;
  }
  return byField;
}
