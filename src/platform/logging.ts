import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Logs must not carry personal data: request bodies are never logged, query strings are cut
 * from URLs (they may hold a searched name), and these fields are redacted at the top level of a
 * log line and one level down; an invitation link's token is cut from its path. ('code' and
 * 'name' are not on the list: they would hide an error's code and name, which the log exists to show.)
 */
const redactedFields = ['password', 'email', 'displayName', 'givenName', 'familyName', 'postcode', 'phone', 'address', 'secret', 'totp'];

/** An invitation link's token is a credential until it is used: its path is logged without it. */
const withoutTokens = (path: string) => path.replace(/(\/invites?\/)[^/]+/, '$1[redacted]');

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        // A database error's detail can quote the values that clashed ("Key (email)=(...)").
        'err.detail',
        ...redactedFields.flatMap((f) => [f, `*.${f}`]),
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id: string }) => ({
        id: req.id,
        method: req.method,
        url: withoutTokens(req.url.split('?')[0] ?? ''),
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
