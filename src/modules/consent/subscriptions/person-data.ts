import { personData } from '../../../platform/person-data/map.js';
import { moveSignups } from './repo.js';

/** The sign-ups' table in the map of where a person's data lives (platform/person-data). */
export const subscriptionsData = [
  personData({
    // Waiting, it hangs from its confirmation e-mail (whose key seals the address and name, and whose
    // erasure deletes it); confirmed, from the person too: how they subscribed.
    table: 'subscription_signups',
    module: 'consent',
    refers: { message_id: 'message', person_id: 'person' },
    hangsFrom: ['person_id', 'message_id'],
    columns: {
      email_sealed: { category: 'contact', sealed: 'message', bundle: 'include' },
      name_sealed: { category: 'identity', sealed: 'message', bundle: 'include' },
      topic_ids: { category: 'consent', bundle: 'include' },
      wording: { category: 'consent', bundle: 'include' },
      notice_version: { category: 'consent', bundle: 'include' },
      created_at: { category: 'consent', bundle: 'include' },
      expires_at: { category: 'activity', bundle: 'omit' },
      confirmed_at: { category: 'consent', bundle: 'include' },
      token_hash: { category: 'derived', bundle: 'omit' },
    },
    merge: { move: moveSignups, counted: 'subscriptionSignups' },
    rectify: 'none',
    erase: 'delete',
    restrict: 'block',
    retain: 'consent',
  }),
];
