import { createHmac, randomBytes } from 'node:crypto';
import { type ColumnType, type Generated, sql } from 'kysely';
import type { DatabaseTarget } from '../../config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { associatedData, DecryptionError, KEY_BYTES, open, seal } from './aead.js';
import { deriveKey, officeKey } from './master-key.js';
import { isUuid } from '../../db/ids.js';

/**
 * Envelope encryption of special category data and identifiers (DESIGN.md, invariant 3).
 *
 * Each data key is random, stored wrapped by its office's key (derived from the master key) in a
 * database of its own: backups of the main database then hold only ciphertext, and destroying a
 * key makes every copy of the data sealed with it unreadable, backups included (crypto-shredding).
 *
 * Keys are of four kinds, each in a table of its own: a person's (their identifiers), a case's (its
 * text: a case outlives a merge of its constituent's records, and a joint case belongs to no one
 * constituent), a message's (its texts, files and counterpart) and a mailbox's (its password).
 * Callers name the kind; the owner id is the person's, case's, message's or mailbox's id.
 *
 * A field ciphertext is `k<generation>.<sealed>`: the generation counts the owner's keys, so a
 * value sealed before an erasure stays unreadable after a new key is made for the same owner.
 */

export type KeyKind = 'person' | 'case' | 'message' | 'mailbox';

interface KeysTable {
  office_id: string;
  owner_id: string;
  generation: Generated<number>;
  wrapped_key: string | null;
  created_at: ColumnType<Date, never, Date>;
  destroyed_at: Date | null;
}

export interface KeyStoreSchema {
  person_keys: KeysTable;
  case_keys: KeysTable;
  message_keys: KeysTable;
  mailbox_keys: KeysTable;
  /** Keys made before key-store migration 0002, of unknown kind until sortLegacyKeys moves them. */
  legacy_keys: KeysTable;
  erasure_journal: { office_id: string; person_id: string; erased_at: ColumnType<Date, never, never> };
}

/** Every kind's table has the same columns, so one typed name serves the queries of all. */
const keyTables: Record<KeyKind, 'person_keys'> = {
  person: 'person_keys',
  case: 'case_keys' as 'person_keys',
  message: 'message_keys' as 'person_keys',
  mailbox: 'mailbox_keys' as 'person_keys',
};

export const keystoreMigrations = new URL('./keystore-migrations/', import.meta.url);

export class KeyDestroyedError extends Error {
  constructor(
    readonly officeId: string,
    readonly kind: KeyKind,
    readonly ownerId: string,
  ) {
    super(`This value cannot be read: the data of ${kind} ${ownerId} (office ${officeId}) was erased, and the key it was encrypted with destroyed.`);
    this.name = 'KeyDestroyedError';
  }
}

export interface FieldPlaintext {
  ownerId: string;
  field: string;
  /** Text, or the bytes of a file (an attachment). */
  plaintext: string | Buffer;
}

export interface FieldCiphertext {
  ownerId: string;
  field: string;
  ciphertext: string;
}

export interface KeyStoreOptions {
  /** Unwrapped keys kept in memory; default 10,000. */
  cacheSize?: number;
  /** How long a cached key is used before it is read again; default one minute. */
  cacheTtlMs?: number;
}

interface LiveKey {
  generation: number;
  key: Buffer;
}

/** What the key store holds for an owner: a live key, or (key null) the generation destroyed last. */
type StoredKey = LiveKey | { generation: number; key: null };

const INSERT_BATCH = 5_000; // three parameters a row, well under PostgreSQL's 65,535

export class KeyStore {
  private readonly cache: KeyCache;
  /** True while legacy_keys holds rows: a key made or read before they are sorted could be the wrong one. */
  private unsorted: boolean;

  /** Takes ownership of an open key store database whose migrations have run; most callers want `KeyStore.open`. */
  constructor(
    private readonly database: Database<KeyStoreSchema>,
    private readonly master: Buffer,
    options: KeyStoreOptions = {},
    unsorted = false,
  ) {
    if (master.length !== KEY_BYTES) throw new Error(`The master key must be ${KEY_BYTES} bytes; this one has ${master.length}.`);
    this.cache = new KeyCache(options.cacheSize ?? 10_000, options.cacheTtlMs ?? 60_000);
    this.unsorted = unsorted;
  }

