import type { z } from 'zod';
import { withOffice } from '../../../db/scope.js';
import type { SignedInUser } from '../../../platform/access/access.js';
import { soleHoldersOfHandles } from '../../people/service.js';
import { type CorrespondenceDeps, storeIncomingMany } from '../ingest.js';
import * as repo from '../repo.js';
import { sha256 } from '../attachments.js';
import { problemsOf } from './problems.js';
import { type ExportedSocialMessage, exportedSocialMessage, type pastedSocialMessage, type socialBody, type socialImportReply, type socialMessageReply } from './schemas.js';

type Platform = z.infer<typeof socialBody>['platform'];
type SocialMessage = Omit<ExportedSocialMessage, 'id'> & { id?: string };

/** Messages stored together, in one transaction; two batches at a time keep the CPU and the databases busy (as e-mail imports do). */
const BATCH = 50;
const CONCURRENCY = 2;

/**
 * Stores social media messages sent to the office, each once, linked to the person who has the
 * sender's handle as a contact point; they wait in the inbox for triage. A pasted message is one
 * request; an import (a platform's JSON export) stores what it can and says what it could not.
 */
export function recordSocial(deps: CorrespondenceDeps, user: SignedInUser, body: z.infer<typeof socialBody>) {
  return 'messages' in body ? importSocial(deps, user, body.platform, body.messages) : pasteSocial(deps, user, body);
}

async function pasteSocial(deps: CorrespondenceDeps, user: SignedInUser, message: z.infer<typeof pastedSocialMessage>): Promise<z.infer<typeof socialMessageReply>> {
  const { officeId } = user;
  const holders = await withOffice(deps.db, officeId, (tx) => soleHoldersOfHandles(tx, officeId, message.platform, [message.handle]));
  const [result] = await store(deps, user, message.platform, [message], holders);
  const stored = await withOffice(deps.db, officeId, (tx) => repo.findMessage(tx, officeId, result!.messageId));
  return { messageId: result!.messageId, duplicate: result!.outcome === 'duplicate', state: stored!.state, personId: stored!.person_id };
}

/** Each message is checked on its own: a bad one is reported by position and does not stop the others. */
async function importSocial(deps: CorrespondenceDeps, user: SignedInUser, platform: Platform, items: readonly unknown[]): Promise<z.infer<typeof socialImportReply>> {
  const { officeId } = user;
  const rejected: { position: number; reason: string }[] = [];
  const valid: ExportedSocialMessage[] = [];
  items.forEach((item, i) => {
    const parsed = exportedSocialMessage.safeParse(item);
    if (parsed.success) valid.push(parsed.data);
    else if (typeof item !== 'object' || item === null || Array.isArray(item)) rejected.push({ position: i + 1, reason: 'message must be an object: { id, handle, text, sentAt, url? }' });
    else rejected.push({ position: i + 1, reason: problemsOf(parsed.error, 'message').map((p) => `${p.path} ${p.message}`).join('; ') });
  });
  const holders = await withOffice(deps.db, officeId, (tx) => soleHoldersOfHandles(tx, officeId, platform, [...new Set(valid.map((m) => m.handle))]));
  let stored = 0;
  let next = 0;
  const worker = async () => {
    for (let start = next; start < valid.length; start = next) {
      next += BATCH;
      const results = await store(deps, user, platform, valid.slice(start, start + BATCH), holders);
      stored += results.filter((r) => r.outcome === 'stored').length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { received: items.length, stored, duplicates: valid.length - stored, rejected };
}

async function store(deps: CorrespondenceDeps, user: SignedInUser, platform: Platform, messages: readonly SocialMessage[], holders: ReadonlyMap<string, string>) {
  const incomings = messages.map((message) => ({
    channel: 'social_media' as const,
    contentHash: socialHash(platform, message),
    from: { address: message.handle, name: null },
    subject: null,
    text: message.text,
    occurredAt: message.sentAt,
    personId: holders.get(message.handle) ?? null,
    detail: { platform, ...(message.id ? { postId: message.id } : {}), ...(message.url ? { url: message.url } : {}) },
  }));
  return (await storeIncomingMany(deps, user.officeId, user, incomings)).map((result) => {
    if (result.outcome === 'rejected') throw new Error(`a social media message was rejected: ${result.reason}`); // only raw e-mail can be
    return result;
  });
}

/** A platform's own message id identifies a message; a pasted one (no id) is its sender, time and words. */
function socialHash(platform: Platform, message: SocialMessage): string {
  const identity = message.id !== undefined ? ['social', platform, 'id', message.id] : ['social', platform, message.handle, message.sentAt.toISOString(), message.text];
  return sha256(JSON.stringify(identity));
}
