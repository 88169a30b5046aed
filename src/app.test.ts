import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { toAppError } from './platform/errors/handler.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the API', () => {
  it('describes itself with OpenAPI generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/me', '/api/v1/auth/sign-in', '/api/v1/cases/{caseId}', '/api/v1/people/{personId}', '/api/v1/jobs']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/auth/sign-in'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });

  it('answers an unknown API path with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'There is no GET /api/v1/nothing-here in the Postbag API.' });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('server errors', () => {
  it('hide internals behind a message a person can act on', () => {
    const error = toAppError(new Error('relation "persons" does not exist at character 15'));
    expect(error.status).toBe(500);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toMatch(/relation|persons/);
    expect(error.message).toMatch(/request id/);
  });
});
