import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateBelow, migrateToLatest } from '../../db/migrate.js';
import { createTestDatabases } from '../../../test/support/database.js';
import { DecryptionError } from './aead.js';
import { KeyDestroyedError, KeyStore, type KeyStoreOptions, type KeyStoreSchema, keystoreMigrations } from './keystore.js';

interface Context {
  store: KeyStore;
  database: Database<KeyStoreSchema>;
  master: Buffer;
  /** Another process on the same key store: its own cache, same database. */
  otherProcess(options?: KeyStoreOptions): KeyStore;
}

async function withKeyStore(run: (ctx: Context) => Promise<void>, options?: KeyStoreOptions): Promise<void> {
  const targets = await createTestDatabases();
  const database = await openDatabase<KeyStoreSchema>(targets.keystore);
  const master = randomBytes(32);
  try {
    await migrateToLatest(database.db, keystoreMigrations);
    const store = new KeyStore(database, master, options);
    await run({ store, database, master, otherProcess: (opts) => new KeyStore(database, master, opts) });
  } finally {
    await database.close();
    await targets.drop();
  }
}

async function tableNames<S>(db: Kysely<S>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db);
  return rows.map((r) => r.table_name);
}

/** Flips one bit of the AES-GCM ciphertext inside a field ciphertext (`k<gen>.v1.<iv>.<tag>.<ct>`). */
function tamper(ciphertext: string): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[4] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[4] = bytes.toString('base64url');
  return parts.join('.');
}

const office = randomUUID();

