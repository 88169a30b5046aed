import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { pageQuery } from '../../platform/http/paging.js';
import { addContactPoint, removeContactPoint } from './contact-service.js';
import { addCouncils, addMember, addStarterDirectory, createOrganisation, getOrganisation, listCouncils, listOrganisations, updateOrganisation } from './organisation-service.js';
import {
  addCouncilsBody,
  addMemberBody,
  councilListSchema,
  confirmContactBody,
  contactPointInput,
  contactPointParams,
  contactPointSchema,
  createOrganisationBody,
  createPersonBody,
  matchListSchema,
  mergeBody,
  mergeListSchema,
  mergeResultSchema,
  matchQuery,
  membershipSchema,
  organisationListQuery,
  organisationListSchema,
  organisationParams,
  organisationSchema,
  starterDirectoryAddedSchema,
  personDetailSchema,
  personListSchema,
  personParams,
  personQuery,
  restrictionBody,
  updateOrganisationBody,
  updatePersonBody,
} from './schemas.js';
import { findMatches } from './matching.js';
import { mergeHistory, mergePersons } from './merge-service.js';
import { confirmContact, createPerson, getPerson, liftRestriction, listPeople, setRestriction, updatePerson } from './service.js';

export const peopleRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['people'];
  const canRead = guard(ctx.auth, { permission: 'people:read' });
  const canWrite = guard(ctx.auth, { permission: 'people:write' });
  const canRestrict = guard(ctx.auth, { permission: 'people:restrict' });
  const detail = { 200: personDetailSchema, ...errorResponses };

  app.get('/people', { schema: { tags, querystring: pageQuery, response: { 200: personListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listPeople(ctx, signedIn(request), request.query),
  );
  // POST, not GET: what is matched on (a name, an address) stays out of URLs and logs.
  app.post('/people/matches', { schema: { tags, body: matchQuery, response: { 200: matchListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    findMatches(ctx, signedIn(request), request.body),
  );
  app.post(
    '/people/:personId/merge',
    { schema: { tags, params: personParams, body: mergeBody, response: { 200: mergeResultSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => mergePersons(ctx, signedIn(request), request.params.personId, request.body.mergePersonId),
  );
  app.get(
    '/people/:personId/merges',
    { schema: { tags, params: personParams, response: { 200: mergeListSchema, ...errorResponses } }, preHandler: canRead },
    async (request) => mergeHistory(ctx, signedIn(request), request.params.personId),
  );
  app.post('/people', { schema: { tags, body: createPersonBody, response: { 201: personDetailSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await createPerson(ctx, signedIn(request), request.body)),
  );
  app.get('/people/:personId', { schema: { tags, params: personParams, querystring: personQuery, response: detail }, preHandler: canRead }, async (request) =>
    getPerson(ctx, signedIn(request), request.params.personId, request.query.include === 'identifiers'),
  );
  app.patch('/people/:personId', { schema: { tags, params: personParams, body: updatePersonBody, response: detail }, preHandler: canWrite }, async (request) =>
    updatePerson(ctx, signedIn(request), request.params.personId, request.body),
  );
  app.post(
    '/people/:personId/confirm-contact',
    { schema: { tags, params: personParams, body: confirmContactBody, response: detail }, preHandler: canWrite },
    async (request) => confirmContact(ctx, signedIn(request), request.params.personId, request.body.source),
  );
  app.put(
    '/people/:personId/restriction',
    { schema: { tags, params: personParams, body: restrictionBody, response: detail }, preHandler: canRestrict },
    async (request) => setRestriction(ctx, signedIn(request), request.params.personId, request.body.reason),
  );
  app.delete('/people/:personId/restriction', { schema: { tags, params: personParams, response: detail }, preHandler: canRestrict }, async (request) =>
    liftRestriction(ctx, signedIn(request), request.params.personId),
  );
  app.post(
    '/people/:personId/contact-points',
    { schema: { tags, params: personParams, body: contactPointInput, response: { 201: contactPointSchema, ...errorResponses } }, preHandler: canWrite },
    async (request, reply) => reply.status(201).send(await addContactPoint(ctx, signedIn(request), request.params.personId, request.body)),
  );
  app.delete(
    '/people/:personId/contact-points/:contactPointId',
    { schema: { tags, params: contactPointParams, response: { 204: z.null(), ...errorResponses } }, preHandler: canWrite },
    async (request, reply) => {
      await removeContactPoint(ctx, signedIn(request), request.params.personId, request.params.contactPointId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/organisations',
    { schema: { tags, querystring: organisationListQuery, response: { 200: organisationListSchema, ...errorResponses } }, preHandler: canRead },
    async (request) => listOrganisations(ctx, signedIn(request), request.query),
  );
  app.patch(
    '/organisations/:organisationId',
    { schema: { tags, params: organisationParams, body: updateOrganisationBody, response: { 200: organisationSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => updateOrganisation(ctx, signedIn(request), request.params.organisationId, request.body),
  );
  app.post(
    '/organisations',
    { schema: { tags, body: createOrganisationBody, response: { 201: organisationSchema, ...errorResponses } }, preHandler: canWrite },
    async (request, reply) => reply.status(201).send(await createOrganisation(ctx, signedIn(request), request.body)),
  );
  app.post(
    '/organisations/starter-directory',
    { schema: { tags, response: { 200: starterDirectoryAddedSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => addStarterDirectory(ctx, signedIn(request)),
  );
  app.get(
    '/organisations/councils',
    { schema: { tags, response: { 200: councilListSchema, ...errorResponses } }, preHandler: canRead },
    async (request) => listCouncils(ctx, signedIn(request)),
  );
  app.post(
    '/organisations/councils',
    { schema: { tags, body: addCouncilsBody, response: { 200: starterDirectoryAddedSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => addCouncils(ctx, signedIn(request), request.body),
  );
  app.get(
    '/organisations/:organisationId',
    { schema: { tags, params: organisationParams, response: { 200: organisationSchema, ...errorResponses } }, preHandler: canRead },
    async (request) => getOrganisation(ctx, signedIn(request), request.params.organisationId),
  );
  app.post(
    '/organisations/:organisationId/members',
    { schema: { tags, params: organisationParams, body: addMemberBody, response: { 201: membershipSchema, ...errorResponses } }, preHandler: canWrite },
    async (request, reply) => reply.status(201).send(await addMember(ctx, signedIn(request), request.params.organisationId, request.body)),
  );
};
