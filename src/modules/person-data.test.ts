import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import type { DB } from '../db/schema.js';
import { PersonDataMap, type Subject } from '../platform/person-data/map.js';
import { personDataMap } from './person-data.js';

/** The map of where a person's data lives, against the migrated database's own catalogue. */

interface Reference {
  table: string;
  column: string;
  subject: Subject;
}

interface Catalogue {
  /** Every column that refers to a person, a case or a message (a foreign key to one, or named so), and each subject's own id. */
  references: Reference[];
  columns: Set<string>;
}

const subjectTables: Record<string, Subject> = { persons: 'person', cases: 'case', messages: 'message' };

async function readCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  // Foreign keys include office_id; the column that names the row is the one matched to `id`.
  const keys = await sql<{ table: string; column: string; target: string }>`
    SELECT src.relname AS table, a.attname AS column, dst.relname AS target
    FROM pg_constraint c
    JOIN pg_class src ON src.oid = c.conrelid
    JOIN pg_class dst ON dst.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = current_schema()
    CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(own, referenced)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.own
    JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = k.referenced
    WHERE c.contype = 'f' AND dst.relname IN ('persons', 'cases', 'messages') AND b.attname = 'id'`.execute(db);
  const columns = await sql<{ table: string; column: string }>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = current_schema()`.execute(db);
  const named = (column: string): Subject | undefined =>
    column === 'person_id' || column.endsWith('_person_id') ? 'person' : column === 'case_id' ? 'case' : column === 'message_id' ? 'message' : undefined;
  const found = new Map<string, Reference>();
  const add = (r: Reference) => found.set(`${r.table}.${r.column}`, r);
  for (const k of keys.rows) add({ table: k.table, column: k.column, subject: subjectTables[k.target]! });
  for (const c of columns.rows) {
    const subject = named(c.column);
    if (subject) add({ table: c.table, column: c.column, subject });
    if (c.column === 'id' && subjectTables[c.table]) add({ table: c.table, column: 'id', subject: subjectTables[c.table]! });
  }
  return { references: [...found.values()], columns: new Set(columns.rows.map((c) => `${c.table}.${c.column}`)) };
}

/** What the map leaves out, and what it names that the database does not have. */
function gaps(map: PersonDataMap, catalogue: Catalogue) {
  const missing = catalogue.references.filter((r) => map.table(r.table)?.refers[r.column] !== r.subject).map((r) => `${r.table}.${r.column} (${r.subject})`);
  const unknown = map.entries.flatMap((e) =>
    [...new Set([...Object.keys(e.refers), ...e.hangsFrom, ...Object.keys(e.columns)])].map((c) => `${e.table}.${c}`).filter((name) => !catalogue.columns.has(name)),
  );
  return { missing: missing.sort(), unknown };
}

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let catalogue: Catalogue;

beforeAll(async () => {
  database = await openTestDatabase();
  catalogue = await readCatalogue(database.db);
});
afterAll(() => database?.close());

describe('the map of where a person\'s data lives', () => {
  it('names every table and column that refers to a person, a case or a message, and nothing the database lacks', () => {
    // The catalogue itself is read: the foreign keys are there, the one without one (a deleted duplicate's id) too.
    expect(catalogue.references).toEqual(
      expect.arrayContaining([
        { table: 'messages', column: 'person_id', subject: 'person' },
        { table: 'case_events', column: 'message_id', subject: 'message' },
        { table: 'person_merges', column: 'merged_person_id', subject: 'person' },
      ]),
    );
    expect(gaps(personDataMap, catalogue)).toEqual({ missing: [], unknown: [] });
  });

  it('tells when a table is left out, or a column named that the database does not have', () => {
    const withoutMessages = new PersonDataMap(personDataMap.entries.filter((e) => e.table !== 'messages'));
    expect(gaps(withoutMessages, catalogue).missing).toEqual(['messages.case_id (case)', 'messages.id (message)', 'messages.person_id (person)']);

    const contactPoints = personDataMap.table('contact_points')!;
    const misnamed = new PersonDataMap([
      ...personDataMap.entries.filter((e) => e !== contactPoints),
      { ...contactPoints, refers: { owner_id: 'person' }, hangsFrom: ['owner_id'], columns: { ...contactPoints.columns, phone: { category: 'contact', bundle: 'include' } } },
    ]);
    expect(gaps(misnamed, catalogue)).toEqual({
      missing: ['contact_points.person_id (person)'],
      unknown: ['contact_points.owner_id', 'contact_points.phone'],
    });
  });

  it('refuses, at boot, a table named twice or a person column a merge would leave behind', () => {
    const messages = personDataMap.table('messages')!;
    expect(() => new PersonDataMap([...personDataMap.entries, messages])).toThrow(/names the table messages twice/);
    const others = personDataMap.entries.filter((e) => e !== messages);
    expect(() => new PersonDataMap([...others, { ...messages, merge: 'follows' }])).toThrow(/messages has a person column, so a merge must move it/);
    expect(() => new PersonDataMap([...others, { ...messages, hangsFrom: ['sent_at'] }])).toThrow(/messages\.sent_at is said to be what the rows hang from/);
  });
});
