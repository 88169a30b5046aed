import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../../context.js';
import { guard, signedIn } from '../../../platform/auth/guard.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { errorResponses } from '../../../platform/errors/handler.js';
import { discardDraft, getDraft, listDrafts, saveDraft, saveNewDraft, sendDraft } from './drafts.js';
import { letterPdf, writeLetter } from './letters.js';
import * as s from './schemas.js';
import { fillTemplate, listCaseEmails, sendCaseEmail } from './send.js';
import { getLogo, getSettings, MAX_LOGO_BYTES, saveLogo, saveSettings } from './settings.js';
import { getSmtp, removeSmtp, saveSmtp, testSmtp } from './smtp-settings.js';
import { addStarterLibrary, createTemplate, listTemplates, retireTemplate, updateTemplate } from './templates.js';

/** The one file of a multipart upload, at most `maxBytes`; a clear 4xx otherwise. */
async function uploadedFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the file as multipart/form-data (a form with one file field).');
  const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file) throw new AppError(ErrorCode.BadRequest, 'The form has no file in it: attach the image.');
  try {
    return await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(ErrorCode.PayloadTooLarge, `The file is larger than ${maxBytes / 1024 / 1024} MB: make it smaller and upload it again. Nothing was changed.`);
    }
    throw error;
  }
}

