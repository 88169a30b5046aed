import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type ParsedMail, simpleParser } from 'mailparser';

/** A real SMTP server in a separate process (smtp-server-child.mjs), and what it received. */

/** `ms`: the hold ends by itself after so long, if release() has not ended it before. */
export type SmtpStep = { reply: number; at?: 'rcpt' } | { hold: 'before-data' | 'after-data'; ms?: number };

export type SmtpEvent =
  | { event: 'listening'; port: number }
  | { event: 'holding'; stage: 'before-data' | 'after-data' }
  | { event: 'accepted'; raw: string }
  | { event: 'refused'; code: number; raw: string };

export interface SmtpTestServer {
  port: number;
  /** For POSTBAG_SMTP_URL. */
  url: string;
  events: SmtpEvent[];
  /** The raw source of each message the server replied 250 to, in order. */
  accepted(): Buffer[];
  /**
   * The same, once the server has said it accepted a message holding `text`. Its word comes over a
   * pipe from its own process and can reach the test after the sender saw the 250 (PGlite's
   * queries run without yielding to I/O), so read after a send through this.
   */
  acceptedWith(text: string): Promise<ParsedMail[]>;
  /** How to treat the next messages (default: accept). */
  plan(...steps: SmtpStep[]): void;
  /** Lets held replies go. */
  release(): void;
  /** Resolves when an event matching `match` has arrived (counting those already there); rejects if the server exits first. */
  waitFor(what: string, match: (e: SmtpEvent, all: SmtpEvent[]) => boolean, timeoutMs?: number): Promise<SmtpEvent>;
  close(): Promise<void>;
}

const childScript = fileURLToPath(new URL('./smtp-server-child.mjs', import.meta.url));

export const parseMail = (raw: Buffer): Promise<ParsedMail> => simpleParser(raw);

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const child: ChildProcess = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const events: SmtpEvent[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as SmtpEvent);
    for (const wake of [...waiters]) wake();
  });
  const send = (message: object) => child.stdin!.write(`${JSON.stringify(message)}\n`);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const wake of [...waiters]) wake();
  });
  const seen = () => `Events: ${events.map((e) => e.event).join(', ') || 'none'}. stderr: ${stderr}`;
  // Waits for the event however long a busy machine takes; it gives up only when the server is
  // gone (or after `timeoutMs`, when a test asks for a limit).
  const waitFor: SmtpTestServer['waitFor'] = (what, match, timeoutMs) =>
    new Promise((resolve, reject) => {
      const done = () => {
        waiters.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        const found = events.find((e) => match(e, events));
        if (found) {
          done();
          resolve(found);
        } else if (gone) {
          done();
          reject(new Error(`The SMTP test server exited before it saw ${what}. ${seen()}`));
        }
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              done();
              reject(new Error(`The SMTP test server did not see ${what} within ${timeoutMs} ms. ${seen()}`));
            }, timeoutMs);
      waiters.add(check);
      check();
    });

  const accepted = () => events.flatMap((e) => (e.event === 'accepted' ? [Buffer.from(e.raw, 'base64')] : []));
  const listening = await waitFor('it start listening', (e) => e.event === 'listening');
  const port = (listening as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    events,
    accepted,
    async acceptedWith(text) {
      await waitFor(`a message holding "${text}"`, (e) => e.event === 'accepted' && Buffer.from(e.raw, 'base64').toString('latin1').includes(text));
      return Promise.all(accepted().map(parseMail));
    },
    plan: (...steps) => send({ cmd: 'plan', steps }),
    release: () => send({ cmd: 'release' }),
    waitFor,
    async close() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
