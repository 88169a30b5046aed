import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { ConsentEventKind, ConsentEventMethod, DB, SuppressionChannel, SuppressionReason } from '../../db/schema.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { assertMayProcess } from '../../platform/access/processing.js';
import { type Actor, recordAudit } from '../../platform/audit/audit.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { AppError, ErrorCode, notFound, validationFailed } from '../../platform/errors/errors.js';
import { assertPeopleMayBe, personAddresses, personExists, standingsOf } from '../people/service.js';
import { noticeVersionExists, purposeIn } from '../processing/service.js';
import { currentState, type CurrentState, marketingStanding } from './ledger.js';
import * as repo from './repo.js';
import { type EvidenceFile, sealEvidence } from './evidence.js';
import { addressHash, addressOrRefuse, normaliseAddress } from './suppression.js';
import { countConsentingIn } from './audience.js';

/**
 * The consent ledger, subscription topics and the suppression list (issue 13). Other modules use
 * the calls below inside their own transactions: the send path asks `assertMayMarket`, the public
 * sign-up pages `recordConsentEvent` and `suppressAddress`, audiences `consentStates`.
 */

export { addressHash, normaliseAddress } from './suppression.js';
/** Newsletters' audience: each person's state for a purpose and topic, who withdrew since (audience.ts). */
export { consentStates, withdrawnSince } from './audience.js';
export type { CurrentState } from './ledger.js';

// ---------------------------------------------------------------- topics

export interface TopicView {
  id: string;
  name: string;
  description: string;
  purposeId: string;
  retiredAt: Date | null;
}

const topicView = (t: repo.TopicRow): TopicView => ({ id: t.id, name: t.name, description: t.description, purposeId: t.purpose_id, retiredAt: t.retired_at });

export async function listTopicsIn(tx: OfficeTx, officeId: string): Promise<TopicView[]> {
  return (await repo.listTopics(tx, officeId)).map(topicView);
}

export interface NewTopic {
  name: string;
  description: string;
  purposeId: string;
}

/** A purpose that may carry consent: known, current and resting on consent; else a clear refusal. */
async function consentPurpose(tx: OfficeTx, officeId: string, purposeId: string) {
  const purpose = await purposeIn(tx, officeId, purposeId);
  if (!purpose) throw notFound('purpose');
  if (purpose.retired) throw new AppError(ErrorCode.Conflict, `The purpose "${purpose.name}" is retired: no consent can be recorded or asked for it. Nothing was changed.`);
  if (!purpose.consentRequired) {
    throw new AppError(ErrorCode.Conflict, `The purpose "${purpose.name}" does not rest on consent in the record of processing, so there is no consent to record for it. Nothing was changed.`);
  }
  return purpose;
}

/** Creates topics in the caller's transaction (the demo seed, the topics page); a name the office has already is a 409. */
export async function createTopicsIn(tx: OfficeTx, officeId: string, actor: Actor, topics: readonly NewTopic[]): Promise<TopicView[]> {
  if (topics.length === 0) return [];
  for (const t of topics) await consentPurpose(tx, officeId, t.purposeId);
  const have = new Set((await repo.listTopics(tx, officeId)).map((t) => t.name.toLowerCase()));
  const clash = topics.find((t) => have.has(t.name.toLowerCase()));
  if (clash) throw new AppError(ErrorCode.Conflict, `There is already a topic called "${clash.name}" (it may be retired). Choose another name. Nothing was changed.`);
  const rows = await repo.insertTopics(tx, topics.map((t) => ({ office_id: officeId, id: newId(), name: t.name, description: t.description, purpose_id: t.purposeId })));
  await recordAudit(tx, officeId, actor, { action: 'subscription_topic.created', recordType: 'subscription_topic', recordIds: rows.map((r) => r.id) });
  return rows.map(topicView);
}

