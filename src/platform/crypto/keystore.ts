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
 * Each person has a random data key, stored wrapped by their office's key (derived from the master
 * key) in a database of its own: backups of the main database then hold only ciphertext, and
 * destroying a person's key makes every copy of their encrypted data unreadable, backups included
 * (crypto-shredding).
 *
 * A case's text has a data key of its own, kept under the case's id: the key store only needs
 * the id to be unique, and a case outlives a merge of its constituent's records.
 *
 * A field ciphertext is `k<generation>.<sealed>`: the generation counts the person's keys, so a
 * value sealed before an erasure stays unreadable after a new key is made for the same person.
 */

export interface KeyStoreSchema {
  person_keys: {
    office_id: string;
    person_id: string;
    generation: Generated<number>;
    wrapped_key: string | null;
    created_at: ColumnType<Date, never, Date>;
    destroyed_at: Date | null;
  };
}

export const keystoreMigrations = new URL('./keystore-migrations/', import.meta.url);

export class KeyDestroyedError extends Error {
  constructor(
    readonly officeId: string,
    readonly personId: string,
  ) {
    super(`This value cannot be read: the data of person ${personId} (office ${officeId}) was erased, and the key it was encrypted with destroyed.`);
    this.name = 'KeyDestroyedError';
  }
}

export interface FieldPlaintext {
  personId: string;
  field: string;
  /** Text, or the bytes of a file (an attachment). */
  plaintext: string | Buffer;
}

export interface FieldCiphertext {
  personId: string;
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

/** What the key store holds for a person: a live key, or (key null) the generation destroyed last. */
type StoredKey = LiveKey | { generation: number; key: null };

const INSERT_BATCH = 5_000; // three parameters a row, well under PostgreSQL's 65,535

export class KeyStore {
  private readonly cache: KeyCache;

  /** Takes ownership of an open key store database whose migrations have run; most callers want `KeyStore.open`. */
  constructor(
    private readonly database: Database<KeyStoreSchema>,
    private readonly master: Buffer,
    options: KeyStoreOptions = {},
  ) {
    if (master.length !== KEY_BYTES) throw new Error(`The master key must be ${KEY_BYTES} bytes; this one has ${master.length}.`);
    this.cache = new KeyCache(options.cacheSize ?? 10_000, options.cacheTtlMs ?? 60_000);
  }

