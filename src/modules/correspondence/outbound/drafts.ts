import { newId } from '../../../db/ids.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import type { KeyStore } from '../../../platform/crypto/keystore.js';
import { AppError, ErrorCode, notFound, validationFailed } from '../../../platform/errors/errors.js';
import { agencyOnCase, assertCaseMayBe, caseForMessage, seeCase } from '../../casework/service.js';
import * as repo from './drafts-repo.js';
import type { DraftBody, DraftUpdateBody, DraftView, SentDraftView } from './schemas.js';
import { writeLetter } from './letters.js';
import { type FromDraft, type OutboundDeps, sendCaseEmail } from './send.js';

/**
 * Drafts saved on a case (issue 11): an e-mail or letter begun, perhaps from a template, kept to
 * resume, for a colleague to pick up, to send or to discard. Only those who may see the case see
 * its drafts. The words (and an e-mail's address) are sealed with the case's key, like the case's
 * own text, so they go when the case is erased. Each save names the version it was opened at: a
 * save over a newer one is refused, naming who saved it and when, so nobody's words are lost.
 */

const draftField = {
  subject: (draftId: string) => `message_draft.subject/${draftId}`,
  body: (draftId: string) => `message_draft.body/${draftId}`,
  to: (draftId: string) => `message_draft.to/${draftId}`,
} as const;

const londonTime = (when: Date) => when.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

async function sealDraft(keystore: KeyStore, officeId: string, caseId: string, draftId: string, body: DraftBody) {
  const to = body.channel === 'email' ? body.to : null;
  const items = [
    { ownerId: caseId, field: draftField.body(draftId), plaintext: body.body },
    ...(body.subject ? [{ ownerId: caseId, field: draftField.subject(draftId), plaintext: body.subject }] : []),
    ...(to ? [{ ownerId: caseId, field: draftField.to(draftId), plaintext: to }] : []),
  ];
  const [bodySealed, ...rest] = await keystore.encryptMany(officeId, 'case', items);
  return {
    channel: body.channel,
    template_id: body.templateId,
    agency_id: body.agencyId,
    to_organisation_id: body.channel === 'letter' && body.recipient !== 'constituent' ? body.recipient.agencyId : null,
    body_sealed: bodySealed!,
    subject_sealed: body.subject ? rest.shift()! : null,
    to_sealed: to ? rest.shift()! : null,
  };
}

interface DraftTexts {
  body: string;
  subject: string;
  to: string | null;
}

function draftView(row: repo.DraftRow, { body, subject, to }: DraftTexts): DraftView {
  return {
    id: row.id,
    caseId: row.case_id,
    channel: row.channel,
    templateId: row.template_id,
    to,
    recipient: row.channel === 'email' ? null : row.to_organisation_id ? { agencyId: row.to_organisation_id } : 'constituent',
    agencyId: row.agency_id,
    subject,
    body,
    version: row.version,
    startedBy: { id: row.created_by, name: row.started_by_name },
    startedAt: row.created_at,
    lastEditedBy: { id: row.updated_by, name: row.edited_by_name },
    lastEditedAt: row.updated_at,
  };
}

/** The words just saved, as saved (the server's trimmed values), without asking the key store again. */
const savedTexts = (body: DraftBody): DraftTexts => ({ body: body.body, subject: body.subject, to: body.channel === 'email' ? body.to : null });

async function openDrafts(keystore: KeyStore, officeId: string, rows: readonly repo.DraftRow[]): Promise<DraftView[]> {
  const wanted = rows.flatMap((row) =>
    (['body', 'subject', 'to'] as const).flatMap((part) => {
      const ciphertext = row[`${part}_sealed`];
      return ciphertext ? [{ row: row.id, part, item: { ownerId: row.case_id, field: draftField[part](row.id), ciphertext } }] : [];
    }),
  );
  const opened = wanted.length ? await keystore.decryptMany(officeId, 'case', wanted.map((w) => w.item)) : [];
  const texts = new Map(rows.map((row) => [row.id, { body: '', subject: '', to: null } as DraftTexts]));
  wanted.forEach((w, i) => (texts.get(w.row)![w.part] = opened[i]!));
  return rows.map((row) => draftView(row, texts.get(row.id)!));
}

