import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { searchBody, searchResponseSchema } from './schemas.js';
import { search } from './service.js';

export const searchRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  // POST, not GET: what is searched for (a name, a postcode) stays out of URLs and logs.
  app.post(
    '/search',
    { schema: { tags: ['search'], body: searchBody, response: { 200: searchResponseSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'people:read' }) },
    async (request) => search(ctx, signedIn(request), request.body),
  );
};
