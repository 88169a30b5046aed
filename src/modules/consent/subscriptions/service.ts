import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../../context.js';
import { newId } from '../../../db/ids.js';
import type { DB } from '../../../db/schema.js';
import { type OfficeTx, withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { mayProcess } from '../../../platform/access/processing.js';
import { recordAudit, systemActor } from '../../../platform/audit/audit.js';
import { readUnsubscribeToken } from '../../../platform/crypto/unsubscribe-token.js';
import { notFound } from '../../../platform/errors/errors.js';
import { checkToken, formTokenKey, issueToken } from '../../../platform/http/form-token.js';
import { casework, emailRecipient, findPublicOffice, linkMessageToPerson, type PublicOffice, queueEmail } from '../../correspondence/service.js';
import { maySeePerson } from '../../casework/service.js';
import { addPersonWhoGotInTouch, assertPeopleMayBe, personExists, soleHolderOf, standingsOf } from '../../people/service.js';
import { currentNoticeVersion, purposeIn } from '../../processing/service.js';
import { countConsenting, type CurrentConsent, currentConsents, listTopicsIn, recordConsentEvent, suppressAddress, type TopicView } from '../service.js';
import * as repo from './repo.js';
import { HONEYPOT, type PersonSignups, type SignupErrors, signupErrors, signupForm, type SignupValues, TOKEN, type TopicSubscribers } from './schemas.js';
import { confirmationEmail, consentWording } from './wording.js';

/**
 * Public sign-up with double opt-in, and unsubscribing (issue 13). A sign-up is kept waiting
 * (`subscription_signups`) until the link in its confirmation e-mail is followed; only then is the
 * person matched or made and the consents written to the ledger. Unsubscribing takes the signed
 * token of a marketing e-mail (platform/crypto/unsubscribe-token.ts).
 */

export type SubscriptionDeps = Pick<AppContext, 'db' | 'keystore' | 'jobs' | 'config' | 'auth'>;

/** How long a confirmation link works. */
export const CONFIRM_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A sign-up never confirmed is deleted this long after its link expired (it is no consent). */
const LAPSED_KEPT_DAYS = 30;

const signupField = { email: 'subscription_signup.email', name: 'subscription_signup.name' } as const;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
/** A link's token: 256 random bits, URL-safe; only its hash is kept. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** What the sign-up page shows: the office, its current topics, the wording of the consent. */
export interface SignupPage {
  office: PublicOffice;
  topics: TopicView[];
  wording: string;
}

/** Undefined if there is no such office. */
export async function signupPage(db: Kysely<DB>, officeId: string): Promise<SignupPage | undefined> {
  const office = await findPublicOffice(db, officeId);
  if (!office) return undefined;
  const topics = await withOffice(db, officeId, (tx) => currentTopics(tx, officeId));
  return { office, topics, wording: consentWording(office) };
}

async function currentTopics(tx: OfficeTx, officeId: string): Promise<TopicView[]> {
  return (await listTopicsIn(tx, officeId)).filter((t) => t.retiredAt === null);
}

/** The sign-up form's token key (platform/http/form-token.ts), its own so a contact form's token is no good here. */
export const signupTokenKey = (masterKey: Buffer) => formTokenKey(masterKey, 'postbag/subscribe-form-token/v1');
export const newSignupFormToken = (key: Buffer, officeId: string) => issueToken(key, officeId);

export type SignupOutcome =
  /** Nothing was kept; the log gets the reason, the visitor the same page as a person. */
  | { kind: 'bot'; reason: 'honeypot' | 'too_fast' }
  | { kind: 'invalid'; errors: SignupErrors; token: string }
  /** A confirmation e-mail is on its way: the same answer whether or not the address is known or subscribed already. */
  | { kind: 'sent'; email: string };

/**
 * Checks a sign-up (bots, the form token, the fields, the topics against the office's list) and
 * queues the confirmation e-mail through the one send path, a service message, not marketing,
 * with the waiting sign-up in the same transaction. Nothing else is written.
 */
export async function requestSignup(
  deps: SubscriptionDeps,
  key: Buffer,
  page: SignupPage,
  input: { values: SignupValues; hidden: Record<string, string> },
  now = new Date(),
): Promise<SignupOutcome> {
  const { office } = page;
  if ((input.hidden[HONEYPOT] ?? '') !== '') return { kind: 'bot', reason: 'honeypot' };
  const token = checkToken(key, office.id, input.hidden[TOKEN], now);
  if (!token.ok && token.reason === 'too_fast') return { kind: 'bot', reason: 'too_fast' };
  if (!token.ok) {
    const message =
      token.reason === 'expired'
        ? 'This form was open for more than 24 hours. For your security, check your details and send it again.'
        : 'We could not check this form. Check your details and send it again.';
    return { kind: 'invalid', errors: { [TOKEN]: message }, token: issueToken(key, office.id, now) };
  }
  const parsed = signupForm.safeParse(input.values);
  const offered = new Map(page.topics.map((t) => [t.id, t]));
  const errors: SignupErrors = parsed.success ? {} : signupErrors(parsed.error);
  // A value that is none of the boxes shown is a changed form (or a topic retired since).
  if (input.values.topics.some((id) => !offered.has(id))) errors.topic ??= 'Choose from the topics listed: one you chose is not offered now';
  if (!parsed.success || Object.keys(errors).length) return { kind: 'invalid', errors, token: input.hidden[TOKEN]! };

  const form = parsed.data;
  const topics = [...new Set(form.topics)].map((id) => offered.get(id)!);
  const linkToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CONFIRM_DAYS * DAY_MS);
  const link = `${deps.config.publicUrl}/subscribe/${office.id}/confirm/${linkToken}`;
  await withOffice(deps.db, office.id, async (tx) => {
    await repo.deleteLapsed(tx, office.id, new Date(now.getTime() - LAPSED_KEPT_DAYS * DAY_MS));
    const mail = confirmationEmail(office, { givenName: form.givenName, topics: topics.map((t) => t.name), link, expiresAt });
    const { messageId } = await queueEmail(deps.keystore, deps.jobs, tx, office.id, null, { caseId: null, personId: null, to: form.email, ...mail, kind: casework });
    // Under the confirmation e-mail's key: erasing that message leaves nothing of the sign-up readable.
    const [emailSealed, nameSealed] = await deps.keystore.encryptMany(office.id, 'message', [
      { ownerId: messageId, field: signupField.email, plaintext: form.email },
      { ownerId: messageId, field: signupField.name, plaintext: JSON.stringify([form.givenName, form.familyName]) },
    ]);
    const id = newId();
    await repo.insertSignup(tx, {
      office_id: office.id,
      id,
      token_hash: tokenHash(linkToken),
      message_id: messageId,
      email_sealed: emailSealed!,
      name_sealed: nameSealed!,
      topic_ids: topics.map((t) => t.id),
      wording: page.wording,
      // The notice the page linked to when it was sent: the version its consent will record as shown.
      notice_version: await currentNoticeVersion(tx, office.id),
      expires_at: expiresAt,
    });
    await recordAudit(tx, office.id, systemActor, { action: 'subscription.requested', recordType: 'subscription_signup', recordIds: [id, messageId] });
  });
  return { kind: 'sent', email: form.email };
}

