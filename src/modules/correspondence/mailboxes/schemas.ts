import { z } from 'zod';
import { lineOfText } from '../../../platform/http/fields.js';
import { strict } from '../../../platform/http/strict.js';

export const mailboxParams = z.strictObject({ mailboxId: z.uuid('must be a mailbox id (a UUID)') });

/** A host name or an IP address, as the mail provider gives it: `server` names which, with an example. */
export const hostName = (server: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `must not be empty (the ${server}, e.g. ${example})`)
    .max(253, 'must be at most 253 characters')
    .regex(
      /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]+|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/,
      `must be a host name or IP address, e.g. ${example}`,
    );

export const portNumber = (example: number) =>
  z.number(`must be a port number, e.g. ${example}`).int('must be a whole number').min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535');

export const addMailboxBody = strict({
  host: hostName('IMAP server', 'imap.example.org'),
  port: portNumber(993),
  /** TLS from the first byte (port 993). Without it the connection is upgraded with STARTTLS when the server offers it. */
  tls: z.boolean('must be true or false'),
  username: lineOfText({ max: 320 }),
  password: z.string().min(1, 'must not be empty (the mailbox password)').max(1000, 'must be at most 1000 characters'),
  folder: lineOfText({ max: 500, messages: { empty: 'must not be empty (e.g. INBOX)' } }).default('INBOX'),
});
export type AddMailboxBody = z.infer<typeof addMailboxBody>;

/** A mailbox as the office sees it: never its password. */
export const mailboxSchema = z.object({
  id: z.uuid(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  folder: z.string(),
  /** The highest UID of the folder stored so far. */
  lastUid: z.number(),
  polledAt: z.date().nullable(),
  /** Why the last poll failed, or which message could not be read: for the manager to act on. */
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
export type MailboxView = z.infer<typeof mailboxSchema>;

export const mailboxListSchema = z.object({ mailboxes: z.array(mailboxSchema) });
export const pollQueuedSchema = z.object({ jobId: z.uuid() });