  /** Opens the key store's own database (never the main one) and brings its schema up to date. */
  static async open(target: DatabaseTarget, master: Buffer, options?: KeyStoreOptions): Promise<KeyStore> {
    const database = await openDatabase<KeyStoreSchema>(target);
    try {
      await migrateToLatest(database.db, keystoreMigrations);
      const legacy = await database.db.selectFrom('legacy_keys').select('owner_id').limit(1).executeTakeFirst();
      return new KeyStore(database, master, options, legacy !== undefined);
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  /** Whether keys made before the key store kept each kind apart still wait for sortLegacyKeys. */
  get hasLegacyKeys(): boolean {
    return this.unsorted;
  }

  /**
   * Moves the legacy keys of these owners (named by the main database) to the table of their kind.
   * Call it for every kind, then finishSortingLegacyKeys.
   */
  async sortLegacyKeys(officeId: string, kind: KeyKind, ownerIds: readonly string[]): Promise<number> {
    const office = uuid(officeId, 'officeId');
    const owners = ownerIds.map((id) => uuid(id, 'ownerId'));
    let moved = 0;
    for (let i = 0; i < owners.length; i += INSERT_BATCH) {
      const batch = owners.slice(i, i + INSERT_BATCH);
      moved += await this.database.db.transaction().execute(async (tx) => {
        const rows = await tx
          .deleteFrom('legacy_keys')
          .where('office_id', '=', office)
          .where(sql<boolean>`owner_id = any(${batch}::uuid[])`)
          .returningAll()
          .execute();
        if (rows.length) await tx.insertInto(keyTables[kind]).values(rows).onConflict((oc) => oc.doNothing()).execute();
        return rows.length;
      });
    }
    return moved;
  }

  /**
   * The legacy keys no module claimed belong to nothing the main database still holds (erased or
   * merged people, removed mailboxes): they are kept as person keys, as the record of an erasure.
   */
  async finishSortingLegacyKeys(): Promise<number> {
    const moved = await this.database.db.transaction().execute(async (tx) => {
      const rows = await tx.deleteFrom('legacy_keys').returningAll().execute();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx.insertInto('person_keys').values(rows.slice(i, i + INSERT_BATCH)).onConflict((oc) => oc.doNothing()).execute();
      }
      return rows.length;
    });
    this.unsorted = false;
    return moved;
  }

  /**
   * Keyed hashes (HMAC-SHA-256 with a key derived for the office, first 8 bytes as a signed
   * 64-bit integer in decimal) of search terms, so that sealed text can be found by its words
   * without the words being stored. The same office and term always give the same hash.
   */
  searchTermHashes(officeId: string, terms: readonly string[]): string[] {
    const key = deriveKey(this.master, 'postbag/search-terms/v1', uuid(officeId, 'officeId'));
    return terms.map((term) => createHmac('sha256', key).update(term).digest().readBigInt64BE(0).toString());
  }

  /**
   * The keyed hash (HMAC-SHA-256, a key derived for the office) of a message's normalised text:
   * the same text gives the same signature in one office, and the signature shows nothing of it.
   */
  textSignature(officeId: string, normalisedText: string): Buffer {
    const key = deriveKey(this.master, 'postbag/text-signature/v1', uuid(officeId, 'officeId'));
    return createHmac('sha256', key).update(normalisedText).digest();
  }

  /**
   * The keyed hash (HMAC-SHA-256, a key derived for the office) of a normalised address for the
   * suppression list: the list can answer "is this address on it?" without holding the address.
   */
  addressHash(officeId: string, normalisedAddress: string): Buffer {
    const key = deriveKey(this.master, 'postbag/suppression/v1', uuid(officeId, 'officeId'));
    return createHmac('sha256', key).update(normalisedAddress).digest();
  }

  /** Makes the owner's data key on first use. The ciphertext only opens for this office, owner and field. */
  async encryptField(officeId: string, kind: KeyKind, ownerId: string, field: string, plaintext: string): Promise<string> {
    const [ciphertext] = await this.encryptMany(officeId, kind, [{ ownerId, field, plaintext }]);
    return ciphertext as string;
  }

  /** Throws KeyDestroyedError if the owner was erased, DecryptionError if the value was altered or moved. */
  async decryptField(officeId: string, kind: KeyKind, ownerId: string, field: string, ciphertext: string): Promise<string> {
    const [plaintext] = await this.decryptMany(officeId, kind, [{ ownerId, field, ciphertext }]);
    return plaintext as string;
  }

  /** Many values of one office and kind at once: one round trip for the keys, not one per owner. */
  async encryptMany(officeId: string, kind: KeyKind, items: readonly FieldPlaintext[]): Promise<string[]> {
    this.checkSorted();
    const office = uuid(officeId, 'officeId');
    const values = items.map((item) => ({ ...item, owner: uuid(item.ownerId, 'ownerId'), field: fieldName(item.field) }));
    const keys = await this.liveKeys(office, kind, values.map((v) => v.owner));
    return values.map((v) => {
      const { generation, key } = keys.get(v.owner) as LiveKey; // liveKeys has one for everyone, or threw
      return `k${generation}.${seal(key, v.plaintext, fieldAad(office, v.owner, generation, v.field))}`;
    });
  }

  async decryptMany(officeId: string, kind: KeyKind, items: readonly FieldCiphertext[]): Promise<string[]> {
    return (await this.decryptManyBytes(officeId, kind, items)).map((bytes) => bytes.toString('utf8'));
  }

  /** As decryptMany, for values sealed from bytes (files). */
  async decryptManyBytes(officeId: string, kind: KeyKind, items: readonly FieldCiphertext[]): Promise<Buffer[]> {
    this.checkSorted();
    const office = uuid(officeId, 'officeId');
    const values = items.map((item) => ({
      owner: uuid(item.ownerId, 'ownerId'),
      field: fieldName(item.field),
      ...parseCiphertext(item.ciphertext),
    }));
    const known = new Map<string, StoredKey>();
    const toRead = new Set<string>();
    for (const v of values) {
      // A cached key serves only its own generation; for any other, ask the database, where
      // another process may have destroyed or replaced the key.
      const cached = this.cache.get(cacheId(kind, office, v.owner));
      if (cached?.generation === v.generation) known.set(v.owner, cached);
      else toRead.add(v.owner);
    }
    for (const [owner, stored] of await this.read(office, kind, [...toRead])) known.set(owner, stored);
    return values.map((v) => {
      const stored = known.get(v.owner);
      if (!stored) {
        throw new DecryptionError(
          `Decryption failed: the key store has no data key for ${kind} ${v.owner} of office ${office}. ` +
            'The value was not encrypted for it, or the key store was restored from a backup older than the value.',
        );
      }
      if (v.generation > stored.generation) {
        throw new DecryptionError(
          `Decryption failed: the value names a newer data key than the key store holds for ${kind} ${v.owner}; ` +
            'the key store was restored from a backup older than the value.',
        );
      }
      if (!stored.key || v.generation < stored.generation) throw new KeyDestroyedError(office, kind, v.owner);
      return open(stored.key, v.sealed, fieldAad(office, v.owner, v.generation, v.field));
    });
  }

  /**
   * Erases an owner's encrypted data everywhere, backups included, by destroying their keys.
   * Idempotent. Call it before deleting the owner's rows from the main database: if that later
   * step fails, the data is already unreadable and a retry finishes the job.
   */
  async destroyKeys(officeId: string, kind: KeyKind, ownerIds: readonly string[]): Promise<void> {
    this.checkSorted();
    const office = uuid(officeId, 'officeId');
    const owners = [...new Set(ownerIds.map((id) => uuid(id, 'ownerId')))];
    const table = keyTables[kind];
    for (let i = 0; i < owners.length; i += INSERT_BATCH) {
      // Upsert: an owner who never had a key still gets a record of the erasure.
      await this.database.db
        .insertInto(table)
        .values(owners.slice(i, i + INSERT_BATCH).map((owner) => ({ office_id: office, owner_id: owner, wrapped_key: null, destroyed_at: sql<Date>`now()` })))
        .onConflict((oc) => oc.columns(['office_id', 'owner_id']).doUpdateSet({ wrapped_key: null, destroyed_at: sql<Date>`coalesce(${sql.ref(`${table}.destroyed_at`)}, now())` }))
        .execute();
    }
    for (const owner of owners) this.cache.delete(cacheId(kind, office, owner));
  }

  async destroyKey(officeId: string, kind: KeyKind, ownerId: string): Promise<void> {
    await this.destroyKeys(officeId, kind, [ownerId]);
  }

  /** Records a person's erasure (ids only) before any of it is done, so a restored backup is erased again. */
  async journalErasure(officeId: string, personId: string): Promise<void> {
    await this.database.db
      .insertInto('erasure_journal')
      .values({ office_id: uuid(officeId, 'officeId'), person_id: uuid(personId, 'personId') })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** Every erasure journalled, oldest first. */
  async erasureJournal(): Promise<{ officeId: string; personId: string }[]> {
    const rows = await this.database.db.selectFrom('erasure_journal').select(['office_id', 'person_id']).orderBy('erased_at').execute();
    return rows.map((r) => ({ officeId: r.office_id, personId: r.person_id }));
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  private checkSorted(): void {
    if (this.unsorted) throw new Error('The key store holds keys made before it kept each kind apart: sort them (sortLegacyKeys) before using any key.');
  }

  /**
   * A live key for every owner: made on first use, or anew after an erasure. Always read from the
   * key store, never the cache: a key another process destroyed a moment ago must not seal new
   * data, which could then never be read (the cache serves decryption only).
   */
  private async liveKeys(office: string, kind: KeyKind, owners: string[]): Promise<Map<string, LiveKey>> {
    const keys = new Map<string, LiveKey>();
    let missing = [...new Set(owners)];
    // Each pass loses only to a process that made or destroyed the same keys meanwhile.
    for (let pass = 1; missing.length > 0; pass++) {
      if (pass > 3) throw new Error(`Could not make data keys for ${missing.length} ${kind}s of office ${office}: other processes kept changing them.`);
      const stored = await this.read(office, kind, missing);
      const absent: string[] = [];
      const destroyed: [string, number][] = [];
      for (const owner of missing) {
        const s = stored.get(owner);
        if (!s) absent.push(owner);
        else if (s.key) keys.set(owner, s);
        else destroyed.push([owner, s.generation]);
      }
      await this.insertKeys(office, kind, absent, keys);
      for (const [owner, generation] of destroyed) await this.replaceKey(office, kind, owner, generation, keys);
      missing = missing.filter((owner) => !keys.has(owner));
    }
    return keys;
  }

  /** Reads and unwraps what the key store holds for these owners; caches the live keys. */
  private async read(office: string, kind: KeyKind, owners: string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    if (owners.length === 0) return found;
    const rows = await this.database.db
      .selectFrom(keyTables[kind])
      .select(['owner_id', 'generation', 'wrapped_key'])
      .where('office_id', '=', office)
      .where(sql<boolean>`owner_id = any(${owners}::uuid[])`)
      .execute();
    const wrappingKey = officeKey(this.master, office);
    for (const row of rows) {
      if (row.wrapped_key === null) {
        found.set(row.owner_id, { generation: row.generation, key: null });
        continue;
      }
      const live = { generation: row.generation, key: unwrap(wrappingKey, office, row.owner_id, row.generation, row.wrapped_key) };
      this.cache.set(cacheId(kind, office, row.owner_id), live);
      found.set(row.owner_id, live);
    }
    return found;
  }

  /** First keys; an owner whose key another process made meanwhile is left out of `into`. */
  private async insertKeys(office: string, kind: KeyKind, owners: string[], into: Map<string, LiveKey>): Promise<void> {
    const wrappingKey = officeKey(this.master, office);
    for (let i = 0; i < owners.length; i += INSERT_BATCH) {
      const fresh = new Map(owners.slice(i, i + INSERT_BATCH).map((owner) => [owner, randomBytes(KEY_BYTES)]));
      const inserted = await this.database.db
        .insertInto(keyTables[kind])
        .values([...fresh].map(([owner, key]) => ({ office_id: office, owner_id: owner, wrapped_key: wrap(wrappingKey, office, owner, 1, key) })))
        .onConflict((oc) => oc.columns(['office_id', 'owner_id']).doNothing())
        .returning('owner_id')
        .execute();
      for (const { owner_id } of inserted) this.remember(kind, office, owner_id, { generation: 1, key: fresh.get(owner_id) as Buffer }, into);
    }
  }

  /** The next generation's key after an erasure, unless another process replaced it first. */
  private async replaceKey(office: string, kind: KeyKind, owner: string, destroyedGeneration: number, into: Map<string, LiveKey>): Promise<void> {
    const generation = destroyedGeneration + 1;
    const key = randomBytes(KEY_BYTES);
    const replaced = await this.database.db
      .updateTable(keyTables[kind])
      .set({ generation, wrapped_key: wrap(officeKey(this.master, office), office, owner, generation, key), created_at: sql<Date>`now()`, destroyed_at: null })
      .where('office_id', '=', office)
      .where('owner_id', '=', owner)
      .where('generation', '=', destroyedGeneration)
      .where('wrapped_key', 'is', null)
      .returning('owner_id')
      .executeTakeFirst();
    if (replaced) this.remember(kind, office, owner, { generation, key }, into);
  }

  private remember(kind: KeyKind, office: string, owner: string, live: LiveKey, into: Map<string, LiveKey>): void {
    this.cache.set(cacheId(kind, office, owner), live);
    into.set(owner, live);
  }
}

/**
 * Unwrapped keys, least recently used first, so reads do not unwrap on every value. Bounded in
 * size; destroyKeys evicts the owner's entry at once, and entries expire after a TTL so a
 * key destroyed by another process stops being used here soon after.
 */
class KeyCache {
  private readonly entries = new Map<string, { live: LiveKey; expires: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get(id: string): LiveKey | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expires <= Date.now()) return undefined;
    this.entries.set(id, entry); // now the most recently used
    return entry.live;
  }

  set(id: string, live: LiveKey): void {
    this.entries.delete(id);
    this.entries.set(id, { live, expires: Date.now() + this.ttlMs });
    const oldest = this.entries.keys().next();
    if (this.entries.size > this.capacity && !oldest.done) this.entries.delete(oldest.value);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

/** Lower case, as PostgreSQL returns uuids: ids are part of keys and associated data, so one id must have one spelling. */
function uuid(value: string, what: string): string {
  if (!isUuid(value)) throw new TypeError(`${what} must be a uuid.`);
  return value.toLowerCase();
}

function fieldName(field: string): string {
  if (field.length === 0) throw new TypeError('field must name the field the value belongs to.');
  return field;
}

function cacheId(kind: KeyKind, office: string, owner: string): string {
  return `${kind}/${office}/${owner}`;
}

function parseCiphertext(ciphertext: string): { generation: number; sealed: string } {
  const match = /^k([1-9][0-9]{0,8})\.(.*)$/s.exec(ciphertext);
  if (!match) throw new DecryptionError('Decryption failed: not a value encrypted by the key store (expected k<generation>.v1.<iv>.<tag>.<ciphertext>).');
  return { generation: Number(match[1]), sealed: match[2] as string };
}

// The associated data names no kind, and the wrapping keeps its first label: values and keys
// sealed before the key store kept each kind apart still open (ids are unique across kinds).
function fieldAad(office: string, owner: string, generation: number, field: string): string {
  return associatedData('postbag/field', office, owner, generation, field);
}

function wrap(wrappingKey: Buffer, office: string, owner: string, generation: number, key: Buffer): string {
  return seal(wrappingKey, key, associatedData('postbag/person-key', office, owner, generation));
}

function unwrap(wrappingKey: Buffer, office: string, owner: string, generation: number, wrapped: string): Buffer {
  try {
    return open(wrappingKey, wrapped, associatedData('postbag/person-key', office, owner, generation));
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new DecryptionError(
      `Decryption failed: the data key of ${owner} of office ${office} cannot be unwrapped. ` +
        'The master key is not the one this key store was made with, or the key store was altered.',
    );
  }
}