/** Why a confirmation link does nothing: each says only what the link holder already knows. */
export type LinkProblem = 'unknown' | 'used' | 'expired';
export type LinkState = { kind: 'problem'; problem: LinkProblem } | { kind: 'pending'; topics: TopicView[] };

async function signupOfLink(tx: OfficeTx, officeId: string, token: string, now: Date, lock: boolean): Promise<{ problem: LinkProblem } | { signup: repo.SignupRow }> {
  if (!LINK_TOKEN.test(token)) return { problem: 'unknown' };
  const signup = await (lock ? repo.lockSignupByToken : repo.findSignupByToken)(tx, officeId, tokenHash(token));
  if (!signup) return { problem: 'unknown' };
  if (signup.confirmed_at) return { problem: 'used' };
  if (signup.expires_at.getTime() <= now.getTime()) return { problem: 'expired' };
  return { signup };
}

const topicsOf = (all: readonly TopicView[], ids: readonly string[]) => all.filter((t) => ids.includes(t.id));

/** What following the link shows before anything is done: the topics to confirm, or why it cannot be. */
export async function linkState(db: Kysely<DB>, officeId: string, token: string, now = new Date()): Promise<LinkState> {
  return withOffice(db, officeId, async (tx) => {
    const found = await signupOfLink(tx, officeId, token, now, false);
    if ('problem' in found) return { kind: 'problem', problem: found.problem };
    return { kind: 'pending', topics: topicsOf(await currentTopics(tx, officeId), found.signup.topic_ids) };
  });
}

