import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { DB } from '../../db/schema.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors/errors.js';
import { officeNames } from '../offices/service.js';
import { type RecordExport, recordExport } from './export.js';
import * as repo from './repo.js';
import type { ExportFormat, PostbagModule, PurposeBody, PurposeView } from './schemas.js';
import { standardPurposes } from './standard-purposes.js';

const view = (p: repo.PurposeRow): PurposeView => ({
  id: p.id,
  name: p.name,
  description: p.description,
  lawfulBasis: p.lawful_basis,
  specialCategories: p.special_categories,
  specialCategoryCondition: p.article9_condition,
  scheduleOneParagraph: p.schedule1_paragraph,
  dataCategories: p.data_categories,
  dataSubjects: p.data_subjects,
  sources: p.sources,
  recipients: p.recipients,
  retentionMonths: p.retention_months,
  retentionNote: p.retention_note,
  consentRequired: p.consent_required,
  modules: p.modules as PostbagModule[],
  retiredAt: p.retired_at,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});

const columns = (b: PurposeBody) => ({
  name: b.name,
  description: b.description,
  lawful_basis: b.lawfulBasis,
  special_categories: b.specialCategories,
  article9_condition: b.specialCategoryCondition,
  schedule1_paragraph: b.scheduleOneParagraph,
  data_categories: b.dataCategories,
  data_subjects: b.dataSubjects,
  sources: b.sources,
  recipients: b.recipients,
  retention_months: b.retentionMonths,
  retention_note: b.retentionNote,
  consent_required: b.consentRequired,
  modules: b.modules,
});

/** Runs a write of a purpose; a name another purpose has (retired ones too) is a 409 naming it. */
async function saving<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AppError(ErrorCode.Conflict, `The record already has a purpose called "${name}" (it may be retired). Choose another name, or edit that one. Nothing was changed.`);
    }
    throw error;
  }
}

export async function listPurposes(db: Kysely<DB>, user: SignedInUser): Promise<{ purposes: PurposeView[] }> {
  const rows = await withOffice(db, user.officeId, (tx) => repo.listPurposes(tx, user.officeId));
  return { purposes: rows.map(view) };
}

export async function getPurpose(db: Kysely<DB>, user: SignedInUser, purposeId: string): Promise<PurposeView> {
  const row = await withOffice(db, user.officeId, (tx) => repo.findPurpose(tx, user.officeId, purposeId));
  if (!row) throw notFound('purpose');
  return view(row);
}

/** For other modules (consent), in the caller's transaction: a purpose's name and whether it is retired, or undefined. */
export async function purposeIn(tx: OfficeTx, officeId: string, purposeId: string): Promise<{ id: string; name: string; retired: boolean; consentRequired: boolean } | undefined> {
  const row = await repo.findPurpose(tx, officeId, purposeId);
  return row && { id: row.id, name: row.name, retired: row.retired_at !== null, consentRequired: row.consent_required };
}

export async function createPurpose(db: Kysely<DB>, user: SignedInUser, body: PurposeBody): Promise<PurposeView> {
  const { officeId } = user;
  return saving(body.name, () =>
    withOffice(db, officeId, async (tx) => {
      const [row] = await repo.insertPurposes(tx, [{ office_id: officeId, id: newId(), ...columns(body) }]);
      await recordAudit(tx, officeId, user, { action: 'purpose.created', recordType: 'processing_purpose', recordIds: [row!.id] });
      return view(row!);
    }),
  );
}

/** Replaces every field of a current purpose: the form sends the whole purpose, so the rules between fields are checked on what will be kept. */
export async function updatePurpose(db: Kysely<DB>, user: SignedInUser, purposeId: string, body: PurposeBody): Promise<PurposeView> {
  const { officeId } = user;
  return saving(body.name, () =>
    withOffice(db, officeId, async (tx) => {
      const before = await repo.findPurpose(tx, officeId, purposeId);
      if (!before) throw notFound('purpose');
      if (before.retired_at) throw new AppError(ErrorCode.Conflict, `The purpose "${before.name}" is retired, so it is kept as it was. Add a new purpose instead. Nothing was changed.`);
      const row = await repo.updatePurpose(tx, officeId, purposeId, columns(body));
      await recordAudit(tx, officeId, user, { action: 'purpose.updated', recordType: 'processing_purpose', recordIds: [purposeId] });
      return view(row);
    }),
  );
}

/** A retired purpose stays in the record, shown apart, as what the office once did. */
export async function retirePurpose(db: Kysely<DB>, user: SignedInUser, purposeId: string): Promise<PurposeView> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    const before = await repo.findPurpose(tx, officeId, purposeId);
    if (!before) throw notFound('purpose');
    if (before.retired_at) return view(before);
    const row = await repo.updatePurpose(tx, officeId, purposeId, { retired_at: new Date() });
    await recordAudit(tx, officeId, user, { action: 'purpose.retired', recordType: 'processing_purpose', recordIds: [purposeId] });
    return view(row);
  });
}

/**
 * Adds the standard purposes (from the privacy notices) that the office has none of by that name,
 * retired ones included, in the caller's transaction: a new office gets them all, and adding them
 * again changes nothing.
 */
export async function addStandardPurposes(tx: OfficeTx, officeId: string, actor: Actor): Promise<number> {
  const have = new Set((await repo.listPurposes(tx, officeId)).map((p) => p.name.toLowerCase()));
  const missing = standardPurposes.filter((p) => !have.has(p.name.toLowerCase()));
  if (!missing.length) return 0;
  const rows = await repo.insertPurposes(tx, missing.map((p) => ({ office_id: officeId, id: newId(), ...columns(p) })));
  await recordAudit(tx, officeId, actor, { action: 'purpose.standard_added', recordType: 'processing_purpose', recordIds: rows.map((r) => r.id) });
  return rows.length;
}

/** The standard purposes, added from the page; the office's own purposes are left as they are. */
export async function addStandardRecord(db: Kysely<DB>, user: SignedInUser): Promise<{ added: number }> {
  return { added: await withOffice(db, user.officeId, (tx) => addStandardPurposes(tx, user.officeId, user)) };
}

/** The whole record, current and retired purposes, as a file for the ICO or an auditor. */
export async function exportRecord(db: Kysely<DB>, officeId: string, format: ExportFormat, now = new Date()): Promise<RecordExport> {
  const { office, rows } = await withOffice(db, officeId, async (tx) => ({ office: await officeNames(tx, officeId), rows: await repo.listPurposes(tx, officeId) }));
  if (!office) throw new AppError(ErrorCode.NotFound, `There is no office with the id ${officeId}.`);
  return recordExport(format, { name: office.name, memberName: office.member_name }, rows.map(view), now);
}
