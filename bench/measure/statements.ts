import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import pg from 'pg';

/** One statement as sent to the server: its text and, for a parameterised one, its values. */
export interface SentStatement {
  text: string;
  values?: unknown[];
}

type Query = typeof pg.Client.prototype.query;
type Listener = (statement: SentStatement, client: pg.Client) => Promise<void> | void;

const listeners = new Set<Listener>();
let original: Query | undefined;

/**
 * Every database connection of this process (PostgreSQL's and PGlite's alike go through
 * node-postgres's Client) sends its statements through Client.query: wrapping it counts round
 * trips without a server extension (pg_stat_statements is not loaded here) and sees the SQL
 * exactly as Kysely compiled it. A listener may send its own statement first on the same client,
 * inside the same transaction (see plan.ts); that one is not seen again.
 */
function install(): void {
  if (original) return;
  const query = pg.Client.prototype.query as Query;
  original = query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const send = () => (query as (...a: unknown[]) => unknown).apply(this, args);
    const statement = sentStatement(args);
    // A COPY stream is passed on as it is: the caller needs its return value.
    if (listeners.size === 0 || !statement) return send();
    return (async () => {
      for (const listener of [...listeners]) await listener(statement, this);
      return send();
    })();
  } as Query;
}

/** The statement of a call: (text, values) or a query config ({ text, values, name } for a prepared one); not a stream. */
function sentStatement([first, second]: unknown[]): SentStatement | undefined {
  if (typeof first === 'string') return { text: first, ...(Array.isArray(second) ? { values: second } : {}) };
  if (typeof first !== 'object' || first === null || 'submit' in first) return undefined;
  const { text, values } = first as { text?: unknown; values?: unknown };
  return typeof text === 'string' ? { text, ...(Array.isArray(values) ? { values } : {}) } : undefined;
}

/** Sends a statement past the listeners, for a listener's own use. */
export function sendUnseen(client: pg.Client, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const query = (original ?? pg.Client.prototype.query) as (this: pg.Client, text: string, values: unknown[]) => Promise<pg.QueryResult>;
  return query.call(client, text, values);
}

/** Runs `work` with `listener` told of every statement this process sends meanwhile. */
export async function whileListening<T>(listener: Listener, work: () => Promise<T>): Promise<T> {
  install();
  listeners.add(listener);
  try {
    return await work();
  } finally {
    listeners.delete(listener);
  }
}

/** The statements `work` sends, in order (nothing else may use the database meanwhile). */
export async function statementsOf(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  await whileListening((statement) => void sent.push(statement), work);
  return sent;
}

/**
 * Waits until this process has sent no statement for `quietMs`. When the load generator stops,
 * the server is still working through the requests it had accepted (on PGlite's one connection,
 * seconds of them); the next measurement must not share the database with them.
 */
export async function untilQuiet(quietMs = 1000): Promise<void> {
  let last = performance.now();
  await whileListening(
    () => void (last = performance.now()),
    async () => {
      for (let idle = 0; idle < quietMs; idle = performance.now() - last) await setTimeout(quietMs - idle);
    },
  );
}
