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
      if (ctx.officeId === null) return;
      const task = await timeline.lockTask(ctx.tx, ctx.officeId, ctx.job.payload.taskId);
      if (!task || task.done_at || task.reminded_at) return;
      await timeline.updateTask(ctx.tx, ctx.officeId, task.id, { reminded_at: new Date() });
    },
    { maxAttempts: 5 },
  );
}
