import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { changeStaffAccount, resetTwoFactor } from '../../platform/auth/service.js';
import { errorResponses } from '../../platform/errors/handler.js';
import { z } from 'zod';
import { acceptInvitation, findInvitation, inviteColleague } from './invites.js';
import {
  acceptedSchema,
  acceptInviteBody,
  controllerBody,
  controllerSchema,
  invitationSchema,
  invitedSchema,
  inviteBody,
  inviteTokenParams,
  noBody,
  officeSchema,
  officeSettingsBody,
  staffAccountBody,
  staffAccountsSchema,
  staffListSchema,
  staffParams,
} from './schemas.js';
import { getController, getOffice, listAccounts, listStaff, updateController, updateSettings } from './service.js';

export const officeRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['office'];
  app.get('/office', { schema: { tags, response: { 200: officeSchema, ...errorResponses } }, preHandler: guard(ctx.auth) }, async (request) =>
    getOffice(ctx.db, signedIn(request)),
  );
  app.get('/office/staff', { schema: { tags, response: { 200: staffListSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'cases:read' }) }, async (request) =>
    listStaff(ctx.db, signedIn(request)),
  );
  app.patch(
    '/office',
    { schema: { tags, body: officeSettingsBody, response: { 200: officeSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'office:manage' }) },
    async (request) => updateSettings(ctx.auth, signedIn(request), request.body),
  );
  // The controller's details belong to the record of processing: its readers read them, its keepers change them.
  const controller = { 200: controllerSchema, ...errorResponses };
  app.get('/office/controller', { schema: { tags, response: controller }, preHandler: guard(ctx.auth, { permission: 'processing:read' }) }, async (request) =>
    getController(ctx.db, signedIn(request)),
  );
  app.put('/office/controller', { schema: { tags, body: controllerBody, response: controller }, preHandler: guard(ctx.auth, { permission: 'processing:manage' }) }, async (request) =>
    updateController(ctx.db, signedIn(request), request.body),
  );
  app.post(
    '/office/staff/:userId/two-factor-reset',
    {
      schema: { tags, params: staffParams, body: noBody.optional(), response: { 204: z.null(), ...errorResponses } },
      preHandler: guard(ctx.auth, { permission: 'office:manage' }),
    },
    async (request, reply) => {
      await resetTwoFactor(ctx.auth, signedIn(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );
  app.patch(
    '/office/staff/:userId',
    {
      schema: { tags, params: staffParams, body: staffAccountBody, response: { 204: z.null(), ...errorResponses } },
      preHandler: guard(ctx.auth, { permission: 'office:manage' }),
    },
    async (request, reply) => {
      await changeStaffAccount(ctx.auth, signedIn(request), request.params.userId, request.body);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/office/staff/accounts',
    { schema: { tags, response: { 200: staffAccountsSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'office:manage' }) },
    async (request) => listAccounts(ctx, signedIn(request)),
  );
  app.post(
    '/office/staff/invites',
    { schema: { tags, body: inviteBody, response: { 201: invitedSchema, ...errorResponses } }, preHandler: guard(ctx.auth, { permission: 'office:manage' }) },
    async (request, reply) => reply.status(201).send(await inviteColleague(ctx, signedIn(request), request.body, `${request.protocol}://${request.host}`)),
  );
  // Opened from the e-mail before the colleague has an account: no session, the token is the key.
  const publicLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };
  app.get('/invites/:token', { schema: { tags, params: inviteTokenParams, response: { 200: invitationSchema, ...errorResponses } }, config: publicLimit }, async (request) =>
    findInvitation(ctx, request.params.token),
  );
  app.post(
    '/invites/:token',
    { schema: { tags, params: inviteTokenParams, body: acceptInviteBody, response: { 201: acceptedSchema, ...errorResponses } }, config: publicLimit },
    async (request, reply) => reply.status(201).send(await acceptInvitation(ctx, request.params.token, request.body)),
  );
};
