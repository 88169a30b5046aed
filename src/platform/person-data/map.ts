import type { DB } from '../../db/schema.js';
import type { OfficeTx } from '../../db/scope.js';

/**
 * The map of where a person's data lives: every table and column that holds a person's data or
 * refers to a person, a case or a message, and how merging, the access bundle, rectification,
 * erasure, restriction and retention treat it. Each module describes its own tables
 * (modules/<name>/person-data.ts) and boot gathers them (modules/person-data.ts); the map knows
 * no module, so the modules that act on a whole person (merge, rights, retention, consent)
 * iterate it instead of keeping their own lists. A test compares it with the database catalogue.
 */

export type TableName = keyof DB & string;
type ColumnOf<T extends TableName> = keyof DB[T] & string;

/** What a column says about a person; the rules for bundles and retention differ by kind. */
export type DataCategory =
  /** Names, date of birth, NI number. */
  | 'identity'
  /** Addresses, e-mail addresses, phone numbers, social media handles. */
  | 'contact'
  /** Deceased, do not contact, vulnerable, a child: facts that change how the office may act. */
  | 'circumstances'
  /** Article 9 data (health, religion, ...) and the condition it is processed under. */
  | 'special_category'
  /** What a case is about: summary, outcome, notes, tasks. */
  | 'case_text'
  /** What was written to or from the office: messages, their senders, their files. */
  | 'correspondence'
  /** Who the person is linked to: organisations, cases they are a constituent on. */
  | 'relationship'
  /** Consent the person gave or refused, with when and how. */
  | 'consent'
  /** Where and when the office got the data (the bundle must say so). */
  | 'provenance'
  /** When and what was done: dates, states, what kind of record it is. */
  | 'activity'
  /** Computed from other data (search terms): goes and comes back with its source. */
  | 'derived'
  /** An id that points at a person, a case or a message and says nothing more. */
  | 'reference';

/** Whose data key a sealed column is sealed under (the key store's own names may change). */
export type KeyOwner = 'person' | 'case' | 'message';

/** What a column refers to, or, for a subject's own id, is. */
export type Subject = 'person' | 'case' | 'message';

/** In a person's access bundle: as it is, reviewed to redact other people (third parties), or left out. */
export type BundleRule = 'include' | 'redact_third_parties' | 'omit';

export interface ColumnRule {
  category: DataCategory;
  /** Sealed, and under whose key; absent for plain text. */
  sealed?: KeyOwner;
  bundle: BundleRule;
}

/**
 * Moves a duplicate person's rows to the person kept, dropping what the kept person already has;
 * answers how many rows it moved. Written in the owning module's repository, run in the merge's
 * transaction.
 */
export type MergeMove = (tx: OfficeTx, officeId: string, keepPersonId: string, mergePersonId: string) => Promise<number>;

export type MergeRule =
  /** The rows move to the kept person; `counted` names the count in the merge's record. */
  | { move: MergeMove; counted?: string }
  /** The person's own row: the owning service combines it into the kept one and deletes it. */
  | 'combine'
  /** No person column of its own: it stays with the case or message it belongs to, which moves. */
  | 'follows';

export type RectifyRule =
  /** Corrected in place. */
  | 'edit'
  /** A record of what was said or done is not rewritten: a correction is added beside it. */
  | 'annotate'
  /** Recomputed from what it is derived from. */
  | 'derived'
  /** Holds nothing that could be inaccurate (ids, links). */
  | 'none';

export type EraseRule =
  /** The rows are deleted and the keys they are sealed under destroyed. */
  | 'delete'
  /** Rows shared with other people (a joint case) stay for them without this person; the rest are deleted. */
  | 'delete_unless_shared'
  /** Goes with the case or message it belongs to. */
  | 'follows'
  /** Kept, for the reason given: it holds no data that could identify the person without another source (the suppression list). */
  | { keep: string };

export type RestrictRule =
  /** While the person is restricted, stored but neither shown nor changed nor used. */
  | 'block'
  /** Goes with the case or message it belongs to. */
  | 'follows'
  /** Still used while the person is restricted, for the reason given (it only ever stops processing). */
  | { keep: string };

/** Which retention period applies (the retention module sets the periods). */
export type RetentionCategory = 'constituent' | 'casework' | 'correspondence' | 'consent' | 'merge_history';

export interface PersonDataTable<T extends TableName = TableName> {
  table: T;
  /** The module whose repository reads and writes the table. */
  module: string;
  /** Every column that refers to a person, a case or a message (or is one's own id), and to which. */
  refers: Partial<Record<ColumnOf<T>, Subject>>;
  /** The columns the rows hang from a person by: a person column, or the case or message they belong to. */
  hangsFrom: readonly ColumnOf<T>[];
  /** The columns holding personal data. */
  columns: Partial<Record<ColumnOf<T>, ColumnRule>>;
  merge: MergeRule;
  rectify: RectifyRule;
  erase: EraseRule;
  restrict: RestrictRule;
  retain: RetentionCategory;
}

/** A table's entry as the map holds it: column names as plain strings, for iterating. */
export interface PersonDataEntry extends Omit<PersonDataTable, 'refers' | 'hangsFrom' | 'columns'> {
  refers: Readonly<Partial<Record<string, Subject>>>;
  hangsFrom: readonly string[];
  columns: Readonly<Partial<Record<string, ColumnRule>>>;
}

/** Checks a table's entry against the schema's types (table and column names) as it is written. */
export function personData<T extends TableName>(entry: PersonDataTable<T>): PersonDataEntry {
  return entry;
}

export class PersonDataMap {
  readonly entries: readonly PersonDataEntry[];

  constructor(entries: readonly PersonDataEntry[]) {
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.table)) throw new Error(`The person data map names the table ${entry.table} twice.`);
      seen.add(entry.table);
      for (const column of entry.hangsFrom) {
        if (!entry.refers[column]) throw new Error(`${entry.table}.${column} is said to be what the rows hang from, but refers to no person, case or message.`);
      }
      // A table with a person column of its own must say how a merge moves it: merging would
      // otherwise leave rows pointing at the deleted duplicate (the 500 this map was made to end).
      const ownsPersonColumn = Object.entries(entry.refers).some(([column, subject]) => subject === 'person' && column !== 'id');
      if (ownsPersonColumn && entry.merge === 'follows') throw new Error(`${entry.table} has a person column, so a merge must move it: give it a merge move.`);
    }
    this.entries = entries;
  }

  table(name: string): PersonDataEntry | undefined {
    return this.entries.find((e) => e.table === name);
  }

  /** The merge's moves, in the order the modules were gathered. */
  mergeMoves(): { table: string; move: MergeMove; counted?: string }[] {
    return this.entries.flatMap((e) => (typeof e.merge === 'object' ? [{ table: e.table, ...e.merge }] : []));
  }
}
