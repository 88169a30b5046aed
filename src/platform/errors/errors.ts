import './zod-messages.js';

/** Every error the API can answer with. One code, one HTTP status, one shape (ErrorBody). */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  SessionExpired: 'SESSION_EXPIRED',
  SessionInvalid: 'SESSION_INVALID',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  TwoFactorRequired: 'TWO_FACTOR_REQUIRED',
  TwoFactorInvalid: 'TWO_FACTOR_INVALID',
  TwoFactorEnrolmentRequired: 'TWO_FACTOR_ENROLMENT_REQUIRED',
  AccountLocked: 'ACCOUNT_LOCKED',
  CsrfInvalid: 'CSRF_INVALID',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  /** The one check (platform/access/processing.ts) refused: the message names the reason. */
  ProcessingRefused: 'PROCESSING_REFUSED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited: 'RATE_LIMITED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  SESSION_INVALID: 401,
  INVALID_CREDENTIALS: 401,
  TWO_FACTOR_REQUIRED: 401,
  TWO_FACTOR_INVALID: 401,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  ACCOUNT_LOCKED: 423,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PROCESSING_REFUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** One problem with one field of the request, e.g. `{ path: 'body.email', message: 'must be an e-mail address' }`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The one JSON error shape every failing request gets. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; problems?: FieldProblem[] };
}

/** An error meant for the person using Postbag: its message says what happened and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return httpStatusOf[this.code];
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `No ${what} with that id exists, or you do not have access to it.`);

const WHERE = new Set(['body', 'query', 'querystring', 'params', 'headers', 'request']);
/** How the office writes the words the API spells as code. */
const officeSpelling: Record<string, string> = { email: 'e-mail', emails: 'e-mails', ni: 'NI', nhs: 'NHS', smtp: 'SMTP', imap: 'IMAP', url: 'web address' };
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase()
    .split(' ')
    .map((w) => officeSpelling[w] ?? w)
    .join(' ');

/**
 * A field's path in the request as the office would name it: `body.outcomeNote` is "Outcome note",
 * `body.contactPoints.0.value` is "Value (contact points, item 1)", `body.topicIds.2` is
 * "Topics, item 3". The label a form shows may differ; this is for messages without a form.
 */
export function fieldInWords(path: string): string {
  const parts = path.split(/[./]/).filter((p) => p && !WHERE.has(p));
  const named = parts.filter((p) => !/^\d+$/.test(p));
  const last = named.at(-1);
  if (last === undefined) return 'The request';
  const at = parts.lastIndexOf(last);
  const itemAfter = parts.slice(at + 1).find((p) => /^\d+$/.test(p));
  const itemBefore = parts.slice(0, at).reverse().find((p) => /^\d+$/.test(p));
  const owner = named.at(-2);
  // "ownerId" is the owner, "topicIds" the topics: the id is how the API names them, not the office.
  const name = words(last).replace(/ ids$/, 's').replace(/ id$/, '');
  const sentence = name.charAt(0).toUpperCase() + name.slice(1);
  if (itemAfter !== undefined) return `${sentence}, item ${Number(itemAfter) + 1}`;
  if (itemBefore !== undefined && owner !== undefined) return `${sentence} (${words(owner)}, item ${Number(itemBefore) + 1})`;
  return sentence;
}

/** Each problem as a sentence: "Outcome note must not be empty. Outcome must be one of: …". */
export const problemsInWords = (problems: readonly FieldProblem[]) => problems.map((p) => `${fieldInWords(p.path)} ${p.message.replace(/[.\s]+$/, '')}.`).join(' ');

/** A request refused for its fields: the message leads with what was refused, then each problem in words. */
export function validationFailed(problems: FieldProblem[], lead = '', after = 'Nothing was changed.'): AppError {
  return new AppError(ErrorCode.ValidationFailed, [lead, problemsInWords(problems), after].filter(Boolean).join(' '), problems);
}
