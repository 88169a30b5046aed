import type { FastifyRequest } from 'fastify';
import { type FieldProblem, validationFailed } from '../errors/errors.js';
import { NUL_MESSAGE } from './fields.js';

/** The paths (e.g. 'body.contactPoints.0.value') at which a parsed value holds U+0000, in a key or a string. */
export function nulPaths(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (!isParsed(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    return [...(key.includes('\u0000') ? [at] : []), ...nulPaths(item, at)];
  });
}

/** Parsed values only: a raw body (a Buffer of CSV) is its route's to read. */
function isParsed(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);
}

/**
 * A preValidation hook: a request whose JSON body, query or path holds U+0000 anywhere is refused
 * before any route sees it. PostgreSQL cannot store the character in text, so a field a schema
 * forgot would otherwise fail as a 500 deep in a query. (Multipart fields are read by their routes.)
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  const problems: FieldProblem[] = (['params', 'querystring', 'body'] as const).flatMap((where) =>
    nulPaths(where === 'querystring' ? request.query : request[where], where).map((path) => ({ path, message: NUL_MESSAGE })),
  );
  if (problems.length === 0) return;
  throw validationFailed(problems);
}
