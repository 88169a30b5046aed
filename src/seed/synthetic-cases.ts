import { base, en, en_GB, Faker } from '@faker-js/faker';
import type { Database } from '../db/database.js';
import { newId } from '../db/ids.js';
import type { CaseStatus, DB } from '../db/schema.js';
import type { KeyStore } from '../platform/crypto/keystore.js';
import { detectSpecialCategories } from '../modules/casework/special-category.js';
import { caseField, indexTerms } from '../modules/casework/text.js';
import { withOffice } from '../db/scope.js';
import { deferIndexesWhileEmpty } from '../db/bulk-load.js';

/**
 * Synthetic cases for benchmarks, stored as the application stores them: summaries sealed under
 * each case's own key, keyed search terms, constituents, a topic and the "opened" event. Loaded
 * with COPY in batches, in one transaction (into empty tables, indexes and foreign keys are built
 * after the rows: bulk-load.ts); the key store makes one key per case.
 */

const OPENINGS = [
  'Universal Credit payment stopped after',
  'Visa application delayed beyond',
  'Council housing repair outstanding for',
  'PIP assessment appeal about',
  'School transport refused because of',
  'HMRC tax code error causing',
  'Planning objection to',
  'Passport renewal urgent for',
  'Child Maintenance arrears over',
  'Anti-social behaviour on the estate near',
  'Hospital waiting list for',
  'Bus route withdrawal leaving',
  'Energy bill dispute about',
  'Pension credit claim lost for',
  'Parking fine appeal about',
  'Damp and mould in flat at',
];
const STATUSES: CaseStatus[] = ['new', 'open', 'open', 'awaiting_agency', 'awaiting_constituent', 'closed', 'closed', 'closed'];

