import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { type JobKind, jobPayloads } from './job-kinds.js';
import { enqueueJob } from './platform/jobs/service.js';
import { DEMO_OFFICE_ID } from './seed/demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const jobs = () => t.database.db.selectFrom('jobs').selectAll().orderBy('id').execute();
const taskId = '00000000-0000-4000-8000-000000000001';

describe("the app's job kinds", () => {
  it('each have a handler, which gets only a payload its schema accepts', async () => {
    const before = await jobs();
    for (const kind of Object.keys(jobPayloads) as JobKind[]) {
      await expect(t.ctx.jobs.enqueue(t.database.db, { kind, officeId: DEMO_OFFICE_ID, payload: {} as never })).rejects.toThrow(`The payload of a "${kind}" job is not valid`);
    }
    expect(await jobs()).toEqual(before);
  });

  it('refuse a payload of the wrong shape for its kind, at compile time and when it is enqueued, and nothing is written', async () => {
    const before = await jobs();
    const db = t.database.db;
    // @ts-expect-error: a task's reminder names the task
    await expect(t.ctx.jobs.enqueue(db, { kind: 'case.task_reminder', officeId: DEMO_OFFICE_ID, payload: { caseId: taskId } })).rejects.toThrow(/"case.task_reminder" job is not valid: .*taskId/s);
    // @ts-expect-error: no such kind
    await expect(t.ctx.jobs.enqueue(db, { kind: 'case.task_remind', officeId: DEMO_OFFICE_ID, payload: { taskId } })).rejects.toThrow(/no handler is registered/);
    // Right in shape, wrong in content: only the run-time check sees it.
    await expect(t.ctx.jobs.enqueue(db, { kind: 'case.task_reminder', officeId: DEMO_OFFICE_ID, payload: { taskId: 'task 1' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await jobs()).toEqual(before);
  });

  it('check the payload read back from the database before the handler runs', async () => {
    const { id } = await enqueueJob(t.database.db, { kind: 'case.task_reminder', officeId: DEMO_OFFICE_ID, payload: { taskId: 42 } });
    await t.ctx.jobs.runDue();
    const job = await t.database.db.selectFrom('jobs').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'failed', last_error: expect.stringMatching(/^The payload is not valid for kind "case.task_reminder": .*taskId/s) });
  });
});
