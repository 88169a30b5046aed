import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';
import type { KeyStore } from '../../src/platform/crypto/keystore.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { seedCases } from '../../src/seed/synthetic-cases.js';
import { timed } from './stats.js';

export interface CaseSeedingFigures {
  cases: number;
  seconds: number;
  casesPerSecond: number;
  /** Seconds for 300,000 cases at the measured rate (the measured time when N is 300,000). */
  projected300kSeconds: number;
  /** Keyed search-term rows written (word prefixes of the sealed summaries). */
  searchTerms: number;
  /** VACUUM ANALYZE of the seeded tables. */
  analyzeSeconds: number;
}

/**
 * Seeds `count` cases as the application stores them (sealed summaries, one key each, search terms),
 * opened over the five years up to now, so that the dashboard's recent weeks hold cases as an office's do.
 */
export async function measureCaseSeeding(database: Database<DB>, keystore: KeyStore, count: number, log: (message: string) => void): Promise<CaseSeedingFigures> {
  const { db } = database;
  const staff = await db.selectFrom('users').select(['id', 'role']).where('office_id', '=', DEMO_OFFICE_ID).execute();
  const topics = await db.selectFrom('topics').select('id').where('office_id', '=', DEMO_OFFICE_ID).execute();
  const ownerIds = staff.filter((u) => u.role === 'caseworker' || u.role === 'manager').map((u) => u.id);
  log(`seedCases: ${count.toLocaleString('en-GB')} cases`);
  const seeded = await timed(() => seedCases(database, keystore, DEMO_OFFICE_ID, count, { ownerIds, topicIds: topics.map((t) => t.id), openedUntil: new Date() }));
  // What autovacuum would have done by the time staff search: visibility maps set, statistics fresh.
  const analyzed = await timed(() => sql`VACUUM ANALYZE persons, contact_points, cases, case_constituents, case_topics, case_events, case_search_terms`.execute(db));
  const terms = await db.selectFrom('case_search_terms').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { cases: count, seconds: seeded.seconds, casesPerSecond: count / seeded.seconds, projected300kSeconds: (seeded.seconds * 300_000) / count, searchTerms: Number(terms.n), analyzeSeconds: analyzed.seconds };
}
