import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';
import { type JobRunner, PermanentJobError } from './runner.js';

let t: TestApp;
/** The app's runner, for kinds of the test's own, which it is not typed for. */
let jobs: JobRunner;
let manager: SignedInClient;
let queuedId: string;
let otherOfficeJob: string;

beforeAll(async () => {
  t = await createTestApp();
  jobs = t.ctx.jobs as JobRunner;
  jobs.register('test.reminder', async () => {});
  jobs.register('test.doomed', async () => {
    throw new PermanentJobError('the case was closed');
  });
  queuedId = (await jobs.enqueue(t.database.db, { kind: 'test.reminder', officeId: DEMO_OFFICE_ID, payload: { caseId: '00000000-0000-4000-8000-000000000001' } })).id;
  const other = await t.database.db.insertInto('offices').values({ name: 'Elsewhere', member_name: 'M', nation: 'scotland' }).returning('id').executeTakeFirstOrThrow();
  otherOfficeJob = (await jobs.enqueue(t.database.db, { kind: 'test.reminder', officeId: other.id, payload: {} })).id;
  manager = await t.signIn(demo.email('manager'));
});
afterAll(() => t?.close());

const get = (url: string, client = manager) => t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
const post = (url: string, client = manager) => t.app.inject({ method: 'POST', url, payload: {}, headers: client.headers });

describe('the jobs page API', () => {
  it("shows the office's jobs to the manager, and none of another office's", async () => {
    const res = await get('/api/v1/jobs?status=queued');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, jobs: [{ id: queuedId, kind: 'test.reminder', status: 'queued', attempts: 0 }] });
    expect(JSON.stringify(res.json())).not.toContain(otherOfficeJob);
    expect((await post(`/api/v1/jobs/${otherOfficeJob}/cancel`)).statusCode).toBe(404);
  });

  it('lets the manager retry a failed job and cancel a queued one, each audited', async () => {
    const { id } = await jobs.enqueue(t.database.db, { kind: 'test.doomed', officeId: DEMO_OFFICE_ID, payload: {} });
    await t.ctx.jobs.runDue();
    const failed = (await get('/api/v1/jobs?status=failed')).json().jobs[0];
    expect(failed).toMatchObject({ id, lastError: 'the case was closed' });

    const retried = await post(`/api/v1/jobs/${id}/retry`);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    const again = await post(`/api/v1/jobs/${id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/this job is queued/);

    expect((await post(`/api/v1/jobs/${id}/cancel`)).json().status).toBe('cancelled');
    const audited = await t.database.db.selectFrom('audit_log').select('action').where('record_type', '=', 'job').orderBy('seq').execute();
    expect(audited.map((a) => a.action)).toEqual(['job.retried', 'job.cancelled']);
  });

  it('is closed to a caseworker, and rejects an unknown status', async () => {
    const caseworker = await t.signIn(demo.email('caseworker'));
    expect((await get('/api/v1/jobs', caseworker)).statusCode).toBe(403);
    expect((await post(`/api/v1/jobs/${queuedId}/cancel`, caseworker)).statusCode).toBe(403);
    const bad = await get('/api/v1/jobs?status=exploded');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0].path).toBe('querystring.status');
  });
});
