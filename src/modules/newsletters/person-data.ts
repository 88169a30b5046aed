import { personData } from '../../platform/person-data/map.js';
import { moveRecipients } from './repo.js';

/** Newsletters' tables in the map of where a person's data lives (platform/person-data). */
export const newslettersData = [
  personData({
    // That a person was sent a mailing, and the e-mail it became (which is correspondence's, with its words).
    table: 'newsletter_recipients',
    module: 'newsletters',
    refers: { person_id: 'person', message_id: 'message' },
    hangsFrom: ['person_id'],
    columns: { refused_at: { category: 'activity', bundle: 'include' } },
    merge: { move: moveRecipients, counted: 'mailings' },
    rectify: 'none',
    erase: 'delete',
    restrict: 'block',
    retain: 'correspondence',
  }),
];
