import { z } from 'zod';
import type { JobContext, JobRunner } from './platform/jobs/runner.js';

/**
 * Every kind of background job Postbag runs, with the schema of its payload (ids only, never
 * personal data). The payload types come from these schemas, and the app's runner checks each
 * payload against its kind's schema at enqueue and again before each run (what is read back from
 * the database is untrusted), so the type and the check cannot drift. A new kind is added here
 * first: the app's runner registers and enqueues nothing else. It lives outside platform, which
 * knows no module's jobs, and outside the modules, as server.ts hands it to the runner.
 */
export const jobPayloads = {
  /** A task's reminder comes due (casework/jobs.ts). */
  'case.task_reminder': z.object({ taskId: z.uuid() }),
  /** One queued e-mail to send (correspondence/outbound/send-job.ts). */
  'correspondence.send_email': z.strictObject({ messageId: z.uuid() }),
  /** The next batch of a mailbox; polls alternate between turns 0 and 1 (correspondence/mailboxes/jobs.ts). */
  'correspondence.poll_mailbox': z.object({ mailboxId: z.uuid(), turn: z.union([z.literal(0), z.literal(1)]) }),
  /** The next slice of a mailing's messages, at the office's rate; turns alternate as polls' do (newsletters/jobs.ts). */
  'newsletters.queue_mailing': z.strictObject({ mailingId: z.uuid(), turn: z.union([z.literal(0), z.literal(1)]) }),
};

export type JobPayloads = { [K in keyof typeof jobPayloads]: z.infer<(typeof jobPayloads)[K]> };
export type JobKind = keyof JobPayloads;

/** The app's job runner: only the kinds above, each with its payload. */
export type Jobs = JobRunner<JobPayloads>;

/** What a handler of kind K gets. */
export type JobContextOf<K extends JobKind> = JobContext<JobPayloads[K], K>;
