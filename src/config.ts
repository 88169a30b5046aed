import { z } from 'zod';

/** Reads "true"/"false"/"1"/"0" the way people write them in an environment file. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

const environment = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(3000),
    /** The main database as the tables' owner (migrations, operator commands, the job runner). Unset: the embedded database (PGlite) under POSTBAG_DATA_DIR. */
    DATABASE_URL: postgresUrl.optional(),
    /** The same database as the login role requests connect as: it owns nothing and row level security binds it (DESIGN.md, invariant 1). */
    POSTBAG_REQUEST_DATABASE_URL: postgresUrl.optional(),
    /** The key store must live apart from the main database and its backups (DESIGN.md, invariant 3). */
    POSTBAG_KEYSTORE_URL: postgresUrl.optional(),
    POSTBAG_DATA_DIR: z.string().min(1).default('./data'),
    /** A file holding the 32-byte master key, base64; created on first start outside production. */
    POSTBAG_KEY_FILE: z.string().min(1).default('./secrets/master.key'),
    /** The master key itself, base64 (for secret stores that inject variables); wins over the file. */
    POSTBAG_MASTER_KEY: z.string().optional(),
    POSTBAG_COOKIE_SECURE: flag(true),
    POSTBAG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
    POSTBAG_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
    POSTBAG_SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    POSTBAG_SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    POSTBAG_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
    POSTBAG_JOB_POLL_MS: z.coerce.number().int().min(10).default(1000),
    POSTBAG_JOBS: flag(true),
    /** The office's outgoing mail server, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start); unset: e-mail is queued but not sent. */
    POSTBAG_SMTP_URL: z.url({ protocol: /^smtps?$/, hostname: /^[^\s]+$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587' }).optional(),
    /** Where the public pages are reached from outside (https://contact.example.org): links in e-mails (sign-up confirmation, unsubscribe) name it. */
    POSTBAG_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. https://contact.example.org' })
      .refine((u) => URL.canParse(u) && /^https?:\/\/[^/?#@]+\/?$/.test(u), 'must be an origin only (no path, query or user), e.g. https://contact.example.org')
      .optional(),
    POSTBAG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    // Whether two URLs reach one database is known only once connected (src/db/checks.ts).
    const required = {
      POSTBAG_KEYSTORE_URL:
        'data keys must live in a separate database so that destroying one makes backups of the main database unreadable',
      POSTBAG_REQUEST_DATABASE_URL:
        'requests connect as a login role that owns no table, not as the owner in DATABASE_URL (README, "Running it")',
    } as const;
    for (const [name, why] of Object.entries(required)) {
      if (env.DATABASE_URL && !env[name as keyof typeof required]) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required when DATABASE_URL is set: ${why}` });
      }
    }
    // RFC 8058: a one-click unsubscribe address must be HTTPS, and a link in an e-mail must reach the site.
    if (env.NODE_ENV === 'production' && !env.POSTBAG_PUBLIC_URL?.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['POSTBAG_PUBLIC_URL'], message: 'is required in production and must be an https:// URL: the links in sign-up and unsubscribe e-mails open it' });
    }
    if (!env.DATABASE_URL && env.POSTBAG_REQUEST_DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['POSTBAG_REQUEST_DATABASE_URL'], message: 'needs DATABASE_URL: the embedded database has one user' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** The main database as its owner. */
  database: DatabaseTarget;
  /** The main database as the request role; null on the embedded database, whose one user serves both. */
  requests: { kind: 'postgres'; url: string } | null;
  keystore: DatabaseTarget;
  masterKey: { file: string } | { base64: string };
  cookieSecure: boolean;
  session: { idleMinutes: number; maxHours: number };
  signIn: { maxFailures: number; lockMinutes: number };
  jobs: { enabled: boolean; leaseSeconds: number; pollMs: number };
  smtp: { url: string } | null;
  /** The public site's origin, without a trailing slash (links in e-mails). */
  publicUrl: string;
  logLevel: string;
}

/** Where a database lives: a PostgreSQL server, or a PGlite directory (`memory://` for tests). */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Postbag cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once at boot; every bad variable is named with what is wrong with it. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = env.POSTBAG_DATA_DIR;
  const embedded = (sub: string): DatabaseTarget =>
    ({ kind: 'pglite', dataDir: dataDir === 'memory://' ? 'memory://' : `${dataDir.replace(/\/$/, '')}/${sub}` });
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : embedded('db'),
    requests: env.DATABASE_URL && env.POSTBAG_REQUEST_DATABASE_URL ? { kind: 'postgres', url: env.POSTBAG_REQUEST_DATABASE_URL } : null,
    keystore: env.POSTBAG_KEYSTORE_URL ? { kind: 'postgres', url: env.POSTBAG_KEYSTORE_URL } : embedded('keystore'),
    masterKey: env.POSTBAG_MASTER_KEY ? { base64: env.POSTBAG_MASTER_KEY } : { file: env.POSTBAG_KEY_FILE },
    cookieSecure: env.POSTBAG_COOKIE_SECURE,
    session: { idleMinutes: env.POSTBAG_SESSION_IDLE_MINUTES, maxHours: env.POSTBAG_SESSION_MAX_HOURS },
    signIn: { maxFailures: env.POSTBAG_SIGN_IN_MAX_FAILURES, lockMinutes: env.POSTBAG_SIGN_IN_LOCK_MINUTES },
    jobs: { enabled: env.POSTBAG_JOBS, leaseSeconds: env.POSTBAG_JOB_LEASE_SECONDS, pollMs: env.POSTBAG_JOB_POLL_MS },
    smtp: env.POSTBAG_SMTP_URL ? { url: env.POSTBAG_SMTP_URL } : null,
    publicUrl: (env.POSTBAG_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    logLevel: env.POSTBAG_LOG_LEVEL,
  };
}
