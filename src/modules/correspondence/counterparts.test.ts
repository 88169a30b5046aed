import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { client } from '../casework/test-fixtures/support.js';
import { sealLegacyCounterparts } from './service.js';
import { email, importMail } from './test-fixtures/mail.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('seals the sender of a message stored before migration 0015 at start-up; the inbox and the message page still show it', async () => {
  const owen = await t.signIn(demo.email('caseworker'));
  const imported = await importMail(t.app, owen, email({ from: 'Somebody New <somebody.new@mail.example>', subject: 'Bins not collected' }));
  expect(imported.statusCode, imported.body).toBe(200);
  const id: string = imported.json().messages[0].messageId;
  const db = t.database.db;
  const stored = await db.selectFrom('messages').select(['counterpart_address', 'counterpart_name', 'counterpart_address_sealed', 'counterpart_name_sealed']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(stored).toMatchObject({ counterpart_address: null, counterpart_name: null, counterpart_address_sealed: expect.stringMatching(/^k1\./), counterpart_name_sealed: expect.stringMatching(/^k1\./) });
  expect(JSON.stringify(stored)).not.toContain('somebody');

  // As a row from before migration 0015 holds it: plain text, nothing sealed.
  await db.updateTable('messages').set({ counterpart_address: 'older.sender@mail.example', counterpart_name: 'Older Sender', counterpart_address_sealed: null, counterpart_name_sealed: null }).where('id', '=', id).execute();
  expect(await sealLegacyCounterparts(db, t.keystore)).toBe(1);
  const sealed = await db.selectFrom('messages').select(['counterpart_address', 'counterpart_name', 'counterpart_address_sealed', 'counterpart_name_sealed']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(JSON.stringify(sealed)).not.toMatch(/older/i);
  expect(sealed).toMatchObject({ counterpart_address: null, counterpart_name: null });
  expect(await sealLegacyCounterparts(db, t.keystore)).toBe(0);

  const api = client(t, owen);
  const listed = (await api.ok('GET', '/inbox')).messages.find((m: { id: string }) => m.id === id);
  expect(listed.from).toEqual({ address: 'older.sender@mail.example', name: 'Older Sender' });
  expect((await api.ok('GET', `/messages/${id}`)).from).toEqual({ address: 'older.sender@mail.example', name: 'Older Sender' });
});