/** The case, if the user may see it and the one check lets its constituents be changed. */
async function caseToWriteOn(tx: OfficeTx, user: SignedInUser, caseId: string) {
  const found = await caseForMessage(tx, user, caseId);
  if (!found) throw notFound('case');
  await assertCaseMayBe(tx, user.officeId, caseId, 'change');
  return found;
}

/** The agencies a draft names must be on the case (a letter to an agency, {{agency.name}}). */
async function assertAgenciesOnCase(tx: OfficeTx, officeId: string, caseId: string, body: DraftBody) {
  const named = [
    ...(body.agencyId ? [{ path: 'body.agencyId', id: body.agencyId }] : []),
    ...(body.channel === 'letter' && body.recipient !== 'constituent' ? [{ path: 'body.recipient.agencyId', id: body.recipient.agencyId }] : []),
  ];
  const problems = [];
  for (const { path, id } of named) if (!(await agencyOnCase(tx, officeId, caseId, id))) problems.push({ path, message: 'must be an agency on this case' });
  if (problems.length) throw validationFailed(problems, 'The draft was not saved.', 'Nothing was changed.');
}

/** A draft found on a case still at the version the caller opened; otherwise who saved it since, and when. */
async function draftAt(tx: OfficeTx, officeId: string, caseId: string, draftId: string, version: number): Promise<repo.DraftRow> {
  const draft = await repo.findDraft(tx, officeId, caseId, draftId);
  if (!draft) throw new AppError(ErrorCode.NotFound, 'No draft with that id is on this case: it may have been sent or discarded by a colleague. Nothing was changed.');
  if (draft.version !== version) {
    throw new AppError(
      ErrorCode.Conflict,
      `${draft.edited_by_name} saved this draft on ${londonTime(draft.updated_at)} (version ${draft.version}) after you opened version ${version}: open it again to see their changes, then make yours. Nothing was changed.`,
    );
  }
  return draft;
}

export async function listDrafts(deps: OutboundDeps, user: SignedInUser, caseId: string): Promise<{ drafts: DraftView[] }> {
  const { officeId } = user;
  const rows = await withOffice(deps.db, officeId, async (tx) => {
    if (!(await seeCase(tx, user, caseId))) throw notFound('case');
    await assertCaseMayBe(tx, officeId, caseId, 'read', user);
    return repo.listDrafts(tx, officeId, caseId);
  });
  return { drafts: await openDrafts(deps.keystore, officeId, rows) };
}

export async function getDraft(deps: OutboundDeps, user: SignedInUser, caseId: string, draftId: string): Promise<DraftView> {
  const { officeId } = user;
  const row = await withOffice(deps.db, officeId, async (tx) => {
    if (!(await seeCase(tx, user, caseId))) throw notFound('case');
    await assertCaseMayBe(tx, officeId, caseId, 'read', user);
    return repo.findDraft(tx, officeId, caseId, draftId);
  });
  if (!row) throw notFound('draft on this case');
  return (await openDrafts(deps.keystore, officeId, [row]))[0]!;
}

export async function saveNewDraft(deps: OutboundDeps, user: SignedInUser, caseId: string, body: DraftBody): Promise<DraftView> {
  const { officeId } = user;
  const id = newId();
  await withOffice(deps.db, officeId, async (tx) => {
    await caseToWriteOn(tx, user, caseId);
    await assertAgenciesOnCase(tx, officeId, caseId, body);
  });
  // Sealed between the checks and the write: the key store is another database.
  const sealed = await sealDraft(deps.keystore, officeId, caseId, id, body);
  const row = await withOffice(deps.db, officeId, async (tx) => {
    await repo.insertDraft(tx, { office_id: officeId, id, case_id: caseId, ...sealed, created_by: user.userId, updated_by: user.userId });
    await recordAudit(tx, officeId, user, { action: 'draft.saved', recordType: 'message_draft', recordIds: [id, caseId] });
    return repo.findDraft(tx, officeId, caseId, id);
  });
  return draftView(row!, savedTexts(body));
}

