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
