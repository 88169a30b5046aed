import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import type { DB } from './db/schema.js';
import { erasePerson } from './erasure.js';
import { caseField } from './modules/casework/text.js';
import { messageField } from './modules/correspondence/sealing.js';
import { systemActor } from './platform/audit/audit.js';
import { KeyDestroyedError } from './platform/crypto/keystore.js';
import { DEMO_OFFICE_ID, seedDemoOffice } from './seed/demo.js';
import { type Postbag, startPostbag } from './server.js';
import { signIn, type TestApp } from '../test/support/app.js';
import { createTestDatabases, postgresEnv, testServerUrl, type TestDatabases } from '../test/support/database.js';
import { expectUnchanged, tableContents } from '../test/support/unchanged.js';
import { client } from './modules/casework/test-fixtures/support.js';
import { email, importMail } from './modules/correspondence/test-fixtures/mail.js';

/** Every row of every table, as text: what a reader of the main database (or of a backup) could see. */
async function contents(db: Kysely<DB>): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const all: Record<string, string[]> = {};
  for (const { tablename } of rows) {
    const table = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(tablename)} t ORDER BY 1`.execute(db);
    all[tablename] = table.rows.map((r) => r.row);
  }
  return all;
}

/** Each column the map of a person's data says refers to a person, with the rows in it that still name this one. */
async function rowsReferringTo(postbag: Postbag, personId: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of postbag.ctx.personData.entries) {
    for (const [column, subject] of Object.entries(entry.refers)) {
      if (subject !== 'person') continue;
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(entry.table)} WHERE ${sql.ref(column)} = ${personId}`.execute(postbag.database.db);
      if (Number(rows[0]!.n) > 0) found.push(`${entry.table}.${column}: ${rows[0]!.n}`);
    }
  }
  return found;
}

const mentions = (all: Record<string, string[]>, words: readonly string[]) =>
  Object.entries(all).flatMap(([table, rows]) => rows.filter((row) => words.some((w) => row.toLowerCase().includes(w.toLowerCase()))).map((row) => `${table}: ${row}`));

