import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { dashboardSchema } from './schemas.js';
import { dashboard } from './service.js';

export const dashboardRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/dashboard',
    { schema: { tags: ['dashboard'], response: { 200: dashboardSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'cases:read' }) },
    async (request) => dashboard(ctx, signedIn(request)),
  );
};
