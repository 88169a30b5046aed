import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { pageQuery } from '../../platform/http/paging.js';
import { personListSchema, personParams, personSchema } from './schemas.js';
import { getPerson, listPeople } from './service.js';

export const peopleRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['people'];
  const canRead = guard(ctx.auth, { permission: 'people:read' });
  app.get('/people', { schema: { tags, querystring: pageQuery, response: { 200: personListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listPeople(ctx.db, signedIn(request), request.query),
  );
  app.get(
    '/people/:personId',
    { schema: { tags, params: personParams, response: { 200: personSchema, ...errorResponses } }, preHandler: canRead },
    async (request) => getPerson(ctx.db, signedIn(request), request.params.personId),
  );
};
