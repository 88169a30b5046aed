import type { Kysely } from 'kysely';
import { withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { SignedInUser } from '../access/access.js';
import { recordAudit } from '../audit/audit.js';
import { AppError, ErrorCode, notFound } from '../errors/errors.js';
import type { Page } from '../http/paging.js';
import { cancelJob, countJobs, findJob, type JobStatus, type JobView, listJobs, retryJob } from './repo.js';

/** The office's jobs page: what is queued, retrying or failed, and the two things staff may do about it. */

export function listOfficeJobs(db: Kysely<DB>, user: SignedInUser, query: Page & { status?: JobStatus | undefined }) {
  return withOffice(db, user.officeId, async (tx) => ({
    jobs: await listJobs(tx, user.officeId, query),
    total: await countJobs(tx, user.officeId, query.status),
  }));
}

type JobAction = 'cancel' | 'retry';

const allowedFrom: Record<JobAction, string> = {
  cancel: 'Only a queued job can be cancelled (a running one cannot be stopped half-way)',
  retry: 'Only a failed or cancelled job can be retried, and not while another job with the same purpose is waiting',
};

export function actOnJob(db: Kysely<DB>, user: SignedInUser, jobId: string, action: JobAction): Promise<JobView> {
  return withOffice(db, user.officeId, async (tx) => {
    const done = await (action === 'cancel' ? cancelJob : retryJob)(tx, user.officeId, jobId);
    const job = await findJob(tx, user.officeId, jobId);
    if (!job) throw notFound('job');
    if (!done) throw new AppError(ErrorCode.Conflict, `${allowedFrom[action]}; this job is ${job.status}.`);
    await recordAudit(tx, user.officeId, user, { action: action === 'cancel' ? 'job.cancelled' : 'job.retried', recordType: 'job', recordIds: [jobId] });
    return job;
  });
}