  /** Opens the key store's own database (never the main one) and brings its schema up to date. */
  static async open(target: DatabaseTarget, master: Buffer, options?: KeyStoreOptions): Promise<KeyStore> {
    const database = await openDatabase<KeyStoreSchema>(target);
    try {
      await migrateToLatest(database.db, keystoreMigrations);
      return new KeyStore(database, master, options);
    } catch (error) {
      await database.close();
      throw error;
    }
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

  /** Makes the person's data key on first use. The ciphertext only opens for this office, person and field. */
  async encryptField(officeId: string, personId: string, field: string, plaintext: string): Promise<string> {
    const [ciphertext] = await this.encryptMany(officeId, [{ personId, field, plaintext }]);
    return ciphertext as string;
  }

  /** Throws KeyDestroyedError if the person was erased, DecryptionError if the value was altered or moved. */
  async decryptField(officeId: string, personId: string, field: string, ciphertext: string): Promise<string> {
    const [plaintext] = await this.decryptMany(officeId, [{ personId, field, ciphertext }]);
    return plaintext as string;
  }

  /** Many values of one office at once: one round trip for the keys, not one per person. */
  async encryptMany(officeId: string, items: readonly FieldPlaintext[]): Promise<string[]> {
    const office = uuid(officeId, 'officeId');
    const values = items.map((item) => ({ ...item, person: uuid(item.personId, 'personId'), field: fieldName(item.field) }));
    const keys = await this.liveKeys(office, values.map((v) => v.person));
    return values.map((v) => {
      const { generation, key } = keys.get(v.person) as LiveKey; // liveKeys has one for everyone, or threw
      return `k${generation}.${seal(key, v.plaintext, fieldAad(office, v.person, generation, v.field))}`;
    });
  }

  async decryptMany(officeId: string, items: readonly FieldCiphertext[]): Promise<string[]> {
    return (await this.decryptManyBytes(officeId, items)).map((bytes) => bytes.toString('utf8'));
  }

  /** As decryptMany, for values sealed from bytes (files). */
  async decryptManyBytes(officeId: string, items: readonly FieldCiphertext[]): Promise<Buffer[]> {
    const office = uuid(officeId, 'officeId');
    const values = items.map((item) => ({
      person: uuid(item.personId, 'personId'),
      field: fieldName(item.field),
      ...parseCiphertext(item.ciphertext),
    }));
    const known = new Map<string, StoredKey>();
    const toRead = new Set<string>();
    for (const v of values) {
      // A cached key serves only its own generation; for any other, ask the database, where
      // another process may have destroyed or replaced the key.
      const cached = this.cache.get(cacheId(office, v.person));
      if (cached?.generation === v.generation) known.set(v.person, cached);
      else toRead.add(v.person);
    }
    for (const [person, stored] of await this.read(office, [...toRead])) known.set(person, stored);
    return values.map((v) => {
      const stored = known.get(v.person);
      if (!stored) {
        throw new DecryptionError(
          `Decryption failed: the key store has no data key for person ${v.person} of office ${office}. ` +
            'The value was not encrypted for them, or the key store was restored from a backup older than the value.',
        );
      }
      if (v.generation > stored.generation) {
        throw new DecryptionError(
          `Decryption failed: the value names a newer data key than the key store holds for person ${v.person}; ` +
            'the key store was restored from a backup older than the value.',
        );
      }
      if (!stored.key || v.generation < stored.generation) throw new KeyDestroyedError(office, v.person);
      return open(stored.key, v.sealed, fieldAad(office, v.person, v.generation, v.field));
    });
  }

  /**
   * Erases a person's encrypted data everywhere, backups included, by destroying their key.
   * Idempotent. Call it before deleting the person's rows from the main database: if that later
   * step fails, the data is already unreadable and a retry finishes the job.
   */
  async destroyPersonKey(officeId: string, personId: string): Promise<void> {
    const office = uuid(officeId, 'officeId');
    const person = uuid(personId, 'personId');
    // Upsert: a person who never had a key still gets a record of the erasure.
    await this.database.db
      .insertInto('person_keys')
      .values({ office_id: office, person_id: person, wrapped_key: null, destroyed_at: sql<Date>`now()` })
      .onConflict((oc) =>
        oc.columns(['office_id', 'person_id']).doUpdateSet({ wrapped_key: null, destroyed_at: sql<Date>`coalesce(person_keys.destroyed_at, now())` }),
      )
      .execute();
    this.cache.delete(cacheId(office, person));
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  /**
   * A live key for every person: made on first use, or anew after an erasure. Always read from the
   * key store, never the cache: a key another process destroyed a moment ago must not seal new
   * data, which could then never be read (the cache serves decryption only).
   */
  private async liveKeys(office: string, persons: string[]): Promise<Map<string, LiveKey>> {
    const keys = new Map<string, LiveKey>();
    let missing = [...new Set(persons)];
    // Each pass loses only to a process that made or destroyed the same keys meanwhile.
    for (let pass = 1; missing.length > 0; pass++) {
      if (pass > 3) throw new Error(`Could not make data keys for ${missing.length} people of office ${office}: other processes kept changing them.`);
      const stored = await this.read(office, missing);
      const absent: string[] = [];
      const destroyed: [string, number][] = [];
      for (const person of missing) {
        const s = stored.get(person);
        if (!s) absent.push(person);
        else if (s.key) keys.set(person, s);
        else destroyed.push([person, s.generation]);
      }
      await this.insertKeys(office, absent, keys);
      for (const [person, generation] of destroyed) await this.replaceKey(office, person, generation, keys);
      missing = missing.filter((person) => !keys.has(person));
    }
    return keys;
  }

  /** Reads and unwraps what the key store holds for these people; caches the live keys. */
  private async read(office: string, persons: string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    if (persons.length === 0) return found;
    const rows = await this.database.db
      .selectFrom('person_keys')
      .select(['person_id', 'generation', 'wrapped_key'])
      .where('office_id', '=', office)
      .where(sql<boolean>`person_id = any(${persons}::uuid[])`)
      .execute();
    const wrappingKey = officeKey(this.master, office);
    for (const row of rows) {
      if (row.wrapped_key === null) {
        found.set(row.person_id, { generation: row.generation, key: null });
        continue;
      }
      const live = { generation: row.generation, key: unwrap(wrappingKey, office, row.person_id, row.generation, row.wrapped_key) };
      this.cache.set(cacheId(office, row.person_id), live);
      found.set(row.person_id, live);
    }
    return found;
  }

  /** First keys; a person whose key another process made meanwhile is left out of `into`. */
  private async insertKeys(office: string, persons: string[], into: Map<string, LiveKey>): Promise<void> {
    const wrappingKey = officeKey(this.master, office);
    for (let i = 0; i < persons.length; i += INSERT_BATCH) {
      const fresh = new Map(persons.slice(i, i + INSERT_BATCH).map((person) => [person, randomBytes(KEY_BYTES)]));
      const inserted = await this.database.db
        .insertInto('person_keys')
        .values([...fresh].map(([person, key]) => ({ office_id: office, person_id: person, wrapped_key: wrap(wrappingKey, office, person, 1, key) })))
        .onConflict((oc) => oc.columns(['office_id', 'person_id']).doNothing())
        .returning('person_id')
        .execute();
      for (const { person_id } of inserted) this.remember(office, person_id, { generation: 1, key: fresh.get(person_id) as Buffer }, into);
    }
  }

  /** The next generation's key after an erasure, unless another process replaced it first. */
  private async replaceKey(office: string, person: string, destroyedGeneration: number, into: Map<string, LiveKey>): Promise<void> {
    const generation = destroyedGeneration + 1;
    const key = randomBytes(KEY_BYTES);
    const replaced = await this.database.db
      .updateTable('person_keys')
      .set({ generation, wrapped_key: wrap(officeKey(this.master, office), office, person, generation, key), created_at: sql<Date>`now()`, destroyed_at: null })
      .where('office_id', '=', office)
      .where('person_id', '=', person)
      .where('generation', '=', destroyedGeneration)
      .where('wrapped_key', 'is', null)
      .returning('person_id')
      .executeTakeFirst();
    if (replaced) this.remember(office, person, { generation, key }, into);
  }

  private remember(office: string, person: string, live: LiveKey, into: Map<string, LiveKey>): void {
    this.cache.set(cacheId(office, person), live);
    into.set(person, live);
  }
}

/**
 * Unwrapped keys, least recently used first, so reads do not unwrap on every value. Bounded in
 * size; destroyPersonKey evicts the person's entry at once, and entries expire after a TTL so a
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

function cacheId(office: string, person: string): string {
  return `${office}/${person}`;
}

function parseCiphertext(ciphertext: string): { generation: number; sealed: string } {
  const match = /^k([1-9][0-9]{0,8})\.(.*)$/s.exec(ciphertext);
  if (!match) throw new DecryptionError('Decryption failed: not a value encrypted by the key store (expected k<generation>.v1.<iv>.<tag>.<ciphertext>).');
  return { generation: Number(match[1]), sealed: match[2] as string };
}

function fieldAad(office: string, person: string, generation: number, field: string): string {
  return associatedData('postbag/field', office, person, generation, field);
}

function wrap(wrappingKey: Buffer, office: string, person: string, generation: number, key: Buffer): string {
  return seal(wrappingKey, key, associatedData('postbag/person-key', office, person, generation));
}

function unwrap(wrappingKey: Buffer, office: string, person: string, generation: number, wrapped: string): Buffer {
  try {
    return open(wrappingKey, wrapped, associatedData('postbag/person-key', office, person, generation));
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new DecryptionError(
      `Decryption failed: the data key of person ${person} of office ${office} cannot be unwrapped. ` +
        'The master key is not the one this key store was made with, or the key store was altered.',
    );
  }
}
