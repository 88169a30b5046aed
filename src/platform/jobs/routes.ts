import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../auth/guard.js';
import { errorResponses } from '../errors/handler.js';
import { pageQuery } from '../http/paging.js';
import { actOnJob, listOfficeJobs } from './office-jobs.js';
import { jobStatuses } from './repo.js';

const jobSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(jobStatuses),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
const jobParams = z.strictObject({ jobId: z.uuid('must be a job id (a UUID)') });

/** The office's background jobs, so staff can see what is queued, retrying or failed, and act on it. */
export const jobRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['jobs'];
  const canManage = guard(ctx.auth, { permission: 'jobs:manage' });
  app.get(
    '/jobs',
    {
      schema: {
        tags,
        querystring: pageQuery.extend({ status: z.enum(jobStatuses).optional() }),
        response: { 200: z.object({ jobs: z.array(jobSchema), total: z.number().int() }), ...errorResponses },
      },
      preHandler: guard(ctx.auth, { permission: 'jobs:read' }),
    },
    async (request) => listOfficeJobs(ctx.db, signedIn(request), request.query),
  );
  for (const action of ['cancel', 'retry'] as const) {
    app.post(
      `/jobs/:jobId/${action}`,
      { schema: { tags, params: jobParams, response: { 200: jobSchema, ...errorResponses } }, preHandler: canManage },
      async (request) => actOnJob(ctx.db, signedIn(request), request.params.jobId, action),
    );
  }
};
