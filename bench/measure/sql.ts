import { performance } from 'node:perf_hooks';
import { mean, percentile } from './stats.js';

export interface BareSqlFigures {
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/**
 * The statements an endpoint runs, without HTTP, the session check, decryption or JSON: the same
 * repository calls in an office-scoped transaction (row level security on, as in production),
 * one after another on one connection. What the endpoint costs beyond this is the application's.
 */
export async function measureBareSql(run: () => Promise<unknown>, iterations = 200): Promise<BareSqlFigures> {
  for (let i = 0; i < 10; i++) await run(); // warm the plan and buffer caches as the load run's warm-up does
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { iterations, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), meanMs: mean(samples) };
}

export interface BareLoadFigures {
  connections: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  requests: number;
}

/**
 * The same statements driven as the load generator drives the endpoint: `connections` callers,
 * each starting again as soon as its last run ended, through the app's own pool (whose size, not
 * the callers, bounds what reaches the server), for a warm-up and then the measured seconds.
 */
export async function measureBareSqlUnderLoad(run: () => Promise<unknown>, connections: number, durationSeconds: number, warmupSeconds: number): Promise<BareLoadFigures> {
  const drive = async (seconds: number, samples?: number[]) => {
    const until = performance.now() + seconds * 1000;
    const caller = async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await run();
        samples?.push(performance.now() - start);
      }
    };
    await Promise.all(Array.from({ length: connections }, caller));
  };
  await drive(warmupSeconds);
  const samples: number[] = [];
  const start = performance.now();
  await drive(durationSeconds, samples);
  const seconds = (performance.now() - start) / 1000;
  return { connections, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), requestsPerSecond: samples.length / seconds, requests: samples.length };
}
