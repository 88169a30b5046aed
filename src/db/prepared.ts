import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements, kept per connection. Kysely sends the same SQL text with different
 * parameters; named after a hash of that text, node-postgres parses it once per connection and
 * the server keeps its plan, so a request pays neither parsing nor (once PostgreSQL settles on a
 * generic plan) planning, which under row level security cost several times the execution.
 */

/** Statements kept on each connection, least recently used dropped first: the server's memory stays bounded. */
export const PREPARED_PER_CONNECTION = 200;

/**
 * Only single statements that read or write rows are prepared: transaction control, SET, DDL and
 * COPY go as they are, and text with a semicolon may hold several statements, which the extended
 * protocol refuses (withOffice's BEGIN and scope, a migration file).
 */
function preparable(text: string): boolean {
  return /^\s*(select|insert|update|delete|with|values)\b/i.test(text) && !text.includes(';');
}

/** After DDL changes a table's columns, the server refuses a statement prepared before it. */
export function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}

/** node-postgres's record of what it has parsed on a connection (PGlite's connection keeps one too). */
interface ParsedStatements {
  parsedStatements: Record<string, string>;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** One connection's statements. Keyed on its pg connection, which outlives a pool client on PGlite. */
class Statements {
  /** Hash of the SQL text to the statement's name, least recently used first. */
  readonly #named = new Map<string, string>();
  /** Evicted or stale, to be deallocated when the connection is next idle. */
  readonly #toDrop = new Set<string>();
  #renames = 0;

  constructor(
    readonly connection: ParsedStatements,
    private readonly max: number,
  ) {}

  nameFor(text: string): string {
    const hash = hashOf(text);
    let name = this.#named.get(hash);
    if (name !== undefined) {
      this.#named.delete(hash);
    } else {
      name = `pb_${hash}`;
      // Still on the server and perhaps stale: a fresh name rather than a guess.
      if (this.connection.parsedStatements[name] !== undefined) name = `pb_${hash}_${++this.#renames}`;
    }
    this.#named.set(hash, name);
    if (this.#named.size > this.max) {
      const [oldest, oldestName] = this.#named.entries().next().value!;
      this.#named.delete(oldest);
      this.#toDrop.add(oldestName);
    }
    return name;
  }

  forget(text: string): void {
    const hash = hashOf(text);
    const name = this.#named.get(hash);
    if (name === undefined) return;
    this.#named.delete(hash);
    this.#toDrop.add(name);
  }

  /** DEALLOCATE is refused in a failed transaction, so it waits for an idle connection. */
  async dropEvicted(client: pg.PoolClient): Promise<void> {
    // One that never parsed (a syntax error) is not on the server to drop.
    const names = [...this.#toDrop].filter((name) => this.connection.parsedStatements[name] !== undefined);
    this.#toDrop.clear();
    if (!names.length) return;
    await client.query(names.map((name) => `DEALLOCATE "${name}"`).join('; '));
    for (const name of names) delete this.connection.parsedStatements[name];
  }
}

class PreparingClient implements PostgresPoolClient {
  constructor(
    readonly client: pg.PoolClient,
    readonly statements: Statements,
  ) {}

  get processID(): number | undefined {
    return (this.client as unknown as { processID?: number }).processID;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const client = this.client as unknown as {
      query(config: unknown, values?: unknown): Promise<PostgresQueryResult<R>> & PostgresCursor<R>;
    };
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
    if (!preparable(sqlOrCursor)) return client.query(sqlOrCursor, parameters);
    return this.#prepared(sqlOrCursor, parameters ?? []);
  }

  async #prepared<R>(text: string, values: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const run = () => this.client.query({ name: this.statements.nameFor(text), text, values: [...values] }) as unknown as Promise<PostgresQueryResult<R>>;
    // The status before this statement: idle means it ran on its own, outside a transaction.
    const onItsOwn = this.client.getTransactionStatus() === 'I';
    try {
      return await run();
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      this.statements.forget(text);
      // In a transaction the error has aborted it: withOffice runs the whole transaction again.
      if (!onItsOwn) throw error;
      await this.statements.dropEvicted(this.client);
      return run();
    }
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}

/** A pool for Kysely whose connections prepare their statements (see above). */
export function preparingPool(pool: pg.Pool, max = PREPARED_PER_CONNECTION): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PreparingClient>();
  const statements = new WeakMap<ParsedStatements, Statements>();
  return {
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        const connection = (client as unknown as { connection: ParsedStatements }).connection;
        let kept = statements.get(connection);
        if (!kept) statements.set(connection, (kept = new Statements(connection, max)));
        wrapped = new PreparingClient(client, kept);
        clients.set(client, wrapped);
      }
      try {
        await wrapped.statements.dropEvicted(client);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}