export type ConfirmOutcome =
  | { kind: 'problem'; problem: LinkProblem }
  | { kind: 'confirmed'; topics: TopicView[] }
  /** Every topic chosen has been retired since: nothing was recorded. */
  | { kind: 'no_topics' }
  /** The address is a person's whose processing is restricted: nothing was recorded, and the page does not say why. */
  | { kind: 'held' };

/**
 * Follows the link: in one transaction (the sign-up locked, so a link sent twice at once is used
 * once), the person the address belongs to is found or made (as the contact form does), a consent
 * given is written to the ledger for each topic still offered (method web_form, the wording and
 * notice version the page showed), and the sign-up is marked used.
 */
export async function confirmSignup(deps: SubscriptionDeps, officeId: string, token: string, now = new Date()): Promise<ConfirmOutcome> {
  return withOffice(deps.db, officeId, async (tx) => {
    const found = await signupOfLink(tx, officeId, token, now, true);
    if ('problem' in found) return { kind: 'problem', problem: found.problem };
    const { signup } = found;
    const topics = topicsOf(await currentTopics(tx, officeId), signup.topic_ids);
    if (topics.length === 0) return { kind: 'no_topics' };
    const [email, name] = await deps.keystore.decryptMany(officeId, 'message', [
      { ownerId: signup.message_id, field: signupField.email, ciphertext: signup.email_sealed },
      { ownerId: signup.message_id, field: signupField.name, ciphertext: signup.name_sealed },
    ]);
    const [givenName, familyName] = JSON.parse(name!) as [string, string];
    const holder = await soleHolderOf(tx, officeId, { email: email! });
    if (holder) {
      const standing = (await standingsOf(tx, officeId, [holder])).get(holder);
      if (standing && !mayProcess(standing, 'change').allowed) return { kind: 'held' };
    }
    const personId =
      holder ??
      (await addPersonWhoGotInTouch(tx, officeId, systemActor, {
        givenName,
        familyName,
        source: 'web_form',
        contactPoints: [{ kind: 'email', value: email!, preferred: true, source: 'web_form', collectedAt: undefined }],
      }));
    for (const topic of topics) {
      await recordConsentEvent(deps.keystore, tx, officeId, systemActor, {
        personId,
        purposeId: topic.purposeId,
        topicId: topic.id,
        kind: 'given',
        method: 'web_form',
        wording: signup.wording,
        noticeVersion: signup.notice_version,
        occurredAt: now,
      });
    }
    await linkMessageToPerson(tx, officeId, signup.message_id, personId);
    await repo.markConfirmed(tx, officeId, signup.id, personId, now);
    await recordAudit(tx, officeId, systemActor, { action: 'subscription.confirmed', recordType: 'subscription_signup', recordIds: [signup.id, personId] });
    return { kind: 'confirmed', topics };
  });
}

// ---------------------------------------------------------------- unsubscribing

/** What an unsubscribe link is for, in words; undefined for a token Postbag did not sign. */
export interface UnsubscribeView {
  office: PublicOffice | undefined;
  /** The purpose's name ("Newsletters"); undefined when it is not there any more. */
  purposeName: string | undefined;
  /** The topics of the purpose the person is subscribed to now. */
  topics: string[];
}

/**
 * The person's consents for the purpose that stand now: the purpose as a whole if given, and each
 * topic given after the purpose's own latest entry (a withdrawal of the whole purpose covers every
 * topic of it, as the send path's check reads the ledger).
 */
function standingConsents(consents: readonly CurrentConsent[], purposeId: string): CurrentConsent[] {
  const whole = consents.find((c) => c.purposeId === purposeId && c.topicId === null);
  const after = (c: CurrentConsent) => !whole || c.since > whole.since || (c.since.getTime() === whole.since.getTime() && c.eventId > whole.eventId);
  return consents.filter((c) => c.purposeId === purposeId && c.state === 'given' && (c.topicId === null || after(c)));
}

async function topicNames(tx: OfficeTx, officeId: string, consents: readonly CurrentConsent[]): Promise<string[]> {
  const ids = new Set(consents.map((c) => c.topicId));
  return (await listTopicsIn(tx, officeId)).filter((t) => ids.has(t.id)).map((t) => t.name);
}

