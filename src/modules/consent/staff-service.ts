import type { AppContext } from '../../context.js';
import { suppressionReasons } from '../../db/enums.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors/errors.js';
import { assertPeopleMayBe, personExists } from '../people/service.js';
import { type EvidenceFile, evidenceField, evidenceName, openEvidence } from './evidence.js';
import { currentState } from './ledger.js';
import * as repo from './repo.js';
import type { ConsentEventBody, ConsentEventResponse, ConsentPage, SuppressionCounts } from './schemas.js';
import { recordConsentEvent, storeEvidence, suppressAddress } from './service.js';

/** The staff pages' side of consent: each call one office-scoped transaction, as the routes need it. */

export type ConsentDeps = Pick<AppContext, 'db' | 'keystore'>;

/** For the consent form, in the caller's transaction: the purposes that rest on consent. */
export const consentPurposes = repo.consentPurposes;

/** The person must be the office's, and one this user may read (a restricted person is the data protection lead's only). */
async function readablePerson(tx: OfficeTx, user: SignedInUser, personId: string) {
  if (!(await personExists(tx, user.officeId, personId))) throw notFound('person');
  await assertPeopleMayBe(tx, user.officeId, [personId], 'read', { reader: user });
}

export async function consentPage(deps: ConsentDeps, user: SignedInUser, personId: string): Promise<ConsentPage> {
  const { officeId } = user;
  const { history, latest, objectedAt, evidence } = await withOffice(deps.db, officeId, async (tx) => {
    await readablePerson(tx, user, personId);
    const history = await repo.personHistory(tx, officeId, personId);
    const evidence = await repo.evidenceOf(tx, officeId, [...new Set(history.flatMap((e) => (e.evidence_id ? [e.evidence_id] : [])))]);
    return { history, evidence, latest: await repo.latestPerScope(tx, officeId, personId), objectedAt: await repo.latestObjection(tx, officeId, personId) };
  });
  const names = evidence.length
    ? await deps.keystore.decryptMany(officeId, 'person', evidence.map((e) => ({ ownerId: e.person_id, field: evidenceField.name(e.id), ciphertext: e.filename_sealed })))
    : [];
  const files = new Map(evidence.map((e, i) => [e.id, { id: e.id, filename: names[i]!, contentType: e.content_type, sizeBytes: e.size_bytes }]));
  const byId = new Map(history.map((e) => [e.id, e]));
  return {
    objectedAt,
    current: latest.map((e) => ({
      purposeId: e.purpose_id,
      purposeName: byId.get(e.id)!.purpose_name,
      topicId: e.topic_id,
      topicName: byId.get(e.id)!.topic_name,
      state: currentState(e, objectedAt),
      since: e.occurred_at,
    })),
    history: history.map((e) => ({
      id: e.id,
      personId: e.person_id,
      purposeId: e.purpose_id,
      purposeName: e.purpose_name,
      topicId: e.topic_id,
      topicName: e.topic_name,
      kind: e.kind,
      method: e.method,
      wording: e.wording,
      noticeVersion: e.notice_version,
      evidence: e.evidence_id ? (files.get(e.evidence_id) ?? null) : null,
      occurredAt: e.occurred_at,
      recordedAt: e.recorded_at,
      recordedVia: e.recorded_via,
      recordedBy: e.recorded_by ? { userId: e.recorded_by, name: e.recorded_by_name } : null,
    })),
  };
}

/** A consent, withdrawal or objection told to staff (on paper, by phone, in person...), with its evidence if any. */
export async function recordConsent(deps: ConsentDeps, user: SignedInUser, personId: string, body: ConsentEventBody): Promise<ConsentEventResponse> {
  const recorded = await withOffice(deps.db, user.officeId, (tx) =>
    recordConsentEvent(deps.keystore, tx, user.officeId, user, { ...body, personId, occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined }),
  );
  // Shown as the history shows it: with the purpose's and topic's names, the evidence and who recorded it.
  const page = await consentPage(deps, user, personId);
  return page.history.find((e) => e.id === recorded.id)!;
}

/** Stores a scanned form for the person; its id then goes on the consent entry. */
export async function uploadEvidence(deps: ConsentDeps, user: SignedInUser, personId: string, file: EvidenceFile) {
  const stored = await withOffice(deps.db, user.officeId, (tx) => storeEvidence(deps.keystore, tx, user.officeId, user.userId, personId, file));
  return { ...stored, filename: evidenceName(file.filename) };
}

/** The evidence file's bytes, audited as opened. */
export async function evidenceFile(deps: ConsentDeps, user: SignedInUser, personId: string, evidenceId: string) {
  const { officeId } = user;
  const row = await withOffice(deps.db, officeId, async (tx) => {
    await readablePerson(tx, user, personId);
    const found = await repo.findEvidence(tx, officeId, evidenceId);
    if (!found || found.person_id !== personId) throw notFound('evidence file');
    await recordAudit(tx, officeId, user, { action: 'consent.evidence_opened', recordType: 'consent_evidence', recordIds: [evidenceId, personId] });
    return found;
  });
  return { ...(await openEvidence(deps.keystore, officeId, row)), contentType: row.content_type };
}

export async function suppressionCounts(deps: ConsentDeps, user: SignedInUser): Promise<SuppressionCounts> {
  const rows = await withOffice(deps.db, user.officeId, (tx) => repo.suppressionCounts(tx, user.officeId));
  const count = (reason: string, channel: string) => Number(rows.find((r) => r.reason === reason && r.channel === channel)?.n ?? 0);
  const byReason = suppressionReasons.map((reason) => ({ reason, email: count(reason, 'email'), phone: count(reason, 'phone') }));
  return { total: byReason.reduce((n, r) => n + r.email + r.phone, 0), byReason };
}

/** The office adds an address itself (someone asked by letter, a known complainer): idempotent, and the reply never lists addresses. */
export async function addSuppression(deps: ConsentDeps, user: SignedInUser, body: { address: string; channel?: 'email' | 'phone' | undefined }) {
  const result = await withOffice(deps.db, user.officeId, async (tx) => {
    const result = await suppressAddress(deps.keystore, tx, user.officeId, { address: body.address, channel: body.channel, reason: 'added_by_staff' });
    if (result.added) await recordAudit(tx, user.officeId, user, { action: 'suppression.added' });
    return result;
  });
  const what = result.channel === 'email' ? 'e-mail address' : 'phone number';
  const message = result.added ? `The ${what} is now on the suppression list: it will get no newsletters or campaign mail.` : `That ${what} is already on the suppression list, so nothing was changed.`;
  return { ...result, message, counts: await suppressionCounts(deps, user) };
}