/** A copy of the main database as it is now, and a way to put it back (pg_dump and pg_restore, or PGlite's data directory). */
async function backUp(targets: TestDatabases, dir: string): Promise<() => Promise<void>> {
  const main = targets.main;
  if (main.kind === 'pglite') {
    await cp(main.dataDir, `${dir}/backup`, { recursive: true });
    return async () => {
      await rm(main.dataDir, { recursive: true, force: true });
      await cp(`${dir}/backup`, main.dataDir, { recursive: true });
    };
  }
  const file = `${dir}/main.dump`;
  execFileSync('pg_dump', ['--format=custom', `--file=${file}`, main.url]);
  return async () => {
    const name = new URL(main.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testServerUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    execFileSync('pg_restore', ['--exit-on-error', `--dbname=${main.url}`, file]);
  };
}

it('a main database restored from a backup taken before an erasure brings nothing of the person back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postbag-erasure-'));
  const targets = await createTestDatabases(dir);
  const env = {
    NODE_ENV: 'test',
    POSTBAG_LOG_LEVEL: 'silent',
    POSTBAG_MASTER_KEY: randomBytes(32).toString('base64'),
    POSTBAG_JOBS: 'false',
    ...(postgresEnv(targets) ?? { POSTBAG_DATA_DIR: dir }),
  };
  const start = () => startPostbag(loadConfig(env));
  const asTestApp = (postbag: Postbag) => ({ ...postbag, signIn: (address: string) => signIn(postbag.app, address) }) as TestApp;
  const words = ['Zephyrine', 'Quillfeather', 'zephyrine.q@mail.example', 'heating has failed', 'B63 3AA'];
  try {
    let postbag = await start();
    await seedDemoOffice(postbag.database.db, postbag.keystore, { people: 5, cases: 2 });
    const owen = await signIn(postbag.app, 'caseworker@postbag.example');
    const api = client(asTestApp(postbag), owen);
    const zephyrine = await api.created('/people', {
      givenName: 'Zephyrine',
      familyName: 'Quillfeather',
      source: 'email',
      identifiers: { dateOfBirth: '1961-02-03' },
      contactPoints: [
        { kind: 'email', value: 'zephyrine.q@mail.example', source: 'email' },
        { kind: 'postal_address', lines: ['1 Mill Lane'], postcode: 'B63 3AA', source: 'email' },
      ],
    });
    const neighbour = await api.created('/people', { givenName: 'Neil', familyName: 'Nextdoor', source: 'email' });
    const alone = await api.created('/cases', { constituentIds: [zephyrine.id], summary: 'Zephyrine says the heating has failed' });
    const joint = await api.created('/cases', { constituentIds: [zephyrine.id, neighbour.id], summary: 'Blocked drains on the shared path' });
    const imported = await importMail(postbag.app, owen, email({ from: 'Zephyrine Quillfeather <zephyrine.q@mail.example>', subject: 'Quillfeather: heating has failed' }));
    expect(imported.statusCode, imported.body).toBe(200);
    const db = postbag.database.db;
    const message = await db.selectFrom('messages').select(['id', 'subject_sealed']).where('person_id', '=', zephyrine.id).executeTakeFirstOrThrow();
    const { date_of_birth_sealed: dobSealed } = await db.selectFrom('persons').select('date_of_birth_sealed').where('id', '=', zephyrine.id).executeTakeFirstOrThrow();
    const { summary_sealed: aloneSummary } = await db.selectFrom('cases').select('summary_sealed').where('id', '=', alone.id).executeTakeFirstOrThrow();
    expect(mentions(await contents(db), words)).not.toEqual([]);

    // Bad input: refused, and nothing written anywhere, the key store's journal included.
    const before = await tableContents(postbag);
    await expect(erasePerson(postbag.ctx, systemActor, DEMO_OFFICE_ID, randomUUID())).rejects.toThrow(/No person with that id/);
    await expectUnchanged(postbag, before);
    expect(await postbag.keystore.erasureJournal()).toEqual([]);

    await postbag.close();
    const restore = await backUp(targets, dir);
    postbag = await start();

    const erased = await erasePerson(postbag.ctx, systemActor, DEMO_OFFICE_ID, zephyrine.id);
    expect(erased).toEqual({ personId: zephyrine.id, caseIds: [alone.id], leftCaseIds: [joint.id], messageCount: 1 });
    expect(mentions(await contents(postbag.database.db), words)).toEqual([]);
    expect(await rowsReferringTo(postbag, zephyrine.id)).toEqual([]);
    // The neighbour keeps the joint case, its text readable.
    const kept = await client(asTestApp(postbag), await signIn(postbag.app, 'caseworker@postbag.example')).ok('GET', `/cases/${joint.id}`);
    expect({ summary: kept.summary, constituents: kept.constituents.map((c: { id: string }) => c.id) }).toEqual({ summary: 'Blocked drains on the shared path', constituents: [neighbour.id] });
    const audit = await postbag.database.db.selectFrom('audit_log').select(['action', 'record_ids']).where('action', '=', 'person.erased').execute();
    expect(audit).toEqual([{ action: 'person.erased', record_ids: [zephyrine.id, alone.id] }]);
    await postbag.close();

    // The backup comes back: the person is in it, in plain text.
    await restore();
    const restored = await openDatabase<DB>(targets.main);
    try {
      expect(mentions(await contents(restored.db), words)).not.toEqual([]);
    } finally {
      await restored.close();
    }

    postbag = await start();
    try {
      expect(mentions(await contents(postbag.database.db), words)).toEqual([]);
      const keystore = postbag.keystore;
      await expect(keystore.decryptField(DEMO_OFFICE_ID, 'person', zephyrine.id, 'date_of_birth', dobSealed!)).rejects.toThrow(KeyDestroyedError);
      await expect(keystore.decryptField(DEMO_OFFICE_ID, 'message', message.id, messageField.subject, message.subject_sealed!)).rejects.toThrow(KeyDestroyedError);
      await expect(keystore.decryptField(DEMO_OFFICE_ID, 'case', alone.id, caseField.summary, aloneSummary!)).rejects.toThrow(KeyDestroyedError);
      const cases = await postbag.database.db.selectFrom('case_constituents').select(['case_id', 'person_id']).where('case_id', 'in', [alone.id, joint.id]).execute();
      expect(cases).toEqual([{ case_id: joint.id, person_id: neighbour.id }]);
    } finally {
      await postbag.close();
    }
  } finally {
    await targets.drop();
    await rm(dir, { recursive: true, force: true });
  }
});