export async function unsubscribeView(deps: SubscriptionDeps, token: string): Promise<UnsubscribeView | undefined> {
  const claim = readUnsubscribeToken(deps.auth.masterKey, token);
  if (!claim) return undefined;
  const { officeId, personId, purposeId } = claim;
  const office = await findPublicOffice(deps.db, officeId);
  return withOffice(deps.db, officeId, async (tx) => {
    const purpose = await purposeIn(tx, officeId, purposeId);
    const given = (await personExists(tx, officeId, personId)) ? standingConsents((await currentConsents(tx, officeId, personId)).consents, purposeId) : [];
    return { office, purposeName: purpose?.name, topics: await topicNames(tx, officeId, given) };
  });
}

export const ONE_CLICK_WORDING = 'Unsubscribed with the one-click unsubscribe of an e-mail (RFC 8058 List-Unsubscribe).';
export const PAGE_WORDING = 'Unsubscribed on the unsubscribe page, from the link in an e-mail.';

/**
 * Withdraws the person's consent for the mailing's purpose (every topic of it) on the ledger and
 * puts the address the e-mail went to on the suppression list, in one transaction. Using the link
 * again changes nothing more. A person erased since has nothing left to withdraw; the answer is the
 * same. Undefined for a token Postbag did not sign: nothing is read or written for it.
 */
export async function unsubscribe(deps: SubscriptionDeps, token: string, via: 'page' | 'one_click', now = new Date()): Promise<UnsubscribeView | undefined> {
  const claim = readUnsubscribeToken(deps.auth.masterKey, token);
  if (!claim) return undefined;
  const { officeId, personId, purposeId, messageId } = claim;
  const office = await findPublicOffice(deps.db, officeId);
  return withOffice(deps.db, officeId, async (tx) => {
    const purpose = await purposeIn(tx, officeId, purposeId);
    if (!(await personExists(tx, officeId, personId)) || !purpose) return { office, purposeName: purpose?.name, topics: [] };
    const given = standingConsents((await currentConsents(tx, officeId, personId)).consents, purposeId);
    if (given.length) {
      await recordConsentEvent(deps.keystore, tx, officeId, systemActor, {
        personId,
        purposeId,
        topicId: null,
        kind: 'withdrawn',
        method: via === 'one_click' ? 'email' : 'web_form',
        wording: via === 'one_click' ? ONE_CLICK_WORDING : PAGE_WORDING,
        occurredAt: now,
      });
    }
    const address = await emailRecipient(tx, officeId, messageId, personId);
    if (address) await suppressAddress(deps.keystore, tx, officeId, { address, channel: 'email', reason: 'unsubscribed' });
    await recordAudit(tx, officeId, systemActor, { action: 'subscription.unsubscribed', recordType: 'message', recordIds: [messageId, personId] });
    return { office, purposeName: purpose.name, topics: await topicNames(tx, officeId, given) };
  });
}

// ---------------------------------------------------------------- the staff side

/** Each topic with how many people's current consent (from the ledger) covers it. */
export async function subscribersByTopic(db: Kysely<DB>, user: SignedInUser): Promise<TopicSubscribers> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    const topics = await listTopicsIn(tx, officeId);
    const rows = [];
    for (const topic of topics) {
      const purpose = await purposeIn(tx, officeId, topic.purposeId);
      rows.push({ id: topic.id, name: topic.name, purposeId: topic.purposeId, purposeName: purpose?.name ?? '', retired: topic.retiredAt !== null, subscribers: await countConsenting(tx, officeId, topic.purposeId, topic.id) });
    }
    return { topics: rows };
  });
}

/** How a person subscribed: each confirmed sign-up, with what it asked for and the words shown. */
export async function personSignups(db: Kysely<DB>, user: SignedInUser, personId: string): Promise<PersonSignups> {
  const { officeId } = user;
  return withOffice(db, officeId, async (tx) => {
    if (!(await personExists(tx, officeId, personId)) || !(await maySeePerson(tx, user, personId))) throw notFound('person');
    await assertPeopleMayBe(tx, officeId, [personId], 'read', { reader: user });
    const names = new Map((await listTopicsIn(tx, officeId)).map((t) => [t.id, t.name]));
    return {
      signups: (await repo.signupsOfPerson(tx, officeId, personId)).map((s) => ({
        id: s.id,
        requestedAt: s.created_at,
        confirmedAt: s.confirmed_at!,
        topics: s.topic_ids.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])),
        wording: s.wording,
        noticeVersion: s.notice_version,
      })),
    };
  });
}