describe('KeyStore', () => {
  it('round-trips a field, making one data key per person', async () => {
    await withKeyStore(async ({ store, database }) => {
      const person = randomUUID();
      const ciphertext = await store.encryptField(office, 'person', person, 'health', 'Type 1 diabetes');
      expect(ciphertext).toMatch(/^k1\.v1\./);
      expect(ciphertext).not.toContain('diabetes');
      expect(await store.encryptField(office, 'person', person, 'health', 'Type 1 diabetes')).not.toBe(ciphertext);
      expect(await store.decryptField(office, 'person', person, 'health', ciphertext)).toBe('Type 1 diabetes');
      // Ids in another case name the same office and person.
      expect(await store.decryptField(office.toUpperCase(), 'person', person.toUpperCase(), 'health', ciphertext)).toBe('Type 1 diabetes');
      await store.encryptField(office, 'person', person, 'ni_number', 'QQ123456C');
      const rows = await database.db.selectFrom('person_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ office_id: office, owner_id: person, generation: 1, destroyed_at: null });
      expect(rows[0]?.wrapped_key).toMatch(/^v1\./);
    });
  });

  it('encrypts and decrypts many people at once', async () => {
    await withKeyStore(async ({ store, database, otherProcess }) => {
      const items = Array.from({ length: 200 }, (_, i) => ({ ownerId: randomUUID(), field: i % 2 ? 'dob' : 'health', plaintext: `value ${i}` }));
      const ciphertexts = await store.encryptMany(office, 'person', items);
      const toDecrypt = items.map((item, i) => ({ ownerId: item.ownerId, field: item.field, ciphertext: ciphertexts[i] as string }));
      expect(await store.decryptMany(office, 'person', toDecrypt)).toEqual(items.map((item) => item.plaintext));
      // A process with an empty cache unwraps the stored keys.
      expect(await otherProcess().decryptMany(office, 'person', toDecrypt)).toEqual(items.map((item) => item.plaintext));
      const { count } = await database.db.selectFrom('person_keys').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      expect(Number(count)).toBe(200);
    });
  });

  it('makes one key when many requests meet a new person at once', async () => {
    await withKeyStore(async ({ store, otherProcess, database }) => {
      const person = randomUUID();
      const stores = [store, otherProcess(), otherProcess()];
      const ciphertexts = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 3]?.encryptField(office, 'person', person, 'health', `v${i}`)));
      const plaintexts = await Promise.all(ciphertexts.map((c) => store.decryptField(office, 'person', person, 'health', c as string)));
      expect(plaintexts).toEqual(Array.from({ length: 9 }, (_, i) => `v${i}`));
      expect(await database.db.selectFrom('person_keys').selectAll().execute()).toHaveLength(1);
    });
  });

  it('detects tampering', async () => {
    await withKeyStore(async ({ store }) => {
      const person = randomUUID();
      const ciphertext = await store.encryptField(office, 'person', person, 'health', 'asthma');
      await expect(store.decryptField(office, 'person', person, 'health', tamper(ciphertext))).rejects.toThrow(DecryptionError);
      await expect(store.decryptField(office, 'person', person, 'health', ciphertext.replace(/^k1/, 'k2'))).rejects.toThrow(/newer data key/);
      await expect(store.decryptField(office, 'person', person, 'health', ciphertext.slice(3))).rejects.toThrow(DecryptionError);
    });
  });

  it('refuses a ciphertext moved to another person or another field', async () => {
    await withKeyStore(async ({ store }) => {
      const [alice, bob] = [randomUUID(), randomUUID()];
      const ciphertext = await store.encryptField(office, 'person', alice, 'health', 'asthma');
      await store.encryptField(office, 'person', bob, 'health', 'anything');
      await expect(store.decryptField(office, 'person', bob, 'health', ciphertext)).rejects.toThrow(DecryptionError);
      await expect(store.decryptField(office, 'person', alice, 'ni_number', ciphertext)).rejects.toThrow(DecryptionError);
      expect(await store.decryptField(office, 'person', alice, 'health', ciphertext)).toBe('asthma');
    });
  });

  it('refuses another office, a wrapped key moved between offices, and another master key', async () => {
    await withKeyStore(async ({ store, database }) => {
      const person = randomUUID();
      const otherOffice = randomUUID();
      const ciphertext = await store.encryptField(office, 'person', person, 'health', 'asthma');
      await expect(store.decryptField(otherOffice, 'person', person, 'health', ciphertext)).rejects.toThrow(/no data key for person/);

      // Even with the wrapped key copied into the other office, that office's key cannot unwrap it.
      const { wrapped_key } = await database.db.selectFrom('person_keys').select('wrapped_key').executeTakeFirstOrThrow();
      await database.db.insertInto('person_keys').values({ office_id: otherOffice, owner_id: person, wrapped_key }).execute();
      await expect(store.decryptField(otherOffice, 'person', person, 'health', ciphertext)).rejects.toThrow(/cannot be unwrapped/);

      const wrongMaster = new KeyStore(database, randomBytes(32));
      await expect(wrongMaster.decryptField(office, 'person', person, 'health', ciphertext)).rejects.toThrow(/master key is not the one/);
    });
  });

  it('destroying a key makes every copy unreadable, and a new key for the person does not revive them', async () => {
    await withKeyStore(async ({ store, database, otherProcess }) => {
      const person = randomUUID();
      const backup = await store.encryptField(office, 'person', person, 'health', 'asthma');
      expect(await store.decryptField(office, 'person', person, 'health', backup)).toBe('asthma'); // now cached

      await store.destroyKey(office, 'person', person);
      await store.destroyKey(office, 'person', person); // idempotent
      const row = await database.db.selectFrom('person_keys').selectAll().executeTakeFirstOrThrow();
      expect(row.wrapped_key).toBeNull();
      expect(row.destroyed_at).toBeInstanceOf(Date);
      await expect(store.decryptField(office, 'person', person, 'health', backup)).rejects.toThrow(KeyDestroyedError);
      await expect(store.decryptField(office, 'person', person, 'health', backup)).rejects.toThrow(/was erased/);
      await expect(otherProcess().decryptField(office, 'person', person, 'health', backup)).rejects.toThrow(KeyDestroyedError);

      const fresh = await store.encryptField(office, 'person', person, 'health', 'new case');
      expect(fresh).toMatch(/^k2\./);
      expect(await store.decryptField(office, 'person', person, 'health', fresh)).toBe('new case');
      await expect(store.decryptField(office, 'person', person, 'health', backup)).rejects.toThrow(KeyDestroyedError);
      // Relabelling the old value as the new generation only swaps one failure for another.
      await expect(store.decryptField(office, 'person', person, 'health', backup.replace(/^k1/, 'k2'))).rejects.toThrow(DecryptionError);
      const after = await database.db.selectFrom('person_keys').selectAll().executeTakeFirstOrThrow();
      expect(after).toMatchObject({ generation: 2, destroyed_at: null });
    });
  });

  it('records the erasure of a person who never had a key', async () => {
    await withKeyStore(async ({ store, database }) => {
      const person = randomUUID();
      await store.destroyKey(office, 'person', person);
      expect(await database.db.selectFrom('person_keys').selectAll().executeTakeFirstOrThrow()).toMatchObject({ wrapped_key: null, generation: 1 });
      const ciphertext = await store.encryptField(office, 'person', person, 'health', 'x');
      expect(await store.decryptField(office, 'person', person, 'health', ciphertext)).toBe('x');
    });
  });

  it('another process stops using a destroyed key once its cache entry expires, and reads new keys at once', async () => {
    await withKeyStore(async ({ store, otherProcess }) => {
      const person = randomUUID();
      const cachingProcess = otherProcess({ cacheTtlMs: 50 });
      const old = await cachingProcess.encryptField(office, 'person', person, 'health', 'old');
      await store.destroyKey(office, 'person', person);
      const fresh = await store.encryptField(office, 'person', person, 'health', 'new');
      expect(await cachingProcess.decryptField(office, 'person', person, 'health', fresh)).toBe('new');
      await sleep(60);
      await expect(cachingProcess.decryptField(office, 'person', person, 'health', old)).rejects.toThrow(KeyDestroyedError);
    });
  });

  it('never seals new data under a key another process has just destroyed', async () => {
    await withKeyStore(async ({ store, otherProcess }) => {
      const person = randomUUID();
      const cachingProcess = otherProcess({ cacheTtlMs: 60_000 });
      await cachingProcess.encryptField(office, 'person', person, 'health', 'before the erasure');
      await store.destroyKey(office, 'person', person);
      // The caching process still holds the old key in memory; what it writes now must stay readable.
      const written = await cachingProcess.encryptField(office, 'person', person, 'health', 'after the erasure');
      expect(await store.decryptField(office, 'person', person, 'health', written)).toBe('after the erasure');
    });
  });

  it('refuses ids that are not uuids and empty field names', async () => {
    await withKeyStore(async ({ store }) => {
      await expect(store.encryptField('office-1', 'person', randomUUID(), 'health', 'x')).rejects.toThrow(/officeId must be a uuid/);
      await expect(store.encryptField(office, 'person', 'alice@example.org', 'health', 'x')).rejects.toThrow(/ownerId must be a uuid/);
      await expect(store.encryptField(office, 'person', randomUUID(), '', 'x')).rejects.toThrow(/field must name/);
    });
  });

  it('lives in its own database, apart from the main one', async () => {
    // File-backed when on PGlite, so the key store can be opened again below.
    const dir = mkdtempSync(join(tmpdir(), 'postbag-keystore-'));
    const targets = await createTestDatabases(dir);
    try {
      const main = await openDatabase<unknown>(targets.main);
      try {
        await migrateToLatest(main.db);
        const store = await KeyStore.open(targets.keystore, randomBytes(32));
        await store.encryptField(office, 'person', randomUUID(), 'health', 'asthma');
        await store.close();
        expect(await tableNames(main.db)).not.toContain('person_keys');
      } finally {
        await main.close();
      }
      const keystore = await openDatabase<KeyStoreSchema>(targets.keystore);
      try {
        expect(await tableNames(keystore.db)).toContain('person_keys');
        await migrateBelow(keystore.db, '0001_person_keys', keystoreMigrations);
        expect(await tableNames(keystore.db)).not.toContain('person_keys');
      } finally {
        await keystore.close();
      }
    } finally {
      await targets.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sorts the keys made before it kept each kind apart into their tables, and back down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postbag-keystore-'));
    const targets = await createTestDatabases(dir);
    const master = randomBytes(32);
    const [person, aCase, message] = [randomUUID(), randomUUID(), randomUUID()];
    try {
      let store = await KeyStore.open(targets.keystore, master);
      const sealed = {
        person: await store.encryptField(office, 'person', person, 'date_of_birth', '1970-01-01'),
        case: await store.encryptField(office, 'case', aCase, 'case.summary', 'housing repairs'),
        message: await store.encryptField(office, 'message', message, 'message.subject', 'Damp'),
      };
      await store.close();
      // Down with keys in every table: one table again, every key kept.
      const database = await openDatabase<KeyStoreSchema>(targets.keystore);
      try {
        await migrateBelow(database.db, '0002_keys_by_kind', keystoreMigrations);
        const { rows } = await sql<{ person_id: string }>`SELECT person_id FROM person_keys ORDER BY person_id`.execute(database.db);
        expect(rows.map((r) => r.person_id)).toEqual([person, aCase, message].sort());
      } finally {
        await database.close();
      }

      store = await KeyStore.open(targets.keystore, master);
      expect(store.hasLegacyKeys).toBe(true);
      await expect(store.decryptField(office, 'case', aCase, 'case.summary', sealed.case)).rejects.toThrow(/sort them/);
      await expect(store.encryptField(office, 'case', randomUUID(), 'case.summary', 'x')).rejects.toThrow(/sort them/);
      expect(await store.sortLegacyKeys(office, 'case', [aCase, randomUUID()])).toBe(1);
      expect(await store.sortLegacyKeys(office, 'message', [message])).toBe(1);
      expect(await store.finishSortingLegacyKeys()).toBe(1);
      expect(store.hasLegacyKeys).toBe(false);
      expect(await store.decryptField(office, 'person', person, 'date_of_birth', sealed.person)).toBe('1970-01-01');
      expect(await store.decryptField(office, 'case', aCase, 'case.summary', sealed.case)).toBe('housing repairs');
      expect(await store.decryptField(office, 'message', message, 'message.subject', sealed.message)).toBe('Damp');
      // A key is found under its own kind only.
      await expect(store.decryptField(office, 'person', aCase, 'case.summary', sealed.case)).rejects.toThrow(/no data key for person/);
      await store.close();
      const reopened = await openDatabase<KeyStoreSchema>(targets.keystore);
      try {
        const owners = async (table: 'person_keys' | 'case_keys' | 'message_keys' | 'legacy_keys') =>
          (await reopened.db.selectFrom(table as 'person_keys').select('owner_id').execute()).map((r) => r.owner_id);
        expect({ person: await owners('person_keys'), case: await owners('case_keys'), message: await owners('message_keys'), legacy: await owners('legacy_keys') }).toEqual({
          person: [person],
          case: [aCase],
          message: [message],
          legacy: [],
        });
      } finally {
        await reopened.close();
      }
    } finally {
      await targets.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
