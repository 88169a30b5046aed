import { AppError, ErrorCode } from '../../platform/errors/errors.js';

export const conflict = (message: string) => new AppError(ErrorCode.Conflict, message);

/** PostgreSQL's unique_violation, from the server or from PGlite: a concurrent request won a race the service's check lost. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
