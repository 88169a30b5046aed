import { z } from 'zod';
import { ageBands, dueBands } from '../casework/service.js';
import { waitingAgeBands } from '../correspondence/service.js';

const count = z.number().int().min(0);
const bands = <T extends readonly [string, ...string[]]>(names: T) => z.array(z.object({ band: z.enum(names), count }));
/** Days from opening to closing, to one decimal; null when nothing closed. */
const medianDays = z.number().min(0).nullable();

const openCasesSchema = z.object({
  total: count,
  /** By time since opened: under a week, 1 to 4 weeks, 1 to 3 months, 3 to 12 months, over a year. */
  byAge: bands(ageBands),
  /** By due date: overdue, due within 7 days, later, no due date. */
  byDue: bands(dueBands),
});

export const dashboardSchema = z.object({
  /** 'mine': the caseworker's own cases and tasks; 'office': every case the user may see. */
  scope: z.enum(['mine', 'office']),
  /** Open cases: the user's own ('mine'), or the office's ('office'); only cases the user may see. */
  openCases: openCasesSchema,
  /** The caseworker's open tasks by due date; null on the office's dashboard (the home page lists one's tasks besides). */
  tasks: z.object({ total: count, byDue: bands(dueBands) }).nullable(),
  /** The inbox; null for roles that do not work it. */
  messages: z
    .object({
      total: count,
      givenToYou: count,
      unassigned: count,
      oldestReceivedAt: z.date().nullable(),
      /** By time since arrival: under a day, 1 to 3 days, 3 to 7 days, over a week. */
      byAge: bands(waitingAgeBands),
    })
    .nullable(),
  /** For the roles that oversee casework ('office'), else null. */
  office: z
    .object({
      /** Open cases by owner; userId null: no one owns them yet. */
      byOwner: z.array(z.object({ userId: z.uuid().nullable(), name: z.string().nullable(), open: count, overdue: count })),
      /** Open cases by topic, most first (a case with two topics counts under each); topicId null: the cases with no topic, last. */
      openByTopic: z.array(z.object({ topicId: z.uuid().nullable(), name: z.string().nullable(), open: count, overdue: count })),
      /** The last weeks (Monday to Sunday, UK time), oldest first, this one last. */
      weeks: z.array(z.object({ weekStarting: z.string(), opened: count, closed: count })),
      /** Cases closed in those weeks, and the median time to close them: all, and by topic (most closed first). */
      closing: z.object({
        closed: count,
        medianDays,
        byTopic: z.array(z.object({ topicId: z.uuid(), name: z.string(), closed: count, medianDays })),
      }),
    })
    .nullable(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
