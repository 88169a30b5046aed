import { personData } from '../../platform/person-data/map.js';

/** The offices module's tables in the map of where a person's data lives (platform/person-data). */
export const officesData = [
  personData({
    // An invitation names the e-mail that carried it to a colleague: a message to staff, with no
    // constituent on it, so the invitation holds no constituent's data. Erasing that message
    // would clear the link (the foreign key sets it null), never the invitation.
    table: 'staff_invites',
    module: 'offices',
    refers: { message_id: 'message' },
    hangsFrom: ['message_id'],
    columns: {},
    merge: 'follows',
    rectify: 'none',
    erase: 'follows',
    restrict: 'follows',
    retain: 'correspondence',
  }),
];
