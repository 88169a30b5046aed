import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.ctx.jobs.register('test.reminder', async () => {});
  await t.ctx.jobs.enqueue(t.ctx.db, { kind: 'test.reminder', officeId: DEMO_OFFICE_ID, payload: { caseId: '00000000-0000-4000-8000-000000000001' } });
});
afterAll(() => t?.close());

describe('GET /api/v1/jobs', () => {
  it("shows the office's jobs to the manager, with status and attempts", async () => {
    const manager = await t.signIn(demo.email('manager'));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/jobs?status=queued', headers: { cookie: manager.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, jobs: [{ kind: 'test.reminder', status: 'queued', attempts: 0 }] });
  });

  it('is closed to a caseworker, and rejects an unknown status', async () => {
    const caseworker = await t.signIn(demo.email('caseworker'));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/jobs', headers: { cookie: caseworker.cookie } })).statusCode).toBe(403);
    const manager = await t.signIn(demo.email('manager'));
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/jobs?status=exploded', headers: { cookie: manager.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0].path).toBe('querystring.status');
  });
});
