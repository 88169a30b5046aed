import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { newId } from './ids.js';
import { migrateBelow, migrateToLatest } from './migrate.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let officeId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  officeId = (
    await database.db.insertInto('offices').values({ name: 'Office A', member_name: 'A MP', nation: 'england-and-wales' }).returning('id').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database?.close());

const email = (state: 'queued' | 'sending' | 'sent') => ({
  office_id: officeId,
  id: newId(),
  direction: 'out' as const,
  channel: 'email' as const,
  state,
  internet_message_id: `${newId()}@example.org`,
  to_addresses: ['someone@example.org'],
  occurred_at: new Date(),
});
// The columns as they were at 0014: later migrations, reverted first, add their own.
const messages = () =>
  database.db.selectFrom('messages').select(['id', 'direction', 'channel', 'state', 'internet_message_id', 'to_addresses', 'occurred_at']).orderBy('id').execute();

describe('migration 0014 (jobs in steps)', () => {
  it('takes an e-mail caught sending back to queued, keeping the rest, and applies again', async () => {
    const rows = [email('queued'), email('sending'), email('sent')];
    await database.db.insertInto('messages').values(rows).execute();
    const job = await database.db.insertInto('jobs').values({ office_id: officeId, kind: 'test.sweep', payload: '{}', progress: '{"next":3}' }).returning('id').executeTakeFirstOrThrow();
    const before = await messages();

    expect(await migrateBelow(database.db, '0014_job_steps')).toContain('reverted 0014_job_steps');
    expect(await messages()).toEqual(before.map((m) => (m.state === 'sending' ? { ...m, state: 'queued' } : m)));
    // Without 0014, no e-mail can be sending.
    await expect(database.db.insertInto('messages').values(email('sending')).execute()).rejects.toThrow(/check constraint/);
    expect(await database.db.selectFrom('jobs').select('id').where('id', '=', job.id).execute()).toHaveLength(1);

    expect(await migrateToLatest(database.db)).toContain('applied 0014_job_steps');
    await database.db.insertInto('messages').values(email('sending')).execute();
    await expect(database.db.insertInto('messages').values({ ...email('sent'), state: 'inbox' }).execute()).rejects.toThrow(/check constraint/);
  });
});