export async function listTopics(db: Kysely<DB>, user: SignedInUser): Promise<{ topics: TopicView[] }> {
  return { topics: await withOffice(db, user.officeId, (tx) => listTopicsIn(tx, user.officeId)) };
}

export async function createTopic(db: Kysely<DB>, user: SignedInUser, body: NewTopic): Promise<TopicView> {
  const [topic] = await withOffice(db, user.officeId, (tx) => createTopicsIn(tx, user.officeId, user, [body]));
  return topic!;
}

// ---------------------------------------------------------------- the ledger

export interface ConsentEventInput {
  personId: string;
  purposeId: string;
  /** Null or absent: the whole purpose. */
  topicId?: string | null;
  kind: ConsentEventKind;
  method: ConsentEventMethod;
  /** The exact words the person was shown, or agreed to. */
  wording: string;
  /** The privacy notice version in force (validated by the notices module once it exists). */
  noticeVersion?: number | null;
  /** Evidence stored with `storeEvidence` for the same person. */
  evidenceId?: string | null;
  /** When the person gave, withdrew or objected; defaults to now. */
  occurredAt?: Date;
}

export interface ConsentEventView {
  id: string;
  personId: string;
  purposeId: string;
  topicId: string | null;
  kind: ConsentEventKind;
  method: ConsentEventMethod;
  wording: string;
  noticeVersion: number | null;
  evidenceId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  recordedBy: { userId: string; name: string | null } | null;
}

const eventView = (e: repo.EventRow & { recorded_by_name?: string | null }): ConsentEventView => ({
  id: e.id,
  personId: e.person_id,
  purposeId: e.purpose_id,
  topicId: e.topic_id,
  kind: e.kind,
  method: e.method,
  wording: e.wording,
  noticeVersion: e.notice_version,
  evidenceId: e.evidence_id,
  occurredAt: e.occurred_at,
  recordedAt: e.recorded_at,
  recordedBy: e.recorded_by ? { userId: e.recorded_by, name: e.recorded_by_name ?? null } : null,
});

const auditOf = { given: 'consent.given', withdrawn: 'consent.withdrawn', objected: 'consent.objected' } as const;

