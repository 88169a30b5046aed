import { personData } from '../../platform/person-data/map.js';
import { moveEvents, moveEvidence } from './repo.js';

/** The consent module's tables in the map of where a person's data lives (platform/person-data). */
export const consentData = [
  personData({
    table: 'consent_events',
    module: 'consent',
    refers: { person_id: 'person' },
    hangsFrom: ['person_id'],
    columns: {
      purpose_id: { category: 'consent', bundle: 'include' },
      topic_id: { category: 'consent', bundle: 'include' },
      kind: { category: 'consent', bundle: 'include' },
      method: { category: 'consent', bundle: 'include' },
      wording: { category: 'consent', bundle: 'include' },
      notice_version: { category: 'consent', bundle: 'include' },
      evidence_id: { category: 'consent', bundle: 'include' },
      occurred_at: { category: 'consent', bundle: 'include' },
      recorded_at: { category: 'activity', bundle: 'include' },
      recorded_via: { category: 'provenance', bundle: 'include' },
    },
    // Append-only: the owner's function moves the rows (migration 0033).
    merge: { move: moveEvents, counted: 'consent entries' },
    // A record of what the person said is never rewritten: a later entry corrects it.
    rectify: 'annotate',
    erase: 'delete',
    restrict: 'block',
    retain: 'consent',
  }),
  personData({
    table: 'consent_evidence',
    module: 'consent',
    refers: { person_id: 'person' },
    hangsFrom: ['person_id'],
    columns: {
      filename_sealed: { category: 'consent', sealed: 'person', bundle: 'include' },
      content_sealed: { category: 'consent', sealed: 'person', bundle: 'include' },
      content_type: { category: 'consent', bundle: 'include' },
      created_at: { category: 'activity', bundle: 'include' },
    },
    merge: { move: moveEvidence },
    rectify: 'annotate',
    erase: 'delete',
    restrict: 'block',
    retain: 'consent',
  }),
  personData({
    // Keyed hashes of addresses, with no person column: nothing here names anyone without the
    // address itself, and the office must keep honouring an unsubscribe or objection after erasure.
    table: 'suppressions',
    module: 'consent',
    refers: {},
    hangsFrom: [],
    columns: {
      address_hash: { category: 'contact', bundle: 'omit' },
      reason: { category: 'consent', bundle: 'omit' },
      suppressed_at: { category: 'consent', bundle: 'omit' },
    },
    merge: 'follows',
    rectify: 'none',
    erase: { keep: 'an unsubscribe or objection must be honoured after erasure (UK GDPR Art. 21(3)); a keyed hash, with no person column, so the address cannot be read back from it' },
    restrict: { keep: 'it only ever stops marketing, which is what a restriction asks for' },
    retain: 'consent',
  }),
];
