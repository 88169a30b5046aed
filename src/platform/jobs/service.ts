import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, ErrorCode, validationFailed } from '../errors/errors.js';
import { findUnfinishedByDedupeKey, insertJob } from './repo.js';

/**
 * A job's payload: ids and small flags only, NEVER personal data (no names, addresses, e-mail
 * text). The handler reads what it needs when it runs, so an erased person leaves nothing in
 * the queue, and job rows can be listed and logged.
 */
export type JobPayload = Record<string, unknown>;

export interface EnqueueSpec<P extends JobPayload = JobPayload, K extends string = string> {
  kind: K;
  /** The office the job works for; omit (or null) for a deployment-wide job. */
  officeId?: string | null;
  payload: P;
  /** Not before this time; default now. */
  runAt?: Date;
  /**
   * While a job with the same (office, kind, dedupe key) is queued or running, enqueueing again
   * adds nothing and returns that job's id.
   */
  dedupeKey?: string;
  /** Default: the kind's registered maxAttempts, else 5. */
  maxAttempts?: number;
}

export interface EnqueueResult {
  id: string;
  /** False when an unfinished job with the same dedupe key already existed (its id is returned). */
  created: boolean;
}

export const maxPayloadBytes = 4096;
const kindPattern = /^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/;

const invalid = (path: string, message: string) => validationFailed([{ path, message }], 'The job is not valid.', '');

/** Checks a job before it is written; throws AppError(VALIDATION_FAILED) naming the problem. */
export function validateEnqueue(spec: EnqueueSpec): string {
  if (typeof spec.kind !== 'string' || spec.kind.length > 100 || !kindPattern.test(spec.kind)) {
    throw invalid('kind', 'must be lower-case words joined by ".", "_" or "-" (at most 100 characters)');
  }
  if (spec.payload === null || typeof spec.payload !== 'object' || Array.isArray(spec.payload)) {
    throw invalid('payload', 'must be an object');
  }
  let json: string;
  try {
    json = JSON.stringify(spec.payload);
  } catch {
    throw invalid('payload', 'must be JSON');
  }
  if (Buffer.byteLength(json) > maxPayloadBytes) {
    throw invalid('payload', `must be at most ${maxPayloadBytes} bytes: it holds ids, never data`);
  }
  if (spec.runAt !== undefined && (!(spec.runAt instanceof Date) || Number.isNaN(spec.runAt.getTime()))) {
    throw invalid('runAt', 'must be a valid date');
  }
  if (spec.dedupeKey !== undefined && (typeof spec.dedupeKey !== 'string' || spec.dedupeKey.length < 1 || spec.dedupeKey.length > 200)) {
    throw invalid('dedupeKey', 'must be 1 to 200 characters');
  }
  if (spec.maxAttempts !== undefined && (!Number.isInteger(spec.maxAttempts) || spec.maxAttempts < 1 || spec.maxAttempts > 100)) {
    throw invalid('maxAttempts', 'must be a whole number from 1 to 100');
  }
  return json;
}

/**
 * Adds a job. Pass the transaction that makes the change the job is for, so that both commit
 * or neither does. Inside withOffice() a job can only be enqueued for that office (a trigger
 * on the table refuses any other). Prefer JobRunner.enqueue, which also checks that the kind
 * is registered and its payload parses; this is for code that has no runner at hand.
 */
export async function enqueueJob(executor: Kysely<DB>, spec: EnqueueSpec): Promise<EnqueueResult> {
  const payloadJson = validateEnqueue(spec);
  const officeId = spec.officeId ?? null;
  const dedupeKey = spec.dedupeKey ?? null;
  // With a dedupe key, the insert does nothing while the key is held; the holder may finish
  // between the insert and the look-up, so try again (a few times at most).
  for (let tries = 0; tries < 3; tries++) {
    const id = await insertJob(executor, { officeId, kind: spec.kind, payloadJson, runAt: spec.runAt, dedupeKey, maxAttempts: spec.maxAttempts });
    if (id) return { id, created: true };
    const existing = await findUnfinishedByDedupeKey(executor, officeId, spec.kind, dedupeKey as string);
    if (existing) return { id: existing, created: false };
  }
  throw new AppError(ErrorCode.Conflict, 'The job could not be added: its dedupe key kept changing hands. Try again.');
}
