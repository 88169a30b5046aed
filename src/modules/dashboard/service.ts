import type { AppContext } from '../../context.js';
import { withOffice } from '../../db/scope.js';
import { can, type SignedInUser } from '../../platform/access/access.js';
import { myCaseFigures, officeCaseFigures } from '../casework/service.js';
import { waitingMessages } from '../correspondence/service.js';
import type { Dashboard } from './schemas.js';

/**
 * The home dashboard: casework counts the cases and tasks, correspondence the inbox; this module
 * only chooses, by role, which figures the user gets, and reads them in one transaction so that
 * they agree with one another.
 */
export function dashboard(deps: Pick<AppContext, 'db'>, user: SignedInUser, now = new Date()): Promise<Dashboard> {
  return withOffice(deps.db, user.officeId, async (tx) => {
    const messages = can(user, 'inbox:read') ? await waitingMessages(tx, user, now) : null;
    if (can(user, 'cases:read-all')) {
      const { openCases, ...office } = await officeCaseFigures(tx, user, now);
      return { scope: 'office', openCases, tasks: null, messages, office };
    }
    const mine = await myCaseFigures(tx, user, now);
    return { scope: 'mine', openCases: mine.openCases, tasks: mine.tasks, messages, office: null };
  });
}
