import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMessageTexts } from '../sealing.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { client } from '../../casework/test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** Social media messages: POST /messages/social, one pasted or an export imported. */
let t: TestApp;
let owen: SignedInClient;
let api: ReturnType<typeof client>;
let rhysId: string;

const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  api = client(t, owen);
  const social = (platform: string, handle: string) => ({ kind: 'social_handle', platform, handle, source: 'social_media' });
  rhysId = (await api.created('/people', { givenName: 'Rhys', familyName: 'Evans', source: 'social_media', contactPoints: [social('x', '@RhysEvans'), social('bluesky', 'rhys.bsky.social')] })).id;
  // A handle two people have is nobody's for certain: staff choose at triage.
  for (const givenName of ['Ann', 'Anne']) await api.created('/people', { givenName, familyName: 'Jones', source: 'social_media', contactPoints: [social('x', 'ajones')] });
});
afterAll(() => t?.close());

const post = (payload: unknown, user = owen) =>
  t.app.inject({ method: 'POST', url: '/api/v1/messages/social', headers: { ...user.headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

describe('a pasted message', () => {
  it('is stored once in the inbox, linked to the person with that handle whatever its @ and case', async () => {
    const message = { platform: 'x', handle: '@rhysEVANS', text: 'Any news on my PIP appeal? Been waiting months', sentAt: hoursAgo(2), url: 'https://x.com/rhysevans/status/1' };
    const res = await post(message);
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    expect(reply).toEqual({ messageId: expect.any(String), duplicate: false, state: 'inbox', personId: rhysId });
    const shown = await api.ok('GET', `/messages/${reply.messageId}`);
    expect(shown).toMatchObject({ channel: 'social_media', from: { address: 'rhysevans' }, person: { id: rhysId }, text: message.text });
    const row = await t.database.db.selectFrom('messages').select(['body_sealed', 'detail']).where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(row.body_sealed).not.toContain('PIP');
    expect(row.detail).toEqual({ platform: 'x', url: message.url });

    const before = await tableContents(t);
    const again = await post({ ...message, handle: 'RhysEvans' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, messageId: reply.messageId });
    await expectUnchanged(t, before);
  });

  it('links to nobody when the handle is on another platform, unknown, or held by two people', async () => {
    for (const [platform, handle] of [['instagram', 'rhysevans'], ['x', 'someone_new'], ['x', 'ajones']]) {
      const res = await post({ platform, handle, text: `Hello from ${platform}/${handle}`, sentAt: hoursAgo(1) });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().personId).toBeNull();
    }
  });

  it('refuses a date in the future, an empty handle, an unknown platform and a volunteer, changing nothing', async () => {
    const before = await tableContents(t);
    const future = await post({ platform: 'x', handle: 'rhysevans', text: 'Hi', sentAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.problems).toEqual([{ path: 'body.sentAt', message: 'must not be in the future' }]);
    const empty = await post({ platform: 'x', handle: '@', text: 'Hi', sentAt: hoursAgo(1) });
    expect(empty.json().error.message).toMatch(/Handle must not be empty/);
    const myspace = await post({ platform: 'myspace', handle: 'tom', text: 'Hi', sentAt: hoursAgo(1) });
    expect(myspace.json().error.message).toMatch(/platform must be one of x, facebook/);
    const volunteer = await t.signIn(demo.email('volunteer'));
    const before2 = await tableContents(t);
    expect((await post({ platform: 'x', handle: 'tom', text: 'Hi', sentAt: hoursAgo(1) }, volunteer)).statusCode).toBe(403);
    await expectUnchanged(t, before2);
    expect(before2.messages).toEqual(before.messages);
  });
});

describe('an imported export', () => {
  const exported = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, handle: i % 2 ? 'rhys.bsky.social' : '@Stranger.bsky.social', text: `Message ${i} about the bus route`, sentAt: hoursAgo(200 - i) }));

  it('stores each message once, counts what it did, and a second import of the same export stores nothing new', async () => {
    // More than one batch of 50, stored two batches at a time.
    const messages = exported(120, 'bsky');
    const first = await post({ platform: 'bluesky', messages });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: 120, stored: 120, duplicates: 0, rejected: [] });
    const social = await t.database.db.selectFrom('messages').select(['id', 'office_id', 'person_id', 'counterpart_address_sealed']).where('channel', '=', 'social_media').execute();
    const opened = await openMessageTexts(t.keystore, social[0]!.office_id, social);
    const rows = social.map((r, i) => ({ person_id: r.person_id, counterpart_address: opened[i]!.counterpartAddress })).filter((r) => r.counterpart_address?.endsWith('bsky.social'));
    expect(rows.filter((r) => r.person_id === rhysId)).toHaveLength(60);
    expect(rows.filter((r) => r.counterpart_address === 'stranger.bsky.social' && r.person_id === null)).toHaveLength(60);

    const before = await tableContents(t);
    const second = await post({ platform: 'bluesky', messages });
    expect(second.json()).toEqual({ received: 120, stored: 0, duplicates: 120, rejected: [] });
    await expectUnchanged(t, before);
  });

  it('stores the good messages and lists each bad one by position with the reason', async () => {
    const good = exported(3, 'mixed');
    const res = await post({
      platform: 'bluesky',
      messages: [good[0], { ...good[1], sentAt: new Date(Date.now() + 86_400_000).toISOString() }, 'not a message', { handle: 'x', text: 'no id', sentAt: hoursAgo(1) }, good[2], good[0]],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      received: 6,
      stored: 2,
      duplicates: 1,
      rejected: [
        { position: 2, reason: 'message.sentAt must not be in the future' },
        { position: 3, reason: 'message must be an object: { id, handle, text, sentAt, url? }' },
        { position: 4, reason: "message.id must be the message's id on the platform" },
      ],
    });
  });

  it('changes nothing for a body that is not JSON, of the wrong shape, or over 5,000 messages', async () => {
    const before = await tableContents(t);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/messages/social', headers: { ...owen.headers, 'content-type': 'application/json' }, payload: '{"platform": "x", "messages": [' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toMatch(/not valid JSON/);
    const wrongShape = await post({ platform: 'x', messages: { id: '1' } });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.message).toMatch(/messages must be a list of messages/);
    const tooMany = await post({ platform: 'x', messages: Array.from({ length: 5_001 }, (_, i) => ({ id: String(i), handle: 'a', text: 'b', sentAt: hoursAgo(1) })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 5,000 messages/);
    expect((await post([{ platform: 'x' }])).json().error.message).toMatch(/must be a JSON object/);
    await expectUnchanged(t, before);
  });
});

describe('the API description', () => {
  it('documents both routes: the note with its answer, social media as either JSON shape', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/messages/notes'].post.responses['201'].content['application/json'].schema.properties).toHaveProperty('withheldFiles');
    expect(doc.paths['/api/v1/messages/social'].post.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
  });
});
