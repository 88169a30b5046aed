import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorBody, ErrorCode, type FieldProblem, validationFailed } from './errors.js';

/** The response schema every route declares for its 4xx and 5xx answers. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    requestId: z.string(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
  423: errorBodySchema,
  429: errorBodySchema,
  500: errorBodySchema,
} as const;

/** Turns anything thrown into the one error shape; internals of 5xx errors stay in the log. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'request';
    const problems: FieldProblem[] = error.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is not valid',
    }));
    return validationFailed(problems);
  }
  switch ((error as FastifyError).code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(ErrorCode.BadRequest, `The request body is not valid JSON (${error.message}). Send a JSON object.`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(ErrorCode.UnsupportedMediaType, 'Send the request body as application/json.');
  }
  const status = (error as FastifyError).statusCode;
  if (status === 429) return new AppError(ErrorCode.RateLimited, error.message);
  if (status && status >= 400 && status < 500) return new AppError(ErrorCode.BadRequest, error.message);
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side. It has been logged; quote the request id if you report it.');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, requestId: String(request.id), ...(error.problems ? { problems: error.problems } : {}) },
  };
  return reply.status(error.status).type('application/json').send(body);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, appError);
  });
}
