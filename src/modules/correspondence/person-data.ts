import { personData } from '../../platform/person-data/map.js';
import { moveMessages } from './merge-repo.js';

/** Correspondence's tables in the map of where a person's data lives (platform/person-data). */
export const correspondenceData = [
  personData({
    table: 'messages',
    module: 'correspondence',
    refers: { id: 'message', person_id: 'person', case_id: 'case' },
    hangsFrom: ['person_id', 'case_id'],
    columns: {
      channel: { category: 'activity', bundle: 'include' },
      direction: { category: 'activity', bundle: 'include' },
      counterpart_address: { category: 'contact', bundle: 'include' },
      counterpart_name: { category: 'identity', bundle: 'include' },
      to_addresses: { category: 'contact', bundle: 'redact_third_parties' },
      subject_sealed: { category: 'correspondence', sealed: 'message', bundle: 'redact_third_parties' },
      body_sealed: { category: 'correspondence', sealed: 'message', bundle: 'redact_third_parties' },
      html_sealed: { category: 'correspondence', sealed: 'message', bundle: 'omit' },
      internet_message_id: { category: 'reference', bundle: 'omit' },
      in_reply_to: { category: 'reference', bundle: 'omit' },
      reference_ids: { category: 'reference', bundle: 'omit' },
      content_hash: { category: 'derived', bundle: 'omit' },
      occurred_at: { category: 'activity', bundle: 'include' },
      received_at: { category: 'activity', bundle: 'include' },
      sent_at: { category: 'activity', bundle: 'include' },
      out_of_constituency: { category: 'circumstances', bundle: 'include' },
    },
    merge: { move: moveMessages, counted: 'messages' },
    rectify: 'annotate',
    erase: 'delete',
    restrict: 'block',
    retain: 'correspondence',
  }),
  personData({
    table: 'attachments',
    module: 'correspondence',
    refers: { message_id: 'message' },
    hangsFrom: ['message_id'],
    columns: {
      filename_sealed: { category: 'correspondence', sealed: 'message', bundle: 'redact_third_parties' },
      content_sealed: { category: 'correspondence', sealed: 'message', bundle: 'redact_third_parties' },
      content_type: { category: 'activity', bundle: 'include' },
      size_bytes: { category: 'activity', bundle: 'include' },
      sha256: { category: 'derived', bundle: 'omit' },
    },
    merge: 'follows',
    rectify: 'annotate',
    erase: 'follows',
    restrict: 'follows',
    retain: 'correspondence',
  }),
];