// A consent dated ahead of the clock is a mistake; a few minutes cover clocks that differ.
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * Appends one entry to the ledger in the caller's transaction, audited there. `actor.userId` null
 * is the public sign-up pages. An objection puts every e-mail address and phone number of the
 * person on the suppression list; a consent given lifts the suppressions that their own
 * unsubscribe or objection put there (never a bounce, a complaint or the office's own entry).
 * A withdrawal or objection is recorded even for a restricted person (it only asks for less);
 * a consent given needs a person who may be changed.
 */
export async function recordConsentEvent(keystore: KeyStore, tx: OfficeTx, officeId: string, actor: Actor, event: ConsentEventInput): Promise<ConsentEventView> {
  if (!(await personExists(tx, officeId, event.personId))) throw notFound('person');
  await consentPurpose(tx, officeId, event.purposeId);
  const topicId = event.topicId ?? null;
  if (topicId !== null) {
    const topic = await repo.findTopic(tx, officeId, topicId);
    if (!topic) throw notFound('topic');
    if (topic.purpose_id !== event.purposeId) throw new AppError(ErrorCode.Conflict, `The topic "${topic.name}" belongs to another purpose. Nothing was changed.`);
    if (topic.retired_at && event.kind === 'given') throw new AppError(ErrorCode.Conflict, `The topic "${topic.name}" is retired: nobody can subscribe to it now. Nothing was changed.`);
  }
  if (event.evidenceId) {
    const evidence = await repo.findEvidence(tx, officeId, event.evidenceId);
    if (!evidence || evidence.person_id !== event.personId) throw notFound('evidence file');
  }
  // The version shown must be one the office published: proof of what the person was told (Art. 7(1)).
  if (event.noticeVersion != null && !(await noticeVersionExists(tx, officeId, event.noticeVersion))) {
    throw validationFailed([{ path: 'body.noticeVersion', message: `must be a version of the privacy notice this office has published, and ${event.noticeVersion} is not` }]);
  }
  const occurredAt = event.occurredAt ?? new Date();
  if (occurredAt.getTime() > Date.now() + FUTURE_SLACK_MS) throw validationFailed([{ path: 'body.occurredAt', message: 'must not be in the future' }]);
  if (event.kind === 'given') await assertPeopleMayBe(tx, officeId, [event.personId], 'change');

  const row = await repo.insertEvent(tx, {
    office_id: officeId,
    id: newId(),
    person_id: event.personId,
    purpose_id: event.purposeId,
    topic_id: topicId,
    kind: event.kind,
    method: event.method,
    wording: event.wording,
    notice_version: event.noticeVersion ?? null,
    evidence_id: event.evidenceId ?? null,
    occurred_at: occurredAt,
    recorded_by: actor.userId,
    recorded_via: actor.userId ? 'staff' : 'public_form',
  });
  await recordAudit(tx, officeId, actor, { action: auditOf[event.kind], recordType: 'consent_event', recordIds: [row.id, event.personId] });

  const hashes = (await personAddresses(tx, officeId, event.personId)).flatMap((a) => {
    const normalised = normaliseAddress(a.value, a.kind);
    return normalised ? [{ channel: normalised.channel, hash: addressHash(keystore, officeId, normalised) }] : [];
  });
  if (event.kind === 'objected') {
    for (const a of hashes) await repo.insertSuppression(tx, { office_id: officeId, address_hash: a.hash, channel: a.channel, reason: 'objected' });
  } else if (event.kind === 'given' && (await repo.deleteLiftableSuppressions(tx, officeId, hashes.map((a) => a.hash))) > 0) {
    await recordAudit(tx, officeId, actor, { action: 'suppression.lifted', recordType: 'consent_event', recordIds: [row.id] });
  }
  return eventView(row);
}

/** The evidence file, sealed and stored for the person in the caller's transaction; its id goes on the ledger entry. */
export async function storeEvidence(keystore: KeyStore, tx: OfficeTx, officeId: string, userId: string, personId: string, file: EvidenceFile): Promise<{ id: string; contentType: string; sizeBytes: number }> {
  if (!(await personExists(tx, officeId, personId))) throw notFound('person');
  await assertPeopleMayBe(tx, officeId, [personId], 'change');
  const row = await sealEvidence(keystore, officeId, personId, userId, file);
  await repo.insertEvidence(tx, row);
  return { id: row.id, contentType: row.content_type, sizeBytes: row.size_bytes };
}

export interface CurrentConsent {
  purposeId: string;
  topicId: string | null;
  state: CurrentState;
  /** When the entry that decides it happened (for 'objected' on a consent: the consent's). */
  since: Date;
  eventId: string;
}

/** The person's current consents, by purpose and topic, derived from the ledger; and their latest objection. */
export async function currentConsents(tx: OfficeTx, officeId: string, personId: string): Promise<{ consents: CurrentConsent[]; objectedAt: Date | null }> {
  const latest = await repo.latestPerScope(tx, officeId, personId);
  const objectedAt = latest.length ? await repo.latestObjection(tx, officeId, personId) : null;
  return {
    objectedAt,
    consents: latest.map((e) => ({ purposeId: e.purpose_id, topicId: e.topic_id, state: currentState(e, objectedAt), since: e.occurred_at, eventId: e.id })),
  };
}

/** The person's whole ledger, newest first. */
export async function consentHistory(tx: OfficeTx, officeId: string, personId: string): Promise<ConsentEventView[]> {
  return (await repo.personHistory(tx, officeId, personId)).map(eventView);
}

/** How many people have current consent for the purpose (or one topic of it), from the ledger. */
export function countConsenting(tx: OfficeTx, officeId: string, purposeId: string, topicId: string | null = null): Promise<number> {
  return countConsentingIn(tx, officeId, { purposeId, topicId });
}

// ---------------------------------------------------------------- the one check for marketing

export interface MarketingTarget {
  personId: string;
  purposeId: string;
  topicId?: string | null;
  /** Where the message goes: an e-mail address or a phone number. */
  address: string;
}

/**
 * The one check for a marketing message (platform/access/processing.ts), in the caller's
 * transaction: a 409 naming the reason for a person restricted, deceased or marked do not contact,
 * who objected to direct marketing, whose address is suppressed, or who has no current consent for
 * the purpose (and topic). The send path asks it when a message is queued and just before it goes.
 */
export async function assertMayMarket(keystore: KeyStore, tx: OfficeTx, officeId: string, target: MarketingTarget, who = 'The person this is addressed to'): Promise<void> {
  const standing = (await standingsOf(tx, officeId, [target.personId])).get(target.personId);
  if (!standing) throw notFound('person');
  const purpose = await purposeIn(tx, officeId, target.purposeId);
  if (!purpose) throw notFound('purpose');
  if (purpose.retired) throw new AppError(ErrorCode.ProcessingRefused, `Nothing may be sent for the purpose "${purpose.name}": it is retired. Nothing was sent.`);
  const entries = await repo.marketingEntries(tx, officeId, target.personId, target.purposeId, target.topicId ?? null);
  const suppressed = await isSuppressed(keystore, tx, officeId, target.address);
  assertMayProcess([{ ...standing, marketing: marketingStanding(entries, entries.objected_at, suppressed) }], 'contact_marketing', undefined, who);
}

// ---------------------------------------------------------------- the suppression list

export interface SuppressionInput {
  address: string;
  /** Absent: told from the address (an '@' is e-mail). */
  channel?: SuppressionChannel;
  reason: SuppressionReason;
}

/**
 * Puts an address on the suppression list in the caller's transaction (an unsubscribe, a hard
 * bounce, a complaint, the office's own entry). An address already there keeps its first reason,
 * and `added` is false. An address that is neither an e-mail address nor a phone number is a 400.
 */
export async function suppressAddress(keystore: KeyStore, tx: OfficeTx, officeId: string, input: SuppressionInput): Promise<{ added: boolean; channel: SuppressionChannel }> {
  const address = addressOrRefuse(input.address, input.channel);
  const added = await repo.insertSuppression(tx, { office_id: officeId, address_hash: addressHash(keystore, officeId, address), channel: address.channel, reason: input.reason });
  return { added, channel: address.channel };
}

/** Whether the address is on the list; an address that normalises to nothing is not (and cannot be sent to). */
export async function isSuppressed(keystore: KeyStore, tx: OfficeTx, officeId: string, address: string): Promise<boolean> {
  const normalised = normaliseAddress(address);
  return normalised !== undefined && (await repo.findSuppression(tx, officeId, addressHash(keystore, officeId, normalised))) !== undefined;
}

/** Which of these addresses are on the list, in one query (a mailing checks its recipients a batch at a time). */
export async function suppressedAmong(keystore: KeyStore, tx: OfficeTx, officeId: string, addresses: readonly string[]): Promise<Set<string>> {
  const hashed = addresses.flatMap((address) => {
    const normalised = normaliseAddress(address);
    return normalised ? [{ address, hash: addressHash(keystore, officeId, normalised).toString('hex') }] : [];
  });
  const found = new Set((await repo.findSuppressedAmong(tx, officeId, hashed.map((h) => Buffer.from(h.hash, 'hex')))).map((b) => b.toString('hex')));
  return new Set(hashed.filter((h) => found.has(h.hash)).map((h) => h.address));
}

// ---------------------------------------------------------------- erasure and merge

/** Consent's step of an erasure: the person's ledger entries and evidence (their suppressions stay). */
export function eraseConsent(tx: OfficeTx, officeId: string, personId: string): Promise<number> {
  return repo.eraseEvents(tx, officeId, personId);
}
