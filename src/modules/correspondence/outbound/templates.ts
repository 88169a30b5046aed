import type { Kysely } from 'kysely';
import { newId } from '../../../db/ids.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { DB, TemplateChannel } from '../../../db/schema.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../../platform/errors/errors.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { fieldsIn } from './merge.js';
import * as repo from './repo.js';
import type { CreateTemplateBody, TemplateView, UpdateTemplateBody } from './schemas.js';
import { starterTemplates } from './starter-templates.js';

const view = (t: repo.TemplateRow): TemplateView => ({
  id: t.id,
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  body: t.body,
  fields: [...new Set([...fieldsIn(t.subject, 'body.subject'), ...fieldsIn(t.body, 'body.body')])],
  retiredAt: t.retired_at,
  createdAt: t.created_at,
  updatedAt: t.updated_at,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const nameTaken = (name: string) => new AppError(ErrorCode.Conflict, `There is already a template called "${name}". Choose another name, or edit that one.`);

/** Runs a write of a template; a name another template has is a 409 naming it. */
async function saving<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export async function listTemplates(db: Kysely<DB>, user: SignedInUser, filter: { channel?: TemplateChannel; includeRetired: boolean }) {
  const rows = await withOffice(db, user.officeId, (tx) => repo.listTemplates(tx, user.officeId, filter));
  return { templates: rows.map(view) };
}

export async function createTemplate(db: Kysely<DB>, user: SignedInUser, body: CreateTemplateBody): Promise<TemplateView> {
  fieldsIn(body.subject, 'body.subject');
  fieldsIn(body.body, 'body.body');
  const { officeId } = user;
  return saving(body.name, () =>
    withOffice(db, officeId, async (tx) => {
      const row = await repo.insertTemplate(tx, { office_id: officeId, id: newId(), name: body.name, channel: body.channel, subject: body.subject, body: body.body });
      await recordAudit(tx, officeId, user, { action: 'template.created', recordType: 'message_template', recordIds: [row.id] });
      return view(row);
    }),
  );
}

export async function updateTemplate(db: Kysely<DB>, user: SignedInUser, templateId: string, body: UpdateTemplateBody): Promise<TemplateView> {
  if (body.subject !== undefined) fieldsIn(body.subject, 'body.subject');
  if (body.body !== undefined) fieldsIn(body.body, 'body.body');
  const { officeId } = user;
  return saving(body.name, () =>
    withOffice(db, officeId, async (tx) => {
      const before = await repo.findTemplate(tx, officeId, templateId);
      if (!before) throw notFound('template');
      if (before.channel === 'email' && body.subject === '') {
        throw new AppError(ErrorCode.ValidationFailed, 'An e-mail template needs a subject.', [{ path: 'body.subject', message: 'must not be empty for an e-mail template' }]);
      }
      const row = await repo.updateTemplate(tx, officeId, templateId, body);
      await recordAudit(tx, officeId, user, { action: 'template.updated', recordType: 'message_template', recordIds: [templateId] });
      return view(row!);
    }),
  );
}

/**
 * Adds the starter library's templates the office has none of by that name (retired ones count,
 * so a template the office retired does not come back), in the caller's transaction: a new office
 * gets them all, and adding them again changes nothing.
 */
export async function addStarterTemplates(tx: OfficeTx, officeId: string, actor: Actor): Promise<number> {
  const have = new Set((await repo.listTemplates(tx, officeId, { includeRetired: true })).map((t) => t.name.toLowerCase()));
  const missing = starterTemplates.filter((t) => !have.has(t.name.toLowerCase()));
  if (!missing.length) return 0;
  const rows = await repo.insertTemplates(tx, missing.map((t) => ({ office_id: officeId, id: newId(), ...t })));
  await recordAudit(tx, officeId, actor, { action: 'template.starter_added', recordType: 'message_template', recordIds: rows.map((r) => r.id) });
  return rows.length;
}

/** The starter library, added from the templates page; the office's own templates are left as they are. */
export async function addStarterLibrary(db: Kysely<DB>, user: SignedInUser): Promise<{ added: number }> {
  return { added: await withOffice(db, user.officeId, (tx) => addStarterTemplates(tx, user.officeId, user)) };
}

/** A retired template stays for the record but can no longer be used. */
export async function retireTemplate(db: Kysely<DB>, user: SignedInUser, templateId: string): Promise<TemplateView> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    const before = await repo.findTemplate(tx, officeId, templateId);
    if (!before) throw notFound('template');
    if (before.retired_at) return view(before);
    const row = await repo.updateTemplate(tx, officeId, templateId, { retired_at: new Date() });
    await recordAudit(tx, officeId, user, { action: 'template.retired', recordType: 'message_template', recordIds: [templateId] });
    return view(row!);
  });
}

/** A template for sending now: it must exist, be current, and be for this channel. */
export async function usableTemplate(tx: OfficeTx, officeId: string, templateId: string, channel: TemplateChannel): Promise<repo.TemplateRow> {
  const template = await repo.findTemplate(tx, officeId, templateId);
  if (!template) throw notFound('template');
  if (template.retired_at) throw new AppError(ErrorCode.Conflict, `The template "${template.name}" is retired: choose a current one.`);
  if (template.channel !== channel) {
    throw new AppError(ErrorCode.ValidationFailed, `The template "${template.name}" is for ${template.channel === 'email' ? 'e-mails' : 'letters'}, not ${channel === 'email' ? 'e-mails' : 'letters'}.`, [
      { path: 'body.templateId', message: `must be a ${channel} template` },
    ]);
  }
  return template;
}