export async function saveDraft(deps: OutboundDeps, user: SignedInUser, caseId: string, draftId: string, body: DraftUpdateBody): Promise<DraftView> {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    await caseToWriteOn(tx, user, caseId);
    const draft = await draftAt(tx, officeId, caseId, draftId, body.version);
    if (draft.channel !== body.channel) throw validationFailed([{ path: 'body.channel', message: `must stay "${draft.channel}": a draft ${draft.channel === 'email' ? 'e-mail' : 'letter'} cannot become another kind` }], 'The draft was not saved.');
    await assertAgenciesOnCase(tx, officeId, caseId, body);
  });
  const sealed = await sealDraft(deps.keystore, officeId, caseId, draftId, body);
  const row = await withOffice(deps.db, officeId, async (tx) => {
    // Saved only over the version checked above: a colleague's save in between is refused, not overwritten.
    if (!(await repo.updateDraft(tx, officeId, caseId, draftId, body.version, { ...sealed, updated_by: user.userId }))) await draftAt(tx, officeId, caseId, draftId, body.version);
    await recordAudit(tx, officeId, user, { action: 'draft.updated', recordType: 'message_draft', recordIds: [draftId, caseId] });
    return repo.findDraft(tx, officeId, caseId, draftId);
  });
  return draftView(row!, savedTexts(body));
}

export async function discardDraft(deps: OutboundDeps, user: SignedInUser, caseId: string, draftId: string, version: number): Promise<void> {
  const { officeId } = user;
  await withOffice(deps.db, officeId, async (tx) => {
    await caseToWriteOn(tx, user, caseId);
    await removeDraft(tx, officeId, caseId, draftId, version);
    await recordAudit(tx, officeId, user, { action: 'draft.discarded', recordType: 'message_draft', recordIds: [draftId, caseId] });
  });
}

async function removeDraft(tx: OfficeTx, officeId: string, caseId: string, draftId: string, version: number) {
  if (!(await repo.deleteDraft(tx, officeId, caseId, draftId, version))) await draftAt(tx, officeId, caseId, draftId, version);
}

/**
 * Sends the draft as it was saved at `version`, through the one send path for its kind (an e-mail
 * queued, a letter made): the message keeps the template it came from, and the draft is deleted
 * in the message's own transaction, so it is either sent or still a draft.
 */
export async function sendDraft(deps: OutboundDeps, user: SignedInUser, caseId: string, draftId: string, version: number): Promise<SentDraftView> {
  const { officeId } = user;
  const row = await withOffice(deps.db, officeId, async (tx) => {
    await caseToWriteOn(tx, user, caseId);
    return draftAt(tx, officeId, caseId, draftId, version);
  });
  const [draft] = await openDrafts(deps.keystore, officeId, [row]);
  const fromDraft: FromDraft = {
    templateId: draft!.templateId,
    remove: async (tx, messageId) => {
      await removeDraft(tx, officeId, caseId, draftId, version);
      await recordAudit(tx, officeId, user, { action: 'draft.sent', recordType: 'message_draft', recordIds: [draftId, caseId, messageId] });
    },
  };
  const { subject, body, agencyId } = draft!;
  if (draft!.channel === 'email') {
    if (!subject.trim()) throw new AppError(ErrorCode.Conflict, 'The draft e-mail has no subject: add one and save the draft, then send it. Nothing was sent.');
    const email = await sendCaseEmail(deps, user, caseId, { subject, body, ...(draft!.to ? { to: draft!.to } : {}), ...(agencyId ? { agencyId } : {}) }, fromDraft);
    return { email, letter: null };
  }
  const recipient = draft!.recipient ?? 'constituent';
  const letter = await writeLetter(deps, user, caseId, { recipient, body, ...(subject ? { subject } : {}), ...(agencyId && recipient === 'constituent' ? { agencyId } : {}) }, fromDraft);
  return { email: null, letter };
}
