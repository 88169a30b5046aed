import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { contactPointCsvLines, seedPeople, syntheticPeople } from '../../src/seed/synthetic.js';
import { timed } from './stats.js';

/** The generator's seed (seedPeople's default), so the raw COPY loads exactly the rows seedPeople did. */
export const PEOPLE_SEED = 2026;
/** Bare copies of the two tables seedPeople loads: the same columns, no keys, indexes or checks. */
const BARE = { persons: 'bench_bare_persons', contactPoints: 'bench_bare_contact_points' };

export interface SeedingFigures {
  people: number;
  /** Generating the people and their contact points' CSV, writing nothing: the generator's own cost. */
  generate: { seconds: number; rowsPerSecond: number; csvBytes: number };
  /** seedPeople into the real tables: a person and two contact points each (keys, indexes, checks). */
  seed: { seconds: number; peoplePerSecond: number };
  /** seedPeople, the same code and rows, into bare tables with the same columns and no keys or indexes. */
  rawCopy: { seconds: number; rowsPerSecond: number };
  /** seed seconds / raw COPY seconds: how much the real table costs over a bare COPY (1 = nothing). */
  seedOverRaw: number;
  /** ANALYZE persons and contact_points after seeding. */
  analyzeSeconds: number;
  /** Seconds for 1,000,000 people at the measured seed rate (the measured time when N is 1,000,000). */
  projectedMillionSeconds: number;
  /** pg_total_relation_size('persons') and its index share, after seeding. */
  personsBytes: { total: number; indexes: number };
}

export async function measureSeeding(
  database: Database<DB>,
  people: number,
  after: (phase: string) => void,
  log: (message: string) => void,
): Promise<SeedingFigures> {
  const { db } = database;

  log(`generating ${people.toLocaleString('en-GB')} rows (no writes)`);
  const generated = await timed(() => {
    let bytes = 0;
    for (const person of syntheticPeople(people, PEOPLE_SEED)) {
      for (const line of contactPointCsvLines(DEMO_OFFICE_ID, person)) bytes += line.length;
    }
    return bytes;
  });
  after('generated');

  const countPeople = async () =>
    Number((await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('office_id', '=', DEMO_OFFICE_ID).executeTakeFirstOrThrow()).n);
  const before = await countPeople();
  log(`seedPeople: ${people.toLocaleString('en-GB')} people into persons`);
  const seeded = await timed(() => seedPeople(database, DEMO_OFFICE_ID, people, { seed: PEOPLE_SEED }));
  const analyzed = await timed(() => sql`ANALYZE persons, contact_points`.execute(db));
  const added = (await countPeople()) - before;
  if (added !== people) throw new Error(`seedPeople added ${added} people to the office, not ${people}`);
  const sizes = await sql<{ total: string; indexes: string }>`SELECT pg_total_relation_size('persons') AS total, pg_indexes_size('persons') AS indexes`.execute(db);
  after('seeded');

  log(`raw COPY: the same rows into ${BARE.persons} and ${BARE.contactPoints}`);
  await sql`CREATE TABLE ${sql.table(BARE.persons)} (office_id uuid, id uuid, given_name text, family_name text, source text)`.execute(db);
  await sql`CREATE TABLE ${sql.table(BARE.contactPoints)} (id uuid, office_id uuid, person_id uuid, kind text, value text, address_lines jsonb, postcode text, preferred boolean, source text)`.execute(db);
  try {
    const raw = await timed(() => seedPeople(database, DEMO_OFFICE_ID, people, { seed: PEOPLE_SEED, into: BARE }));
    const bare = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(BARE.persons)}`.execute(db);
    if (Number(bare.rows[0]?.n) !== people) throw new Error(`the raw COPY loaded ${bare.rows[0]?.n} people, not ${people}`);
    after('raw copy');

    return {
      people,
      generate: { seconds: generated.seconds, rowsPerSecond: people / generated.seconds, csvBytes: generated.value },
      seed: { seconds: seeded.seconds, peoplePerSecond: people / seeded.seconds },
      rawCopy: { seconds: raw.seconds, rowsPerSecond: people / raw.seconds },
      seedOverRaw: seeded.seconds / raw.seconds,
      analyzeSeconds: analyzed.seconds,
      projectedMillionSeconds: (seeded.seconds * 1_000_000) / people,
      personsBytes: { total: Number(sizes.rows[0]?.total), indexes: Number(sizes.rows[0]?.indexes) },
    };
  } finally {
    await sql`DROP TABLE IF EXISTS ${sql.table(BARE.persons)}, ${sql.table(BARE.contactPoints)}`.execute(db);
  }
}
