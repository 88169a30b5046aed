import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import { messageDetailSchema, messageParams } from '../schemas.js';
import * as s from './schemas.js';
import { getCampaign, previewCampaignReply, replyToCampaign, ungroupMessage } from './service.js';

export const campaignRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['correspondence'];
  const canReadInbox = guard(ctx.auth, { permission: 'inbox:read' });
  const canWrite = guard(ctx.auth, { permission: 'cases:write' });

  app.get(
    '/campaigns/:campaignId',
    { schema: { tags, description: 'A campaign group waiting in the inbox: its senders and what it says.', params: s.campaignParams, response: { 200: s.campaignSchema, ...errorResponses } }, preHandler: canReadInbox },
    async (request) => getCampaign(ctx, signedIn(request), request.params.campaignId),
  );
  app.post(
    '/campaigns/:campaignId/reply/preview',
    { schema: { tags, description: 'The reply as one sender will read it, and who it cannot go to. Nothing is sent.', params: s.campaignParams, body: s.campaignReplyBody, response: { 200: s.campaignPreviewSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => previewCampaignReply(ctx, signedIn(request), request.params.campaignId, request.body),
  );
  app.post(
    '/campaigns/:campaignId/reply',
    { schema: { tags, description: 'One reply to every sender in the group, each e-mailed on its own.', params: s.campaignParams, body: s.campaignReplyBody, response: { 200: s.campaignReplySchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => replyToCampaign(ctx, signedIn(request), request.params.campaignId, request.body),
  );
  app.post(
    '/messages/:messageId/ungroup',
    { schema: { tags, description: 'Takes a message out of its campaign group: it is casework.', params: messageParams, response: { 200: messageDetailSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => ungroupMessage(ctx, signedIn(request), request.params.messageId),
  );
};
