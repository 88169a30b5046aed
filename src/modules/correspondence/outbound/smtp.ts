import nodemailer, { type SendMailOptions } from 'nodemailer';
import { LOOPBACK } from '../mailboxes/imap.js';
import type { Config } from '../../../config.js';
import type { SmtpSecurity } from '../../../db/schema.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import type { SmtpRow } from './repo.js';

/** The server e-mail goes through: the office's own (its settings), or the deployment's POSTBAG_SMTP_URL. */
export type SmtpServer =
  | { kind: 'office'; host: string; port: number; security: SmtpSecurity; username: string | null; password: string | null }
  | { kind: 'fallback'; url: string };

/** The office's SMTP password is sealed with a mailbox key kept under the office's id (the office's outgoing mailbox). */
export const SMTP_PASSWORD_FIELD = 'smtp.password';

/** The server to send through: the office's own, else the deployment's; undefined when there is neither. */
export async function serverToUse(keystore: KeyStore, officeId: string, office: SmtpRow | undefined, fallback: Config['smtp']): Promise<SmtpServer | undefined> {
  if (!office) return fallback ? { kind: 'fallback', url: fallback.url } : undefined;
  const password = office.password_sealed ? await keystore.decryptField(officeId, 'mailbox', officeId, SMTP_PASSWORD_FIELD, office.password_sealed) : null;
  return { kind: 'office', host: office.host, port: office.port, security: office.security, username: office.username, password };
}

export const serverHost = (server: SmtpServer): string => (server.kind === 'office' ? server.host : new URL(server.url).hostname);

const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 120_000 };

export function smtpTransport(server: SmtpServer) {
  if (server.kind === 'fallback') return nodemailer.createTransport({ url: server.url, ...timeouts });
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    // A password must not cross a network in clear: insist on STARTTLS unless the server is this machine (as for IMAP).
    requireTLS: server.security === 'starttls' && !LOOPBACK.test(server.host),
    ...(server.username ? { auth: { user: server.username, pass: server.password ?? '' } } : {}),
    ...timeouts,
  });
}

/** Hands one e-mail to the server; `signal` closes the connection (a job that lost its lease). */
export async function sendThrough(server: SmtpServer, mail: SendMailOptions, signal?: AbortSignal): Promise<void> {
  const transport = smtpTransport(server);
  const stop = () => transport.close();
  signal?.addEventListener('abort', stop);
  try {
    await transport.sendMail(mail);
  } finally {
    signal?.removeEventListener('abort', stop);
    transport.close();
  }
}

/**
 * Why the server did not take an e-mail, in the office's words. `problem` may quote the server's
 * reply (which can name the address), so it is sealed on the message; `code` (the reply code or
 * the connection error's) is what a job may keep. `permanent`: a 5xx reply is the server saying
 * "never"; anything else is worth another try.
 */
export interface SmtpProblem {
  kind: 'sign-in' | 'refused' | 'unreachable';
  problem: string;
  code: string;
  permanent: boolean;
}

export function smtpProblem(server: SmtpServer, error: unknown): SmtpProblem {
  const { responseCode, code, response, command } = error as { responseCode?: number; code?: string; response?: string; command?: string };
  const host = serverHost(server);
  const reply = response?.trim() || String(responseCode ?? 'no reply');
  if (code === 'EAUTH') {
    const where = server.kind === 'office' ? "in the office's SMTP settings" : 'in POSTBAG_SMTP_URL';
    return { kind: 'sign-in', problem: `${host} refused Postbag's sign-in (${reply}): check the user and password ${where}`, code: String(responseCode ?? 'no code'), permanent: false };
  }
  if (responseCode !== undefined && responseCode >= 400) {
    const what = /^RCPT/i.test(command ?? '') ? 'the recipient' : 'the e-mail';
    const permanent = responseCode >= 500;
    return { kind: 'refused', problem: `the server refused ${what}${permanent ? '' : ' for now'}: ${reply}`, code: `reply ${responseCode}`, permanent };
  }
  const problem = code === 'ETLS' ? `could not start a secure connection (TLS) with ${host}` : `could not connect to ${host}`;
  return { kind: 'unreachable', problem, code: code ?? 'connection failed', permanent: false };
}
