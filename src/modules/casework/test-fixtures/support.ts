import { expect } from 'vitest';
import type { SignedInClient, TestApp } from '../../../../test/support/app.js';

/** Helpers for the casework API tests. */

export function client(t: TestApp, user: SignedInClient) {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: method === 'GET' ? { cookie: user.cookie } : user.headers, ...(payload ? { payload } : {}) });
  return {
    send,
    /** Sends and expects `status` (default 200), returning the JSON body. */
    async ok(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, status = 200) {
      const res = await send(method, url, payload);
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    },
    /** POSTs and expects 201 Created. */
    created(url: string, payload: object) {
      return this.ok('POST', url, payload, 201);
    },
  };
}

export async function newPerson(t: TestApp, user: SignedInClient, givenName: string, familyName = 'Testperson') {
  return client(t, user).created('/people', { givenName, familyName, source: 'email' });
}

export async function newAgency(t: TestApp, user: SignedInClient, name: string) {
  return client(t, user).created('/organisations', { name, kind: 'government_agency', source: 'public_source' });
}
