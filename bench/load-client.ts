/*
 * The load generator, in a process of its own so that it costs the app's event loop nothing
 * (autocannon on the app's thread took a fifth of the cores the figures are about). Started by
 * measure/load.ts with one run's settings as JSON; sends its figures back over the IPC channel.
 */
import autocannon from 'autocannon';
import type { HttpRun, HttpRunSpec } from './measure/load.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as HttpRunSpec;
const result = await autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers,
  ...(spec.body ? { body: spec.body } : {}),
  connections: spec.connections,
  duration: spec.durationSeconds,
  ...(spec.warmupSeconds > 0 ? { warmup: { connections: spec.connections, duration: spec.warmupSeconds } } : {}),
});
const { latency } = result;
const figures: HttpRun = {
  connections: spec.connections,
  latencyMs: { p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, mean: latency.mean, max: latency.max },
  requestsPerSecond: result.requests.average,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.send?.(figures);
process.disconnect?.();
