import type { JobContextOf, JobKind, Jobs } from '../../job-kinds.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { type NewslettersDeps, queueSlice, rateOf } from './service.js';

export const QUEUE_MAILING = 'newsletters.queue_mailing' satisfies JobKind;

/** The rate is kept slice by slice: each run queues a slice's worth of messages, then the next run is due a slice later. */
export const SLICE_MS = 10_000;
/** Messages queued in one transaction: short steps, so a crash loses at most one step's work (which is then done again). */
const STEP = 100;

export function registerNewsletterJobs(jobs: Jobs, deps: { keystore: KeyStore }): void {
  jobs.register(QUEUE_MAILING, (ctx) => queueMailing({ ...deps, jobs }, ctx), { maxAttempts: 100 });
}

/**
 * One slice of a mailing: as many of its recipients' messages as the office's rate allows in
 * SLICE_MS, queued through the one send path in steps of STEP (each send job then sends its
 * e-mail under the send path's crash rule); then the next slice, under the other turn's dedupe
 * key, as a running job holds its own. A crash mid-slice leaves the steps committed; the retry,
 * or the next slice, takes the recipients still waiting (the mailing's lock keeps two apart).
 */
async function queueMailing(deps: Pick<NewslettersDeps, 'keystore' | 'jobs'>, ctx: JobContextOf<typeof QUEUE_MAILING>): Promise<void> {
  const { officeId } = ctx;
  if (officeId === null) return;
  const { mailingId, turn } = ctx.job.payload;
  const started = Date.now();
  const rate = await ctx.step((tx) => rateOf(tx, officeId));
  let quota = Math.max(1, Math.ceil((rate * SLICE_MS) / 60_000));
  let left = 1;
  while (quota > 0 && left > 0) {
    const size = Math.min(STEP, quota);
    left = await ctx.step((tx) => queueSlice(deps, tx, officeId, mailingId, size));
    quota -= size;
  }
  if (left === 0) return;
  const next = turn === 0 ? 1 : 0;
  await ctx.step((tx) => deps.jobs.enqueue(tx, { kind: QUEUE_MAILING, officeId, payload: { mailingId, turn: next }, dedupeKey: `${mailingId}:${next}`, runAt: new Date(started + SLICE_MS) }));
}
