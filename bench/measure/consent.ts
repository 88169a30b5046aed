import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { withOffice } from '../../src/db/scope.js';
import { addressHash, assertMayMarket, countConsenting, isSuppressed, suppressedAmong } from '../../src/modules/consent/service.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { seedSyntheticConsent } from '../../src/seed/synthetic-consent.js';
import type { Postbag } from '../../src/server.js';
import { mean, percentile, timed } from './stats.js';

/** Issue 13's targets: the suppression check under 1 ms a recipient, the audience count under 1 s (1,000,000 persons, 75,000 consenting). */
export const SUPPRESSION_TARGET_MS = 1;
export const CONSENT_COUNT_TARGET_SECONDS = 1;
/** Of every 1,000,000 persons, 75,000 consent to the newsletter. */
const CONSENTING_SHARE = 0.075;

interface Timing {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface ConsentFigures {
  consenting: number;
  events: number;
  suppressed: number;
  seedSeconds: number;
  /** People with current consent for the purpose now (after withdrawals and objections). */
  current: number;
  /** isSuppressed per recipient, each in its own office transaction, against the bare SELECT in the same kind of transaction. */
  suppressionCheck: Timing;
  suppressionCheckBare: Timing;
  /** isSuppressed for 1,000 recipients one after another in one office transaction, per recipient (ms). */
  suppressionInOneTransactionMs: number;
  /** suppressedAmong for 1,000 recipients in one query, per recipient (ms). */
  suppressionBatchedMs: number;
  /** How many of the 1,000 were found suppressed (both ways agree). */
  suppressedOfThousand: number;
  /** The whole marketing check for one recipient (standing, purpose, ledger, suppression). */
  mayMarket: Timing;
  /** countConsenting in an office transaction, against its SQL run by the owner without row level security. */
  count: Timing;
  countBare: Timing;
}

async function sample(iterations: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(20, iterations); i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), meanMs: mean(samples) };
}

export async function measureConsent(postbag: Postbag, people: number, log: (message: string) => void): Promise<ConsentFigures> {
  const { db } = postbag.database;
  const { keystore } = postbag;
  const officeId = DEMO_OFFICE_ID;
  const topic = await db.selectFrom('subscription_topics').select(['id', 'purpose_id']).where('office_id', '=', officeId).where('name', '=', 'Monthly newsletter').executeTakeFirstOrThrow();
  const consenting = Math.round(people * CONSENTING_SHARE);
  log(`consent: ${consenting.toLocaleString('en-GB')} of ${people.toLocaleString('en-GB')} people consenting, with withdrawals, objections and bounces`);
  const seeded = await timed(() => seedSyntheticConsent(postbag.database, keystore, officeId, { purposeId: topic.purpose_id, topicId: topic.id, consenting }));

  const recipients = await db
    .selectFrom('consent_events as e')
    .innerJoin('contact_points as cp', (j) => j.onRef('cp.office_id', '=', 'e.office_id').onRef('cp.person_id', '=', 'e.person_id').on('cp.kind', '=', 'email').on('cp.preferred', '=', true))
    .select(['e.person_id', 'cp.value'])
    .where('e.office_id', '=', officeId)
    .where('e.kind', '=', 'given')
    .orderBy('e.id')
    .limit(1000)
    .execute();
  const recipient = (i: number) => recipients[i % recipients.length]!;
  const iterations = 1000;
  const suppressionCheck = await sample(iterations, (i) => withOffice(db, officeId, (tx) => isSuppressed(keystore, tx, officeId, recipient(i).value)));
  const suppressionCheckBare = await sample(iterations, (i) =>
    withOffice(db, officeId, (tx) =>
      sql`SELECT 1 FROM suppressions WHERE office_id = ${officeId} AND address_hash = ${addressHash(keystore, officeId, { channel: 'email', value: recipient(i).value })}`.execute(tx),
    ),
  );
  const addresses = recipients.map((r) => r.value);
  const oneTransaction = await timed(() => withOffice(db, officeId, async (tx) => { let n = 0; for (const a of addresses) if (await isSuppressed(keystore, tx, officeId, a)) n++; return n; }));
  const batched = await timed(() => withOffice(db, officeId, (tx) => suppressedAmong(keystore, tx, officeId, addresses)));
  if (batched.value.size !== oneTransaction.value) throw new Error(`the batched suppression check found ${batched.value.size}, one by one ${oneTransaction.value}`);
  const mayMarket = await sample(iterations, (i) =>
    withOffice(db, officeId, (tx) =>
      assertMayMarket(keystore, tx, officeId, { personId: recipient(i).person_id, purposeId: topic.purpose_id, topicId: topic.id, address: recipient(i).value }).catch(() => undefined),
    ),
  );
  const current = await withOffice(db, officeId, (tx) => countConsenting(tx, officeId, topic.purpose_id, topic.id));
  const count = await sample(20, () => withOffice(db, officeId, (tx) => countConsenting(tx, officeId, topic.purpose_id, topic.id)));
  // The same statement by the owner, outside any office transaction: no row level security, no scoping.
  const countBare = await sample(20, () =>
    sql`SELECT count(*) FROM (
      SELECT DISTINCT ON (e.person_id) e.person_id, e.kind, e.occurred_at FROM consent_events e
      WHERE e.office_id = ${officeId} AND e.purpose_id = ${topic.purpose_id} AND (e.topic_id IS NULL OR e.topic_id = ${topic.id})
      ORDER BY e.person_id, e.occurred_at DESC, e.id DESC) l
    WHERE l.kind = 'given' AND NOT EXISTS (SELECT 1 FROM consent_events o
      WHERE o.office_id = ${officeId} AND o.person_id = l.person_id AND o.kind = 'objected' AND o.occurred_at >= l.occurred_at)`.execute(db),
  );
  return {
    consenting,
    ...seeded.value,
    seedSeconds: seeded.seconds,
    current,
    suppressionCheck,
    suppressionCheckBare,
    suppressionInOneTransactionMs: (oneTransaction.seconds * 1000) / addresses.length,
    suppressionBatchedMs: (batched.seconds * 1000) / addresses.length,
    suppressedOfThousand: oneTransaction.value,
    mayMarket,
    count,
    countBare,
  };
}