export const outboundRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['correspondence'];
  const canRead = guard(ctx.auth, { permission: 'cases:read' });
  const canWrite = guard(ctx.auth, { permission: 'cases:write' });
  const canManage = guard(ctx.auth, { permission: 'office:manage' });
  const settings = { 200: s.settingsSchema, ...errorResponses };
  const template = { 200: s.templateSchema, ...errorResponses };
  /** A file (bytes, not JSON). */
  const file = (description: string) => ({ 200: z.any().describe(description), ...errorResponses });

  app.get('/office/correspondence', { schema: { tags, response: settings }, preHandler: canRead }, async (request) => getSettings(ctx.db, signedIn(request)));
  app.put('/office/correspondence', { schema: { tags, body: s.settingsBody, response: settings }, preHandler: canManage }, async (request) =>
    saveSettings(ctx.db, signedIn(request), request.body),
  );
  app.put('/office/correspondence/logo', { schema: { tags, response: settings, consumes: ['multipart/form-data'] }, preHandler: canManage }, async (request) =>
    saveLogo(ctx.db, signedIn(request), await uploadedFile(request, MAX_LOGO_BYTES)),
  );
  app.get('/office/correspondence/logo', { schema: { tags, response: file('The logo, PNG or JPEG') }, preHandler: canRead }, async (request, reply) => {
    const logo = await getLogo(ctx.db, signedIn(request));
    return reply.type(logo.type).header('cache-control', 'no-store').send(logo.bytes);
  });

  // The office's SMTP server: managers only (it holds a password), never returned.
  const smtp = { 200: s.smtpSettingsSchema, ...errorResponses };
  app.get('/office/correspondence/smtp', { schema: { tags, response: smtp }, preHandler: canManage }, async (request) => getSmtp(ctx, signedIn(request)));
  app.put('/office/correspondence/smtp', { schema: { tags, body: s.smtpBody, response: { 200: s.smtpSavedSchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    saveSmtp(ctx, signedIn(request), request.body),
  );
  app.delete('/office/correspondence/smtp', { schema: { tags, response: smtp }, preHandler: canManage }, async (request) => removeSmtp(ctx, signedIn(request)));
  app.post('/office/correspondence/smtp/test', { schema: { tags, response: { 200: s.smtpTestSchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    testSmtp(ctx, signedIn(request)),
  );

  app.get('/templates', { schema: { tags, querystring: s.templateListQuery, response: { 200: s.templateListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listTemplates(ctx.db, signedIn(request), request.query),
  );
  app.post('/templates', { schema: { tags, body: s.createTemplateBody, response: { 201: s.templateSchema, ...errorResponses } }, preHandler: canManage }, async (request, reply) =>
    reply.status(201).send(await createTemplate(ctx.db, signedIn(request), request.body)),
  );
  app.post('/templates/starter-library', { schema: { tags, response: { 200: s.starterLibrarySchema, ...errorResponses } }, preHandler: canManage }, async (request) =>
    addStarterLibrary(ctx.db, signedIn(request)),
  );
  app.patch('/templates/:templateId', { schema: { tags, params: s.templateParams, body: s.updateTemplateBody, response: template }, preHandler: canManage }, async (request) =>
    updateTemplate(ctx.db, signedIn(request), request.params.templateId, request.body),
  );
  app.post('/templates/:templateId/retire', { schema: { tags, params: s.templateParams, response: template }, preHandler: canManage }, async (request) =>
    retireTemplate(ctx.db, signedIn(request), request.params.templateId),
  );

  app.get('/cases/:caseId/templates/:templateId', { schema: { tags, params: s.fillParams, querystring: s.fillQuery, response: { 200: s.filledTemplateSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    fillTemplate(ctx, signedIn(request), request.params.caseId, request.params.templateId, request.query.agencyId),
  );
  app.get('/cases/:caseId/emails', { schema: { tags, params: s.caseParams, response: { 200: s.emailListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listCaseEmails(ctx, signedIn(request), request.params.caseId),
  );
  app.post('/cases/:caseId/emails', { schema: { tags, params: s.caseParams, body: s.emailBody, response: { 201: s.emailSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await sendCaseEmail(ctx, signedIn(request), request.params.caseId, request.body)),
  );
  app.post('/cases/:caseId/letters', { schema: { tags, params: s.caseParams, body: s.letterBody, response: { 201: s.letterSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await writeLetter(ctx, signedIn(request), request.params.caseId, request.body)),
  );
  const draft = { 200: s.draftSchema, ...errorResponses };
  app.get('/cases/:caseId/drafts', { schema: { tags, params: s.caseParams, response: { 200: s.draftListSchema, ...errorResponses } }, preHandler: canRead }, async (request) =>
    listDrafts(ctx, signedIn(request), request.params.caseId),
  );
  app.post('/cases/:caseId/drafts', { schema: { tags, params: s.caseParams, body: s.draftBody, response: { 201: s.draftSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await saveNewDraft(ctx, signedIn(request), request.params.caseId, request.body)),
  );
  app.get('/cases/:caseId/drafts/:draftId', { schema: { tags, params: s.draftParams, response: draft }, preHandler: canRead }, async (request) =>
    getDraft(ctx, signedIn(request), request.params.caseId, request.params.draftId),
  );
  app.put('/cases/:caseId/drafts/:draftId', { schema: { tags, params: s.draftParams, body: s.draftUpdateBody, response: draft }, preHandler: canWrite }, async (request) =>
    saveDraft(ctx, signedIn(request), request.params.caseId, request.params.draftId, request.body),
  );
  app.delete('/cases/:caseId/drafts/:draftId', { schema: { tags, params: s.draftParams, querystring: s.draftVersionQuery, response: { 204: z.null(), ...errorResponses } }, preHandler: canWrite }, async (request, reply) => {
    await discardDraft(ctx, signedIn(request), request.params.caseId, request.params.draftId, request.query.version);
    return reply.status(204).send(null);
  });
  app.post('/cases/:caseId/drafts/:draftId/send', { schema: { tags, params: s.draftParams, body: s.draftVersionBody, response: { 201: s.sentDraftSchema, ...errorResponses } }, preHandler: canWrite }, async (request, reply) =>
    reply.status(201).send(await sendDraft(ctx, signedIn(request), request.params.caseId, request.params.draftId, request.body.version)),
  );
  app.get('/cases/:caseId/letters/:messageId.pdf', { schema: { tags, params: s.letterParams, response: file('The letter as a PDF') }, preHandler: canRead }, async (request, reply) => {
    const pdf = await letterPdf(ctx, signedIn(request), request.params.caseId, request.params.messageId);
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `inline; filename="${request.params.messageId}.pdf"`).send(pdf);
  });
};
