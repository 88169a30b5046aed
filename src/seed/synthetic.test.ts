import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../test/support/app.js';
import { DEMO_OFFICE_ID } from './demo.js';
import { seedPeople, syntheticPeople } from './synthetic.js';
import { seedCases } from './synthetic-cases.js';

/** Bulk seeding on an office with no people yet: the rows, and the tables left as the migrations made them. */
let t: TestApp;
let manager: SignedInClient;

beforeAll(async () => {
  t = await createTestApp({}, { demo: { people: 0, cases: 0 } });
  manager = await t.signIn(demo.email('manager'));
});
afterAll(() => t?.close());

const TABLES = ['persons', 'contact_points', 'cases', 'case_constituents', 'case_topics', 'case_events', 'case_search_terms'];

/** Every index and constraint of the seeded tables, by name and definition. */
const schemaOf = async () =>
  (
    await sql<{ item: string }>`
      SELECT indexrelid::regclass::text || ': ' || pg_get_indexdef(indexrelid) AS item FROM pg_index WHERE indrelid = ANY(${TABLES}::regclass[])
      UNION ALL
      SELECT conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) || (CASE WHEN convalidated THEN '' ELSE ' (not validated)' END)
      FROM pg_constraint WHERE conrelid = ANY(${TABLES}::regclass[])
      ORDER BY 1`.execute(t.database.db)
  ).rows.map((r) => r.item);

const count = async (table: 'persons' | 'contact_points' | 'cases') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

const search = async (q: string) => {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/search', headers: manager.headers, payload: { q } });
  expect(response.statusCode).toBe(200);
  return (response.json() as { results: { type: string; id: string; title: string }[] }).results;
};

describe('seedPeople and seedCases', () => {
  let schema: string[];
  beforeAll(async () => {
    schema = await schemaOf();
  });

  it('loads nothing, and leaves every index and constraint, when a row breaks a constraint', async () => {
    const noSuchOffice = '0ff1ce00-0000-4000-8000-00000000dead';
    await expect(seedPeople(t.database, noSuchOffice, 300, { batch: 100 })).rejects.toThrow(/foreign key/);
    expect(await count('persons')).toBe(0);
    expect(await schemaOf()).toEqual(schema);
  });

  it('loads people with their contact points, findable by name, with the indexes and constraints back as they were', async () => {
    await seedPeople(t.database, DEMO_OFFICE_ID, 1_500, { batch: 600 });
    expect([await count('persons'), await count('contact_points')]).toEqual([1_500, 3_000]);
    expect(await schemaOf()).toEqual(schema);
    const last = [...syntheticPeople(1_500)].at(-1)!;
    const found = await search(`${last.givenName} ${last.familyName}`);
    expect(found.map((r) => r.title)).toContain(`${last.givenName} ${last.familyName}`);
  });

  it('adds more people to an office that has some', async () => {
    await seedPeople(t.database, DEMO_OFFICE_ID, 200, { seed: 7 });
    expect([await count('persons'), await count('contact_points')]).toEqual([1_700, 3_400]);
    expect(await schemaOf()).toEqual(schema);
  });

  it('loads cases sealed and searchable by the words of their summaries, with the indexes and constraints back as they were', async () => {
    const db = t.database.db;
    const staff = await db.selectFrom('users').select('id').where('office_id', '=', DEMO_OFFICE_ID).where('role', '=', 'caseworker').execute();
    const topics = await db.selectFrom('topics').select('id').where('office_id', '=', DEMO_OFFICE_ID).execute();
    const options = { ownerIds: staff.map((s) => s.id), topicIds: topics.map((s) => s.id), batch: 250 };
    await seedCases(t.database, t.keystore, DEMO_OFFICE_ID, 600, options);
    expect(await count('cases')).toBe(600);
    expect(await schemaOf()).toEqual(schema);
    // Case PB-000002's summary begins "Visa application delayed beyond" (synthetic-cases.ts).
    const found = await search('visa applic');
    expect(found.filter((r) => r.type === 'case').length).toBeGreaterThan(0);
  });
});
