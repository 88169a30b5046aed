import type { z } from 'zod';
import { type AppError, type FieldProblem, validationFailed } from '../../../platform/errors/errors.js';

/** Zod's issues as the API's field problems, e.g. `body.occurredAt must not be in the future`. */
export function problemsOf(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));
}

export function invalid(what: string, problems: FieldProblem[]): AppError {
  return validationFailed(problems, `${what} was not accepted.`, 'Nothing was saved.');
}
