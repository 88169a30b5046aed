import { base, en, en_GB, Faker } from '@faker-js/faker';
import { toNormalised } from 'postcode';
import type { Database } from '../db/database.js';
import type { DatumSource, DB } from '../db/schema.js';
import { newId } from '../db/ids.js';
import { deferIndexesWhileEmpty } from '../db/bulk-load.js';

/**
 * Deterministic synthetic constituents: the same seed gives the same people, so the demo office
 * and the benchmarks are reproducible. Names and postcodes come from pools drawn once with faker;
 * combining pools keeps a million rows fast. E-mail addresses use reserved example domains.
 */
export interface SyntheticPerson {
  /** Random (not from the seed): ids are keys, and two seeds' sequences may overlap. */
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  /** House and street, then town: a letter needs them as much as the postcode. */
  addressLines: [string, string];
  postcode: string;
  source: DatumSource;
}

const SOURCES: DatumSource[] = ['email', 'letter', 'phone', 'web_form', 'social_media', 'event', 'survey', 'petition', 'electoral_register'];
const DOMAINS = ['example.org', 'example.net', 'example.com'];

function pools(seed: number) {
  const faker = new Faker({ locale: [en_GB, en, base], seed });
  const draw = (n: number, f: () => string) => Array.from({ length: n }, f);
  return {
    given: draw(700, () => faker.person.firstName()),
    family: draw(1100, () => faker.person.lastName()),
    // faker's en_GB pattern also makes strings no postcode has (e.g. "DY98 37D"): keep valid ones, normalised.
    postcodes: draw(4000, () => {
      for (;;) {
        const postcode = toNormalised(faker.location.zipCode());
        if (postcode) return postcode;
      }
    }),
    streets: draw(3000, () => faker.location.streetAddress()),
    towns: draw(300, () => faker.location.city()),
  };
}

/** A small fast PRNG (mulberry32): Math.random cannot be seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* syntheticPeople(count: number, seed = 2026): Generator<SyntheticPerson> {
  const p = pools(seed);
  const random = prng(seed);
  // Addresses from a stream of their own, so adding them left the names a seed gives as they were.
  const randomPlace = prng(seed ^ 0x5eed);
  const pick = <T>(list: readonly T[], from = random): T => list[Math.floor(from() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const givenName = pick(p.given);
    const familyName = pick(p.family);
    const local = `${givenName}.${familyName}`.toLowerCase().replace(/[^a-z.]/g, '');
    const addressLines: [string, string] = [pick(p.streets, randomPlace), pick(p.towns, randomPlace)];
    yield { id: newId(), givenName, familyName, email: `${local}${i}@${pick(DOMAINS)}`, addressLines, postcode: pick(p.postcodes), source: pick(SOURCES) };
  }
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const personCopyColumns = ['office_id', 'id', 'given_name', 'family_name', 'source'] as const;
/** Each synthetic person's e-mail and postal address, as their preferred contact points. */
export const contactPointCopyColumns = ['id', 'office_id', 'person_id', 'kind', 'value', 'address_lines', 'postcode', 'preferred', 'source'] as const;

const personCsvLine = (officeId: string, p: SyntheticPerson) => `${officeId},${p.id},${csvField(p.givenName)},${csvField(p.familyName)},${p.source}\n`;

export function contactPointCsvLines(officeId: string, p: SyntheticPerson): string[] {
  const postcode = csvField(p.postcode);
  return [`${newId()},${officeId},${p.id},email,${csvField(p.email)},,,true,${p.source}\n`, `${newId()},${officeId},${p.id},postal_address,${postcode},${csvField(JSON.stringify(p.addressLines))},${postcode},true,${p.source}\n`];
}

export interface SeedOptions {
  seed?: number;
  /** People generated at a time, to bound memory. */
  batch?: number;
  /** The tables to load; the benchmark points these at bare copies to price the real ones. */
  into?: { persons: string; contactPoints: string };
}

/**
 * Loads `count` synthetic people (and their contact points) into an office with COPY, in one
 * transaction. Into empty tables, indexes and foreign keys are built after the rows (bulk-load.ts).
 * Lines are made as COPY sends them, so Node makes the next while the server stores the last.
 */
export async function seedPeople(database: Database<DB>, officeId: string, count: number, options: SeedOptions = {}): Promise<void> {
  // PGlite takes each COPY as one blob, held in this process with its copy in PGlite's heap.
  const { seed = 2026, batch = database.kind === 'pglite' ? 20_000 : 100_000, into = { persons: 'persons', contactPoints: 'contact_points' } } = options;
  const people = syntheticPeople(count, seed);
  await database.copyTransaction(async (tx) => {
    const restore = await deferIndexesWhileEmpty(tx, database.kind, [into.persons, into.contactPoints]);
    for (let first = 0; first < count; first += batch) {
      const made = Array.from({ length: Math.min(batch, count - first) }, () => people.next().value as SyntheticPerson);
      await tx.copyCsv(into.persons, personCopyColumns, lines(made, (p) => [personCsvLine(officeId, p)]));
      await tx.copyCsv(into.contactPoints, contactPointCopyColumns, lines(made, (p) => contactPointCsvLines(officeId, p)));
    }
    await restore();
  });
}

function* lines<T>(rows: readonly T[], toLines: (row: T) => string[]): Generator<string> {
  for (const row of rows) yield* toLines(row);
}
