import type { FastifyServerOptions } from 'fastify';

/**
 * Logs must not carry personal data: request bodies are never logged, query strings are cut
 * from URLs (they may hold a searched name), and these fields are redacted wherever they appear.
 */
const redactedFields = ['password', 'code', 'email', 'name', 'displayName', 'givenName', 'familyName', 'postcode', 'phone', 'address', 'secret'];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        ...redactedFields.flatMap((f) => [f, `*.${f}`]),
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
    },
  };
}
