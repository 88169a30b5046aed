import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { hashPassword, verifyPassword } from '../../src/platform/auth/passwords.js';
import { signIn } from '../../test/support/app.js';
import { mean, percentile } from './stats.js';

export interface SignInFigures {
  email: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  /** argon2id verification alone (the app's verifyPassword, no HTTP, no database): most of a sign-in. */
  verifyOnly: { count: number; p50Ms: number; meanMs: number };
}

/** One sign-in through the API, timed. */
async function timedSignIn(app: FastifyInstance, email: string, password: string): Promise<number> {
  const start = performance.now();
  await signIn(app, email, password);
  return performance.now() - start;
}

/**
 * Sequential sign-ins (through app.inject, so no network) after one unmeasured warm-up. Each one
 * hashes the password with argon2id, which is slow on purpose (about 100 ms).
 */
export async function measureSignIn(app: FastifyInstance, email: string, password: string, count = 30): Promise<SignInFigures> {
  await signIn(app, email, password);
  const samplesMs: number[] = [];
  for (let i = 0; i < count; i++) samplesMs.push(await timedSignIn(app, email, password));

  const hash = await hashPassword(password);
  const verifyMs: number[] = [];
  for (let i = 0; i < Math.min(count, 10); i++) {
    const start = performance.now();
    if (!(await verifyPassword(hash, password))) throw new Error('verifyPassword rejected the right password');
    verifyMs.push(performance.now() - start);
  }
  return {
    email,
    count,
    p50Ms: percentile(samplesMs, 50),
    p99Ms: percentile(samplesMs, 99),
    meanMs: mean(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    samplesMs,
    verifyOnly: { count: verifyMs.length, p50Ms: percentile(verifyMs, 50), meanMs: mean(verifyMs) },
  };
}
