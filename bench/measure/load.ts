import { type BareSqlFigures, measureBareSql } from './sql.js';
import autocannon from 'autocannon';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Worker threads for autocannon: 0 runs it on the server's own event loop, 1 gives it a thread of its own. */
  clientWorkers: number;
}

export interface LoadFigures {
  name: string;
  path: string;
  /** The target for this endpoint's p99 on PostgreSQL, when it sets one. */
  targetP99Ms?: number;
  /** The same statements run bare, in the same run (see sql.ts). */
  bareSql?: BareSqlFigures;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  clientWorkers: number;
  /** autocannon's latency histogram, in whole milliseconds. */
  latencyMs: { p50: number; p97_5: number; p99: number; mean: number; max: number };
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** No non-2xx answers, no connection errors or time-outs, and some requests done. */
  ok: boolean;
}

/** One endpoint to drive: a GET, or a POST with a JSON body. */
export interface Endpoint {
  name: string;
  path: string;
  body?: object;
  targetP99Ms?: number;
  /** The statements the endpoint runs, for measureBareSql. */
  bare?: () => Promise<unknown>;
  /** Concurrent connections for this endpoint, when not the run's (a page a few staff open, not every request). */
  connections?: number;
}

/**
 * Drives one endpoint of the listening server with autocannon: a warm-up (not counted), then the
 * measured run with the same connections. The signed-in session's headers go with every request.
 */
export async function measureLoad(baseUrl: string, endpoint: Endpoint, sessionHeaders: Record<string, string>, options: LoadOptions): Promise<LoadFigures> {
  const { name, path } = endpoint;
  const connections = endpoint.connections ?? options.connections;
  const url = new URL(path, baseUrl).toString();
  const method = endpoint.body ? 'POST' : 'GET';
  const body = endpoint.body && JSON.stringify(endpoint.body);
  const headers = body ? { ...sessionHeaders, 'content-type': 'application/json' } : sessionHeaders;
  const probe = await fetch(url, { method, headers, body });
  if (probe.status !== 200) throw new Error(`${method} ${path} answered ${probe.status} before the load run: ${await probe.text()}`);

  const result = await autocannon({
    url,
    method,
    headers,
    ...(body ? { body } : {}),
    connections,
    duration: options.durationSeconds,
    ...(options.warmupSeconds > 0 ? { warmup: { connections, duration: options.warmupSeconds } } : {}),
    ...(options.clientWorkers > 0 ? { workers: options.clientWorkers } : {}),
  });
  const { latency } = result;
  return {
    name,
    path,
    ...(endpoint.targetP99Ms !== undefined ? { targetP99Ms: endpoint.targetP99Ms } : {}),
    ...(endpoint.bare ? { bareSql: await measureBareSql(endpoint.bare) } : {}),
    connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    clientWorkers: options.clientWorkers,
    latencyMs: { p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, mean: latency.mean, max: latency.max },
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ok: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && result.requests.total > 0,
  };
}
