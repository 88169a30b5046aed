import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../auth/guard.js';
import { errorResponses } from '../errors/handler.js';
import { pageQuery } from '../http/paging.js';
import { countJobsByStatus, jobStatuses, listJobs } from './repo.js';

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

/** The office's background jobs, so staff can see what is queued, retrying or failed. */
export const jobRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        querystring: pageQuery.extend({ status: z.enum(jobStatuses).optional() }),
        response: { 200: z.object({ jobs: z.array(jobSchema), total: z.number().int() }), ...errorResponses },
      },
      preHandler: guard(ctx.auth, { permission: 'jobs:read' }),
    },
    async (request) => {
      const { officeId } = signedIn(request);
      const [jobs, counts] = await Promise.all([listJobs(ctx.db, officeId, request.query), countJobsByStatus(ctx.db, officeId)]);
      const total = request.query.status ? counts[request.query.status] : Object.values(counts).reduce((a, b) => a + b, 0);
      return { jobs, total };
    },
  );
};
