import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measurePlans, type PlanFigures } from './plan.js';
import { type BareLoadFigures, type BareSqlFigures, measureBareSql, measureBareSqlUnderLoad } from './sql.js';
import { statementsOf, untilQuiet, whileListening } from './statements.js';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** What an endpoint must reach (from issue 12); each applies where its name says. */
export interface EndpointTargets {
  /** PostgreSQL: p99 at the run's connections, in ms. */
  p99Ms?: number;
  /** PostgreSQL: p99 with one client, in ms. */
  oneClientP99Ms?: number;
  /** PGlite: p99 at the run's connections, in ms. */
  pgliteP99Ms?: number;
  /** PostgreSQL: at least this share of its bare SQL's requests per second at the same connections. */
  bareRatio?: number;
}

/** One endpoint to drive: a GET, or a POST with a JSON body. */
export interface Endpoint {
  name: string;
  path: string;
  body?: object;
  targets: EndpointTargets;
  /** The statements the endpoint runs, on the pool requests use, for the bare-SQL figures. */
  bare?: () => Promise<unknown>;
  /** Concurrent connections for this endpoint, when not the run's (a page a few staff open, not every request). */
  connections?: number;
}

/** What the load generator is told for one run (see load-client.ts). */
export interface HttpRunSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** One run of the load generator: autocannon's latency histogram is in whole milliseconds. */
export interface HttpRun {
  connections: number;
  latencyMs: { p50: number; p97_5: number; p99: number; mean: number; max: number };
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadFigures {
  name: string;
  path: string;
  targets: EndpointTargets;
  durationSeconds: number;
  warmupSeconds: number;
  /** The endpoint with one client: each request waits for the last. */
  oneClient: HttpRun;
  /** The endpoint at its connections (the run's, or its own). */
  loaded: HttpRun;
  /** Statements sent per request (all databases, the key store's too), counted over `ROUND_TRIP_SAMPLE` requests. */
  roundTrips: number;
  /** The same statements run bare, in the same run: one client, and at the endpoint's connections. */
  bareSql?: BareSqlFigures;
  bareLoaded?: BareLoadFigures;
  /** loaded.requestsPerSecond / bareLoaded.requestsPerSecond. */
  bareRatio?: number;
  bareRoundTrips?: number;
  plan?: PlanFigures;
  /** No non-2xx answers, no connection errors or time-outs, and some requests done, in both runs. */
  ok: boolean;
}

export const LOAD_GENERATOR = 'autocannon in a child process of its own';
const ROUND_TRIP_SAMPLE = 20;
const client = fileURLToPath(new URL('../load-client.ts', import.meta.url));

/** Runs the load generator in its own process (with this one's loader, for TypeScript) and waits for its figures. */
function drive(spec: HttpRunSpec): Promise<HttpRun> {
  return new Promise((resolve, reject) => {
    const child = fork(client, [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (figures) => resolve(figures as HttpRun));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the load generator ended without figures (${signal ?? `exit code ${code}`})`)));
  });
}

const answered = (run: HttpRun) => run.non2xx === 0 && run.errors === 0 && run.timeouts === 0 && run.requests > 0;

/**
 * Measures one endpoint of the listening server: its round trips per request, then with one
 * client and at its connections (each a warm-up, not counted, then the measured run), then its
 * bare SQL the same two ways and where that SQL's time goes. The session's headers go with every request.
 */
export async function measureLoad(baseUrl: string, endpoint: Endpoint, sessionHeaders: Record<string, string>, options: LoadOptions): Promise<LoadFigures> {
  const { name, path } = endpoint;
  const connections = endpoint.connections ?? options.connections;
  const url = new URL(path, baseUrl).toString();
  const method = endpoint.body ? 'POST' : 'GET';
  const body = endpoint.body && JSON.stringify(endpoint.body);
  const headers = body ? { ...sessionHeaders, 'content-type': 'application/json' } : sessionHeaders;
  const request = async () => {
    const response = await fetch(url, { method, headers, body });
    if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status} before the load run: ${await response.text()}`);
    await response.arrayBuffer();
  };
  await request(); // also warms the session cache, which would otherwise count in the round trips
  let sent = 0;
  await whileListening(
    () => void sent++,
    async () => {
      for (let i = 0; i < ROUND_TRIP_SAMPLE; i++) await request();
    },
  );

  const spec = { url, method, headers, ...(body ? { body } : {}), durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds } as const;
  const oneClient = await drive({ ...spec, connections: 1 });
  await untilQuiet();
  const loaded = await drive({ ...spec, connections });
  await untilQuiet();
  const figures: LoadFigures = {
    name,
    path,
    targets: endpoint.targets,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    oneClient,
    loaded,
    roundTrips: sent / ROUND_TRIP_SAMPLE,
    ok: answered(oneClient) && answered(loaded),
  };
  if (!endpoint.bare) return figures;
  const bareSql = await measureBareSql(endpoint.bare);
  const bareLoaded = await measureBareSqlUnderLoad(endpoint.bare, connections, options.durationSeconds, options.warmupSeconds);
  const plan = await measurePlans(endpoint.bare);
  return {
    ...figures,
    bareSql,
    bareLoaded,
    bareRatio: loaded.requestsPerSecond / bareLoaded.requestsPerSecond,
    bareRoundTrips: (await statementsOf(endpoint.bare)).length,
    ...(plan ? { plan } : {}),
  };
}
