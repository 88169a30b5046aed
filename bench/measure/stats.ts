import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile of samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export const mean = (samples: readonly number[]) => samples.reduce((sum, x) => sum + x, 0) / samples.length;

/** Runs `work` and returns its result with the elapsed wall-clock seconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}