const csv = (value: string) => (/[",\n\r{}]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const caseCopyColumns = [
  'office_id', 'id', 'reference', 'person_id', 'summary_sealed', 'status', 'owner_user_id', 'opened_at', 'updated_at', 'due_on',
  'special_categories', 'article9_condition', 'article9_recorded_at', 'outcome', 'closed_at',
] as const;

export interface SeedCasesOptions {
  /** Owners, in turn; a sixth of cases have none. */
  ownerIds: readonly string[];
  topicIds: readonly string[];
  seed?: number;
  batch?: number;
  /** When the last case was opened; the cases spread over the five years before (default: the end of 2025). */
  openedUntil?: Date;
}

/** Loads `count` cases over the office's people (taken in id order, round and round). */
export async function seedCases(database: Database<DB>, keystore: KeyStore, officeId: string, count: number, options: SeedCasesOptions): Promise<void> {
  // PGlite takes each COPY as one blob (a batch's search terms: some 30 rows a case).
  const { seed = 2026, batch = database.kind === 'pglite' ? 5_000 : 20_000 } = options;
  const faker = new Faker({ locale: [en_GB, en, base], seed });
  const words = Array.from({ length: 3000 }, () => faker.word.noun());
  const people = await withOffice(database.db, officeId, (tx) =>
    tx.selectFrom('persons').select('id').where('office_id', '=', officeId).orderBy('id').limit(count).execute(),
  );
  if (people.length === 0) throw new Error('seedCases needs people in the office first');
  // Term hashes repeat across cases: hash each distinct term once. Kept as numbers too, to sort by.
  const hashes = new Map<string, { text: string; value: bigint }>();
  const hashOf = (term: string) => {
    let hash = hashes.get(term);
    if (hash === undefined) {
      const text = keystore.searchTermHashes(officeId, [term])[0]!;
      hash = { text, value: BigInt(text) };
      hashes.set(term, hash);
    }
    return hash;
  };
  const day = 86_400_000;
  const start = options.openedUntil ? options.openedUntil.getTime() - 5 * 365 * day : Date.UTC(2021, 0, 1);

  const prepare = async (first: number) => {
    const size = Math.min(batch, count - first);
    const cases = Array.from({ length: size }, (_, k) => {
      const i = first + k;
      const summary = `${OPENINGS[i % OPENINGS.length]} ${faker.helpers.arrayElement(words)} ${faker.helpers.arrayElement(words)} and ${faker.helpers.arrayElement(words)}`;
      return { i, id: newId(), summary, person: people[i % people.length]!.id };
    });
    const sealed = await keystore.encryptMany(officeId, 'case', cases.map((c) => ({ ownerId: c.id, field: caseField.summary, plaintext: c.summary })));
    const caseLines: string[] = [];
    const constituentLines: string[] = [];
    const topicLines: string[] = [];
    const eventLines: string[] = [];
    // Each term's rows, in case order (ids are time-ordered), so that they can go in key order.
    const byTerm = new Map<string, { value: bigint; lines: string[] }>();
    for (const [n, c] of cases.entries()) {
      const opened = new Date(start + (c.i / count) * 5 * 365 * day);
      const status = STATUSES[c.i % STATUSES.length]!;
      const owner = c.i % 6 === 0 ? '' : options.ownerIds[c.i % options.ownerIds.length]!;
      const categories = detectSpecialCategories(c.summary).map((f) => f.category);
      const due = c.i % 3 === 0 ? new Date(opened.getTime() + 28 * day).toISOString().slice(0, 10) : '';
      const closed = status === 'closed' ? new Date(opened.getTime() + 40 * day).toISOString() : '';
      const condition = categories.length ? ['dpa_sch1_para23', opened.toISOString()] : ['', ''];
      caseLines.push(
        [
          officeId, c.id, `PB-${String(c.i + 1).padStart(6, '0')}`, c.person, sealed[n]!, status, owner, opened.toISOString(), (closed || opened.toISOString()), due,
          csv(`{${categories.join(',')}}`), ...condition, status === 'closed' ? 'resolved' : '', closed,
        ].join(',') + '\n',
      );
      constituentLines.push(`${officeId},${c.id},${c.person}\n`);
      topicLines.push(`${officeId},${c.id},${options.topicIds[c.i % options.topicIds.length]!}\n`);
      eventLines.push(`${officeId},${newId()},${c.id},opened,${opened.toISOString()}\n`);
      for (const term of indexTerms(c.summary)) {
        const hash = hashOf(term);
        let rows = byTerm.get(hash.text);
        if (!rows) byTerm.set(hash.text, (rows = { value: hash.value, lines: [] }));
        rows.lines.push(`${officeId},${hash.text},${c.id}\n`);
      }
    }
    // In the order of the key (office, term, case): each batch then passes once along the
    // index's leaves instead of landing at random places in it (terms are hashes).
    const termLines = [...byTerm.values()].sort((x, y) => (x.value < y.value ? -1 : x.value > y.value ? 1 : 0)).flatMap((rows) => rows.lines);
    return { caseLines, constituentLines, topicLines, eventLines, termLines };
  };

  await database.copyTransaction(async (tx) => {
    const restore = await deferIndexesWhileEmpty(tx, database.kind, ['cases', 'case_constituents', 'case_topics', 'case_events', 'case_search_terms']);
    // The next batch is sealed (its keys made in the key store) while this one is copied.
    let next = prepare(0);
    for (let first = 0; first < count; first += batch) {
      const ready = await next;
      if (first + batch < count) {
        next = prepare(first + batch);
        next.catch(() => {}); // awaited on the next pass, unless a COPY fails first
      }
      await tx.copyCsv('cases', caseCopyColumns, ready.caseLines);
      await tx.copyCsv('case_constituents', ['office_id', 'case_id', 'person_id'], ready.constituentLines);
      await tx.copyCsv('case_topics', ['office_id', 'case_id', 'topic_id'], ready.topicLines);
      await tx.copyCsv('case_events', ['office_id', 'id', 'case_id', 'kind', 'at'], ready.eventLines);
      await tx.copyCsv('case_search_terms', ['office_id', 'term', 'case_id'], ready.termLines);
    }
    await restore();
  });
  await withOffice(database.db, officeId, (tx) =>
    tx
      .insertInto('office_counters')
      .values({ office_id: officeId, name: 'case_reference', value: count })
      .onConflict((oc) => oc.columns(['office_id', 'name']).doUpdateSet({ value: count }))
      .execute(),
  );
}
