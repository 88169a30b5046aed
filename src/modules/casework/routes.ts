import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { pageQuery } from '../../platform/http/paging.js';
import { caseListSchema, caseParams, caseSchema } from './schemas.js';
import { getCase, listCases } from './service.js';

export const caseworkRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['casework'];
  const canRead = guard(ctx.auth, { permission: 'cases:read' });
  app.get('/cases', { schema: { tags, querystring: pageQuery, response: { 200: caseListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listCases(ctx.db, signedIn(request), request.query),
  );
  app.get('/cases/:caseId', { schema: { tags, params: caseParams, response: { 200: caseSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    getCase(ctx.db, signedIn(request), request.params.caseId),
  );
};
