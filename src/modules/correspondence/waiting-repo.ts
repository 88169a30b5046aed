import type { OfficeTx } from '../../db/scope.js';

/**
 * The inbox for the home dashboard, in one aggregate statement: how many messages wait, for whom,
 * how long since each arrived, and the oldest. Counted whole, unlike the inbox page (which stops
 * at 1,000): the partial index on arrival makes it an index-only scan (migration 0023).
 */
export function waitingMessages(tx: OfficeTx, officeId: string, userId: string, arrivedAfter: { day: Date; threeDays: Date; week: Date }) {
  const received = 'received_at';
  return tx
    .selectFrom('messages')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.countAll<string>().filterWhere('assignee_user_id', '=', userId).as('given_to_user'),
      eb.fn.countAll<string>().filterWhere('assignee_user_id', 'is', null).as('unassigned'),
      eb.fn.countAll<string>().filterWhere(received, '>', arrivedAfter.day).as('age_day'),
      eb.fn.countAll<string>().filterWhere(received, '<=', arrivedAfter.day).filterWhere(received, '>', arrivedAfter.threeDays).as('age_three_days'),
      eb.fn.countAll<string>().filterWhere(received, '<=', arrivedAfter.threeDays).filterWhere(received, '>', arrivedAfter.week).as('age_week'),
      eb.fn.countAll<string>().filterWhere(received, '<=', arrivedAfter.week).as('age_older'),
      eb.fn.min(received).as('oldest'),
    ])
    .where('office_id', '=', officeId)
    .where('state', '=', 'inbox')
    .executeTakeFirstOrThrow();
}
