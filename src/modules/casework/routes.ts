import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../context.js';
import { guard, signedIn } from '../../platform/auth/guard.js';
import { errorResponses } from '../../platform/errors/handler.js';
import * as s from './schemas.js';
import { createCase, getCase, listCases, updateCase } from './service.js';
import { addAgencyContact, addNote, addTask, completeTask, getTimeline, myTasks } from './timeline-service.js';
import { reassignCases } from './reassign.js';
import { createTopic, listTopics, updateTopic } from './topics.js';
import { changeStatus, closeCase, recordArticle9, recordSharingConsent } from './workflow-service.js';

export const caseworkRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['casework'];
  const canRead = guard(ctx.auth, { permission: 'cases:read' });
  const canWrite = guard(ctx.auth, { permission: 'cases:write' });
  const canManage = guard(ctx.auth, { permission: 'office:manage' });
  const canAssign = guard(ctx.auth, { permission: 'cases:assign' });
  const detail = { 200: s.caseDetailSchema, ...errorResponses };
  const event = { 201: s.caseEventSchema, ...errorResponses };

  app.get('/cases', { schema: { tags, querystring: s.caseListQuery, response: { 200: s.caseListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listCases(ctx, signedIn(request), request.query),
  );
  app.post('/cases', { schema: { tags, body: s.createCaseBody, response: { 201: s.caseDetailSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await createCase(ctx, signedIn(request), request.body)),
  );
  app.post(
    '/cases/reassign',
    { schema: { tags, body: s.reassignBody, response: { 200: s.reassignResultSchema, ...errorResponses } }, preHandler: canAssign },
    async (request) => reassignCases(ctx, signedIn(request), request.body),
  );
  app.get('/cases/:caseId', { schema: { tags, params: s.caseParams, response: detail }, preHandler: canRead }, async (request) =>
    getCase(ctx, signedIn(request), request.params.caseId),
  );
  app.patch('/cases/:caseId', { schema: { tags, params: s.caseParams, body: s.updateCaseBody, response: detail }, preHandler: canWrite }, async (request) =>
    updateCase(ctx, signedIn(request), request.params.caseId, request.body),
  );
  app.post('/cases/:caseId/status', { schema: { tags, params: s.caseParams, body: s.statusBody, response: detail }, preHandler: canWrite }, async (request) =>
    changeStatus(ctx, signedIn(request), request.params.caseId, request.body.status),
  );
  app.post('/cases/:caseId/close', { schema: { tags, params: s.caseParams, body: s.closeBody, response: detail }, preHandler: canWrite }, async (request) =>
    closeCase(ctx, signedIn(request), request.params.caseId, request.body),
  );
  app.post('/cases/:caseId/article9', { schema: { tags, params: s.caseParams, body: s.article9Body, response: detail }, preHandler: canWrite }, async (request) =>
    recordArticle9(ctx, signedIn(request), request.params.caseId, request.body.condition),
  );
  app.post(
    '/cases/:caseId/sharing-consents',
    { schema: { tags, params: s.caseParams, body: s.sharingConsentBody, response: detail }, preHandler: canWrite },
    async (request) => recordSharingConsent(ctx, signedIn(request), request.params.caseId, request.body),
  );

  app.get('/cases/:caseId/timeline', { schema: { tags, params: s.caseParams, response: { 200: s.timelineSchema, ...errorResponses } }, preHandler: canRead }, async (request) => ({
    events: await getTimeline(ctx, signedIn(request), request.params.caseId),
  }));
  app.post('/cases/:caseId/notes', { schema: { tags, params: s.caseParams, body: s.noteBody, response: event }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await addNote(ctx, signedIn(request), request.params.caseId, request.body.text)),
  );
  app.post('/cases/:caseId/tasks', { schema: { tags, params: s.caseParams, body: s.taskBody, response: event }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await addTask(ctx, signedIn(request), request.params.caseId, request.body)),
  );
  app.post(
    '/cases/:caseId/tasks/:taskId/done',
    { schema: { tags, params: s.taskParams, response: { 200: s.caseEventSchema, ...errorResponses } }, preHandler: canWrite },
    async (request) => completeTask(ctx, signedIn(request), request.params.caseId, request.params.taskId),
  );
  app.post(
    '/cases/:caseId/agency-contacts',
    { schema: { tags, params: s.caseParams, body: s.agencyContactBody, response: event }, preHandler: canWrite },
    async (request, reply) => reply.status(201).send(await addAgencyContact(ctx, signedIn(request), request.params.caseId, request.body)),
  );
  app.get('/tasks', { schema: { tags, response: { 200: s.myTasksSchema, ...errorResponses } }, preHandler: canRead }, async (request) => myTasks(ctx, signedIn(request)));

  app.get('/topics', { schema: { tags, response: { 200: s.topicListSchema, ...errorResponses } }, preHandler: canRead }, async (request) => listTopics(ctx, signedIn(request)));
  app.post('/topics', { schema: { tags, body: s.topicBody, response: { 201: s.topicSchema, ...errorResponses } }, preHandler: canManage }, async (request, reply) =>
    reply.status(201).send(await createTopic(ctx, signedIn(request), request.body.name)),
  );
  app.patch('/topics/:topicId', { schema: { tags, params: s.topicParams, body: s.updateTopicBody, response: { 200: s.topicSchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    updateTopic(ctx, signedIn(request), request.params.topicId, request.body),
  );
};
