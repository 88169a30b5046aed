import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type OfficeTx, withOffice } from '../../db/scope.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { SignedInUser } from '../../platform/access/access.js';
import * as repo from './repo.js';
import * as waiting from './waiting-repo.js';
import { sealMessages } from './sealing.js';

/** The one send path for an e-mail another module writes (an acknowledgement, a colleague's invitation), in that module's transaction. */
export { casework, type MessageKind, openSendStates, queueEmail, sendStatesIn, withdrawEmail } from './outbound/send.js';
export { sendStateSchema } from './outbound/schemas.js';
// The public sign-up and unsubscribe pages (consent/subscriptions) find the office as /contact does, and the address a mailing went to.
export { findPublicOffice, onlyOffice } from './contact-form/service.js';
export type { PublicOffice } from './contact-form/repo.js';
export { emailRecipient } from './outbound/repo.js';

/**
 * A message that reached someone before they were on record (a sign-up's confirmation e-mail)
 * becomes theirs once they are, so that erasing them, or their access bundle, finds it.
 */
export function linkMessageToPerson(tx: OfficeTx, officeId: string, messageId: string, personId: string): Promise<void> {
  return repo.updateMessage(tx, officeId, messageId, { person_id: personId });
}

/** A mailing's report: how many of its e-mails bounced for good (delivery reports), in the caller's transaction. */
export { bouncedAmong } from './delivery/repo.js';
/** Merge fields and their values for a message about no case (newsletters render each recipient's copy with them). */
export { fieldsIn, type MergeValues, mergeFields, render } from './outbound/merge.js';
export { officeMergeContext, type OfficeMergeContext, personValues } from './outbound/values.js';
export { sendStateCounts } from './outbound/counts-repo.js';

/**
 * What correspondence offers outside the module: queuing an e-mail, the steps of an erasure, the
 * key store's sorting of legacy keys, the start-up sealing of counterparts stored before
 * migration 0015, and the dashboard's count of the inbox.
 */

/** Every message and mailbox id of the office, for sorting the key store's legacy keys. */
export function keyOwnerIds(tx: OfficeTx, officeId: string): Promise<{ messages: string[]; mailboxes: string[] }> {
  return repo.keyOwnerIds(tx, officeId);
}

/** The messages an erasure of the person takes: theirs, and those filed on the cases erased with them. */
export function messagesOfPerson(tx: OfficeTx, officeId: string, personId: string, erasedCaseIds: readonly string[]): Promise<string[]> {
  return repo.messagesOfPerson(tx, officeId, personId, erasedCaseIds);
}

/** Correspondence's step of an erasure: the messages (their keys destroyed first) and their attachments. */
export function eraseMessages(tx: OfficeTx, officeId: string, messageIds: readonly string[]): Promise<void> {
  return repo.deleteMessages(tx, officeId, messageIds);
}

/**
 * Seals the counterparts of messages stored before migration 0015, 500 at a time (sealed before
 * each transaction opens: the key store is another database), and clears the plain text. At start-up.
 */
export async function sealLegacyCounterparts(db: Kysely<DB>, keystore: KeyStore): Promise<number> {
  let sealedCount = 0;
  for (const officeId of await repo.officesWithPlainCounterparts(db)) {
    for (;;) {
      const batch = await withOffice(db, officeId, (tx) => repo.plainCounterparts(tx, officeId, 500));
      if (batch.length === 0) break;
      const sealed = await sealMessages(
        keystore,
        officeId,
        batch.map((m) => ({ messageId: m.id, texts: { subject: null, body: null, html: null, counterpartAddress: m.counterpart_address, counterpartName: m.counterpart_name }, files: [] })),
      );
      await withOffice(db, officeId, async (tx) => {
        for (const [i, m] of batch.entries()) {
          const { counterpart_address_sealed, counterpart_name_sealed } = sealed[i]!.texts;
          await repo.sealCounterpart(tx, officeId, m.id, { counterpart_address_sealed, counterpart_name_sealed });
        }
      });
      sealedCount += batch.length;
    }
  }
  return sealedCount;
}

export const waitingAgeBands = ['day', 'three_days', 'week', 'older'] as const;

/** Correspondence's part of the home dashboard: the messages waiting in the inbox, in the caller's transaction. */
export async function waitingMessages(tx: OfficeTx, user: Pick<SignedInUser, 'officeId' | 'userId'>, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const row = await waiting.waitingMessages(tx, user.officeId, user.userId, { day: ago(1), threeDays: ago(3), week: ago(7) });
  return {
    total: Number(row.total),
    givenToYou: Number(row.given_to_user),
    unassigned: Number(row.unassigned),
    oldestReceivedAt: row.oldest === null ? null : new Date(row.oldest),
    byAge: waitingAgeBands.map((band) => ({ band, count: Number(row[`age_${band}`]) })),
  };
}
