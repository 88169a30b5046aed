import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../../context.js';
import { soleOfficeId } from '../../offices/service.js';
import { noNoticePage } from './page.js';
import { publicNoticePage } from './service.js';

function page(reply: FastifyReply, result: { status: number; page: string }): FastifyReply {
  return reply.status(result.status).type('text/html; charset=utf-8').send(result.page);
}

/** The public privacy notice at /privacy: no sign-in, no cookie, no script. */
export const privacyNoticeRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { ctx }) => {
  app.get('/privacy', { schema: { hide: true } }, async (_request, reply) => {
    const officeId = await soleOfficeId(ctx.db);
    if (!officeId) return page(reply, { status: 404, page: noNoticePage(undefined, 'Page not found', 'This site does not know which office’s privacy notice you want: use the link on your representative’s website.') });
    return reply.redirect(`/privacy/${officeId}`);
  });
  app.get<{ Params: { officeId: string } }>('/privacy/:officeId', { schema: { hide: true } }, async (request, reply) => page(reply, await publicNoticePage(ctx.db, request.params.officeId)));
  app.get<{ Params: { officeId: string; number: string } }>('/privacy/:officeId/versions/:number', { schema: { hide: true } }, async (request, reply) => {
    if (!/^[1-9]\d{0,8}$/.test(request.params.number)) return page(reply, { status: 404, page: noNoticePage(undefined, 'Page not found', 'A version of the privacy notice is found by its number, such as /versions/2.') });
    return page(reply, await publicNoticePage(ctx.db, request.params.officeId, Number(request.params.number)));
  });
};
