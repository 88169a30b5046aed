import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { isUuid } from './db/ids.js';
import type { DB } from './db/schema.js';
import { withOffice } from './db/scope.js';
import { type Actor, recordAudit, systemActor } from './platform/audit/audit.js';
import type { KeyStore } from './platform/crypto/keystore.js';
import { notFound } from './platform/errors/errors.js';
import { casesOfConstituent, caseIds, eraseConstituent, forgetMessages } from './modules/casework/service.js';
import { eraseConsent } from './modules/consent/service.js';
import { eraseMessages, keyOwnerIds, messagesOfPerson } from './modules/correspondence/service.js';
import { officeIds } from './modules/offices/service.js';
import { erasePersonRows, heldPersonIds, personExists, personIds } from './modules/people/service.js';

/**
 * Erasure of a person across the modules (docs/ARCHITECTURE.md, "Keys and erasure"). It lives at
 * the top, beside server.ts, because it spans modules: each module deletes its own rows through
 * its own service, in the order the foreign keys need.
 */
export interface ErasureDeps {
  db: Kysely<DB>;
  keystore: KeyStore;
}

export interface Erased {
  personId: string;
  /** Cases only they were on, erased whole. */
  caseIds: string[];
  /** Joint cases the others keep. */
  leftCaseIds: string[];
  messageCount: number;
}

/**
 * Erases a person: journals it (in the key store's database, so a restored backup of the main one
 * is erased again), destroys their person key, their messages' keys and the keys of cases only
 * they are on, then deletes their rows, audited in the same transaction (ids only). A person the
 * office does not hold is refused and nothing is journalled.
 */
export async function erasePerson(deps: ErasureDeps, actor: Actor, officeId: string, personId: string): Promise<Erased> {
  if (!isUuid(personId) || !(await withOffice(deps.db, officeId, (tx) => personExists(tx, officeId, personId)))) throw notFound('person');
  const person = personId.toLowerCase();
  // First, so that a crash anywhere below is finished when Postbag next starts.
  await deps.keystore.journalErasure(officeId, person);
  return withOffice(deps.db, officeId, async (tx) => {
    const cases = await casesOfConstituent(tx, officeId, person);
    const messageIds = await messagesOfPerson(tx, officeId, person, cases.theirsAlone);
    // Keys before rows: should the deletes fail, the data is unreadable already and the journal retries them.
    await deps.keystore.destroyKey(officeId, 'person', person);
    await deps.keystore.destroyKeys(officeId, 'message', messageIds);
    await deps.keystore.destroyKeys(officeId, 'case', cases.theirsAlone);
    await forgetMessages(tx, officeId, messageIds);
    await eraseMessages(tx, officeId, messageIds);
    await eraseConstituent(tx, officeId, person, cases);
    // The ledger goes; the person's addresses stay on the suppression list (as keyed hashes).
    await eraseConsent(tx, officeId, person);
    await erasePersonRows(tx, officeId, person);
    await recordAudit(tx, officeId, actor, { action: 'person.erased', recordType: 'person', recordIds: [person, ...cases.theirsAlone] });
    return { personId: person, caseIds: cases.theirsAlone, leftCaseIds: cases.joint, messageCount: messageIds.length };
  });
}

/**
 * At start-up: every journalled person the main database still holds (it was restored from a
 * backup taken before their erasure) is erased again. Returns how many.
 */
export async function replayErasureJournal(deps: ErasureDeps, logger: Logger): Promise<number> {
  const journalled = new Map<string, string[]>();
  for (const { officeId, personId } of await deps.keystore.erasureJournal()) journalled.set(officeId, [...(journalled.get(officeId) ?? []), personId]);
  let replayed = 0;
  // One query per office finds who is back, so a long journal costs start-up little when none is.
  for (const [officeId, personIds] of journalled) {
    for (const personId of await withOffice(deps.db, officeId, (tx) => heldPersonIds(tx, officeId, personIds))) {
      await erasePerson(deps, systemActor, officeId, personId);
      logger.warn({ officeId, personId }, 'erased again a person the erasure journal names: the main database was restored from an older backup');
      replayed++;
    }
  }
  return replayed;
}

/**
 * Key-store migration 0002 left the keys made before it in legacy_keys, as the key store cannot
 * tell a case id from a message id: the main database names them, once, at the first start.
 */
export async function sortLegacyKeys(deps: ErasureDeps): Promise<void> {
  if (!deps.keystore.hasLegacyKeys) return;
  for (const officeId of await officeIds(deps.db)) {
    const owners = await withOffice(deps.db, officeId, async (tx) => ({ persons: await personIds(tx, officeId), cases: await caseIds(tx, officeId), ...(await keyOwnerIds(tx, officeId)) }));
    await deps.keystore.sortLegacyKeys(officeId, 'person', owners.persons);
    await deps.keystore.sortLegacyKeys(officeId, 'case', owners.cases);
    await deps.keystore.sortLegacyKeys(officeId, 'message', owners.messages);
    await deps.keystore.sortLegacyKeys(officeId, 'mailbox', owners.mailboxes);
  }
  await deps.keystore.finishSortingLegacyKeys();
}
