import { deferIndexesWhileEmpty } from '../db/bulk-load.js';
import type { Database } from '../db/database.js';
import { newId } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import type { KeyStore } from '../platform/crypto/keystore.js';
import { addressHash } from '../modules/consent/service.js';

/**
 * Consent for benchmarks, loaded with COPY into the empty ledger (indexes and foreign keys after
 * the rows: bulk-load.ts): `consenting` people of the office, by id order, gave consent to the
 * purpose's topic; of them one in ten later withdrew, one in thirty objected, and one in twenty's
 * address was suppressed (a bounce). The wording, method and notice version vary as real ones do.
 */
export async function seedSyntheticConsent(
  database: Database<DB>,
  keystore: KeyStore,
  officeId: string,
  target: { purposeId: string; topicId: string; consenting: number },
): Promise<{ events: number; suppressed: number }> {
  const people = await database.db
    .selectFrom('persons as p')
    .leftJoin('contact_points as cp', (j) => j.onRef('cp.office_id', '=', 'p.office_id').onRef('cp.person_id', '=', 'p.id').on('cp.kind', '=', 'email').on('cp.preferred', '=', true))
    .select(['p.id', 'cp.value as email'])
    .where('p.office_id', '=', officeId)
    .orderBy('p.id')
    .limit(target.consenting)
    .execute();
  const start = Date.UTC(2025, 0, 1);
  const methods = ['web_form', 'web_form', 'web_form', 'paper', 'email', 'phone', 'in_person'];
  const wording = 'Yes, I would like to receive the monthly newsletter by e-mail. I can unsubscribe at any time.';
  const events: string[] = [];
  const suppressions: string[] = [];
  const line = (personId: string, topicId: string | null, kind: string, method: string, at: number) =>
    `${officeId},${newId()},${personId},${target.purposeId},${topicId ?? ''},${kind},${method},"${wording}",${1 + (at % 3)},${new Date(at).toISOString()},public_form\n`;
  people.forEach((p, i) => {
    const at = start + i * 37_000;
    events.push(line(p.id, target.topicId, 'given', methods[i % methods.length]!, at));
    if (i % 10 === 3) events.push(line(p.id, null, 'withdrawn', 'email', at + 86_400_000));
    if (i % 30 === 7) events.push(line(p.id, null, 'objected', 'phone', at + 2 * 86_400_000));
    if (i % 20 === 11 && p.email) suppressions.push(`${officeId},\\x${addressHash(keystore, officeId, { channel: 'email', value: p.email.trim().toLowerCase() }).toString('hex')},email,hard_bounce\n`);
  });
  await database.copyTransaction(async (tx) => {
    const restore = await deferIndexesWhileEmpty(tx, database.kind, ['consent_events', 'suppressions']);
    await tx.copyCsv('consent_events', ['office_id', 'id', 'person_id', 'purpose_id', 'topic_id', 'kind', 'method', 'wording', 'notice_version', 'occurred_at', 'recorded_via'], events);
    await tx.copyCsv('suppressions', ['office_id', 'address_hash', 'channel', 'reason'], suppressions);
    await restore();
    await tx.query('ANALYZE consent_events, suppressions');
  });
  return { events: events.length, suppressed: suppressions.length };
}
