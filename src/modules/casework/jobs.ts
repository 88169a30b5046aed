import type { JobKind, Jobs } from '../../job-kinds.js';
import * as timeline from './timeline-repo.js';

export const TASK_REMINDER = 'case.task_reminder' satisfies JobKind;

/**
 * A task's reminder comes due: the task is marked reminded, and shows as such in its assignee's
 * task list until it is done. A task done (or reminded) already is left alone.
 */
export function registerCaseworkJobs(jobs: Jobs): void {
  jobs.register(
    TASK_REMINDER,
    async (ctx) => {
      const { officeId } = ctx;
      if (officeId === null) return;
      await ctx.step(async (tx) => {
        const task = await timeline.lockTask(tx, officeId, ctx.job.payload.taskId);
        if (!task || task.done_at || task.reminded_at) return;
        await timeline.updateTask(tx, officeId, task.id, { reminded_at: new Date() });
      });
    },
    { maxAttempts: 5 },
  );
}
