import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMessageTexts } from './sealing.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { migrateBelow, migrateToLatest } from '../../db/migrate.js';
import { client } from '../casework/test-fixtures/support.js';
import { appleMailWithBom, gmailExport, obsoleteSyntax, outlook, thunderbird } from './test-fixtures/clients.js';
import { email, importMail, mbox } from './test-fixtures/mail.js';

/** Mail written by other people's software, as an outside review fed it to a running server (issue 9). */

let t: TestApp;
let owen: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
});
afterAll(() => t?.close());

function upload(body: Buffer, type = 'message/rfc822') {
  return importMail(t.app, owen, body, type);
}

/** Every message row, in a stable order: what "nothing else changed" is checked against. */
function allMessages() {
  return t.database.db.selectFrom('messages').selectAll().orderBy('id').execute();
}

function withMessageId(id: string) {
  return t.database.db.selectFrom('messages').selectAll().where('internet_message_id', '=', id).orderBy('id').execute();
}

/** A message whose headers carry NUL characters where an outsider can put them. */
function poisoned(id: string): Buffer {
  return Buffer.from(
    [
      'From: Mallory\0 Sender <mallory@mail.example>',
      'To: office@postbag.example',
      'Subject: Poisoned\0 subject',
      'Date: Mon, 23 Nov 2026 09:30:00 +0000',
      `Message-ID: <${id.replace('@', '\0@')}>`,
      `In-Reply-To: <earlier\0-${id}>`,
      `References: <root-${id}> <earlier\0-${id}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please look at my case.',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

describe('a NUL character in the headers', () => {
  it('stores the message with the NULs removed and flagged, and the other 49 of its mbox, answering 200 for each', async () => {
    const run = `nul-${Date.now()}`;
    const raws = Array.from({ length: 50 }, (_, i) => (i === 16 ? poisoned(`${run}-17@mail.example`) : email({ messageId: `${run}-${i + 1}@mail.example`, subject: `Letter ${i + 1}` })));
    const res = await upload(mbox(raws), 'application/mbox');
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ received: 50, stored: 50, duplicates: 0, rejected: [], framing: [] });
    expect(result.messages).toHaveLength(50);
    expect(result.messages.map((m: { position: number; outcome: string; flags: string[] }) => [m.position, m.outcome, m.flags])).toEqual(
      Array.from({ length: 50 }, (_, i) => [i + 1, 'stored', i === 16 ? ['nul_removed'] : []]),
    );

    const [row] = await withMessageId(`${run}-17@mail.example`);
    expect(row).toMatchObject({
      in_reply_to: `earlier-${run}-17@mail.example`,
      reference_ids: [`root-${run}-17@mail.example`, `earlier-${run}-17@mail.example`],
      detail: { via: 'import', flags: ['nul_removed'] },
    });
    const [from] = await openMessageTexts(t.keystore, row!.office_id, [row!]);
    expect(from).toMatchObject({ counterpartAddress: 'mallory@mail.example', counterpartName: expect.stringMatching(/^Mallory ?Sender$/) });
    const shown = await client(t, owen).ok('GET', `/messages/${row!.id}`);
    expect(shown).toMatchObject({ subject: 'Poisoned subject', text: expect.stringContaining('Please look at my case.'), flags: ['nul_removed'] });
    for (let n = 1; n <= 50; n++) expect(await withMessageId(`${run}-${n}@mail.example`)).toHaveLength(1);

    // The same archive again is 50 duplicates, the poisoned message among them: nothing changes.
    const before = await allMessages();
    expect((await upload(mbox(raws), 'application/mbox')).json()).toMatchObject({ received: 50, stored: 0, duplicates: 50 });
    expect(await allMessages()).toEqual(before);
  });
});

describe('a Message-ID used again', () => {
  it('keeps a different message with a known Message-ID and marks the clash, but stores a true duplicate once', async () => {
    const id = `reused-${Date.now()}@mail.example`;
    const original = email({ messageId: id, subject: 'My benefits claim', text: 'I applied in October.' });
    const first = (await upload(original)).json();
    expect(first).toMatchObject({ stored: 1, messages: [{ outcome: 'stored', flags: [] }] });

    const other = email({ messageId: id, subject: 'A later message under the same ID', text: 'This one must not disappear.' });
    const second = (await upload(other)).json();
    expect(second).toMatchObject({ stored: 1, duplicates: 0, messages: [{ outcome: 'stored', flags: ['message_id_clash'] }] });
    const rows = await withMessageId(id);
    expect(rows.map((r) => r.id)).toEqual([first.messages[0].messageId, second.messages[0].messageId]);
    expect(rows[0]!.detail).not.toHaveProperty('flags');
    expect(rows[1]!.detail).toMatchObject({ flags: ['message_id_clash'], sameMessageIdAs: rows[0]!.id });
    expect(await client(t, owen).ok('GET', `/messages/${rows[1]!.id}`)).toMatchObject({ text: expect.stringContaining('must not disappear'), flags: ['message_id_clash'] });

    // The first one again, byte for byte or as an mbox entry, is a duplicate of the first one: nothing changes.
    const before = await allMessages();
    expect((await upload(original)).json()).toMatchObject({ stored: 0, duplicates: 1, messages: [{ outcome: 'duplicate', messageId: rows[0]!.id }] });
    expect((await upload(mbox([original]), 'application/mbox')).json()).toMatchObject({ stored: 0, duplicates: 1, messages: [{ outcome: 'duplicate', messageId: rows[0]!.id }] });
    expect(await allMessages()).toEqual(before);
  });

  it('keeps both when the two arrive in the same archive', async () => {
    const id = `same-batch-${Date.now()}@mail.example`;
    const res = (await upload(mbox([email({ messageId: id, text: 'One.' }), email({ messageId: id, text: 'Two.' })]), 'application/mbox')).json();
    expect(res).toMatchObject({ received: 2, stored: 2, messages: [{ flags: [] }, { flags: ['message_id_clash'] }] });
    expect(await withMessageId(id)).toHaveLength(2);
  });
});

describe('a Message-ID used again, on two cases', () => {
  it('threads a reply to the case of the first message that had the ID, not to the later one', async () => {
    const open = await t.database.db.selectFrom('cases').select(['id', 'reference']).where('status', '<>', 'closed').orderBy('id').limit(2).execute();
    expect(open).toHaveLength(2);
    const [mine, other] = open as [(typeof open)[0], (typeof open)[0]];
    const id = `thread-${Date.now()}@mail.example`;
    await upload(email({ messageId: id, subject: `About my case [${mine.reference}]` }));
    const hijack = (await upload(email({ messageId: id, subject: `Another case [${other.reference}]`, text: 'Copied ID.' }))).json();
    expect(hijack).toMatchObject({ stored: 1, filed: 1, messages: [{ flags: ['message_id_clash'] }] });

    const reply = (await upload(email({ inReplyTo: id, subject: 'Re: About my case' }))).json();
    expect(reply).toMatchObject({ stored: 1, filed: 1 });
    const row = await t.database.db.selectFrom('messages').select('case_id').where('id', '=', reply.messages[0].messageId).executeTakeFirstOrThrow();
    expect(row.case_id).toBe(mine.id);
  });
});

describe('a Message-ID too long to keep, a date the database cannot hold', () => {
  it('stores each message without that part, flagged, beside the others of its archive', async () => {
    const run = Date.now();
    const long = `${'x'.repeat(1200)}-${run}@mail.example`;
    const archive = mbox([
      email({ messageId: `long-before-${run}@mail.example` }),
      email({ messageId: long, subject: 'A very long Message-ID' }),
      email({ messageId: `bad-date-${run}@mail.example`, date: '-005000-01-01T00:00:00Z' }),
      email({ messageId: `long-after-${run}@mail.example` }),
    ]);
    const res = await upload(archive, 'application/mbox');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 4, stored: 4, messages: [{ flags: [] }, { flags: ['message_id_too_long'] }, { flags: ['date_suspect', 'date_out_of_range'] }, { flags: [] }] });
    const [, longId, badDate] = res.json().messages.map((m: { messageId: string }) => m.messageId);
    const kept = await t.database.db.selectFrom('messages').select(['internet_message_id', 'detail']).where('id', '=', longId).executeTakeFirstOrThrow();
    expect(kept).toEqual({ internet_message_id: null, detail: { via: 'import', flags: ['message_id_too_long'] } });
    const dated = await t.database.db.selectFrom('messages').select(['occurred_at', 'received_at', 'detail']).where('id', '=', badDate).executeTakeFirstOrThrow();
    expect(dated.detail).toEqual({ via: 'import', flags: ['date_suspect', 'date_out_of_range'] });
    // Dated when it arrived (both clocks read on this machine, a moment apart).
    expect(Math.abs(dated.occurred_at.getTime() - dated.received_at.getTime())).toBeLessThan(60_000);
  });
});

describe('a message the database refuses for a reason not foreseen', () => {
  it('rejects that message alone, naming only the SQLSTATE, and stores the rest of its archive', async () => {
    // A real refusal by the real database: a constraint, as a later migration might add.
    await sql`alter table messages add constraint refuse_for_test check (internet_message_id not like 'refused-%')`.execute(t.database.db);
    try {
      const run = Date.now();
      const res = await upload(
        mbox([email({ messageId: `ok-1-${run}@mail.example` }), email({ messageId: `refused-${run}@mail.example`, from: 'Refused By Database <refused@mail.example>' }), email({ messageId: `ok-3-${run}@mail.example` })]),
        'application/mbox',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        received: 3,
        stored: 2,
        rejected: [{ position: 2, reason: 'The database refused to store this message (SQLSTATE 23514), so it was left out; the others were stored.' }],
        messages: [{ outcome: 'stored' }, { outcome: 'rejected' }, { outcome: 'stored' }],
      });
      expect(await withMessageId(`ok-1-${run}@mail.example`)).toHaveLength(1);
      expect(await withMessageId(`refused-${run}@mail.example`)).toHaveLength(0);
      expect(await withMessageId(`ok-3-${run}@mail.example`)).toHaveLength(1);
    } finally {
      await sql`alter table messages drop constraint refuse_for_test`.execute(t.database.db);
    }
  });
});

describe('mail as it is really saved', () => {
  it('reads an .eml from Outlook, Thunderbird (with its mbox "From " line), Apple Mail with a BOM and a blank line, and obsolete "Subject :" syntax', async () => {
    const run = Date.now();
    const saved = [
      { raw: outlook(`ol-${run}@mail.example`, 'Rent increase'), from: 'bethan.jones@example.co.uk', text: 'The rent went up by £40 a month.' },
      { raw: thunderbird(`tb-${run}@mail.example`, 'Bus cuts'), from: 'gareth.price@example.org', text: 'The bus to the hospital has been cut – twice this year.' },
      { raw: appleMailWithBom(`am-${run}@mail.example`, 'Appeal hearing'), from: 'aled@example.net', text: 'My appeal hearing is next week.' },
      { raw: obsoleteSyntax(`ob-${run}@mail.example`, 'Old program'), from: 'old@example.org', text: 'Sent from a very old program.' },
    ];
    for (const [i, { raw, from, text }] of saved.entries()) {
      const res = await upload(raw);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), `message ${i + 1}`).toMatchObject({ stored: 1, rejected: [] });
      const shown = await client(t, owen).ok('GET', `/messages/${res.json().messages[0].messageId}`);
      expect(shown).toMatchObject({ subject: ['Rent increase', 'Bus cuts', 'Appeal hearing', 'Old program'][i], from: { address: from }, text: expect.stringContaining(text) });
    }
    const ids = ['ol', 'tb', 'am', 'ob'].map((p) => `${p}-${run}@mail.example`);
    const rows = await t.database.db.selectFrom('messages').select('internet_message_id').where('internet_message_id', 'in', ids).execute();
    expect(rows.map((r) => r.internet_message_id).sort()).toEqual([...ids].sort());

    // Thunderbird's .eml and the same message in an mbox are one message: the "From " line is not content.
    const tb = saved[1]!.raw.toString('latin1');
    expect((await upload(Buffer.from(tb.slice(tb.indexOf('\n') + 1), 'latin1'))).json()).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('imports a Gmail Takeout mbox whose writer left out the blank lines, one message for each "From " line', async () => {
    const run = Date.now();
    const archive = Buffer.concat([1, 2, 3].map((n) => gmailExport(`gm-${n}-${run}@mail.example`, `Takeout ${n}`)));
    const res = (await upload(archive, 'application/mbox')).json();
    expect(res).toMatchObject({ received: 3, stored: 3, rejected: [], framing: [] });
    const rows = await t.database.db.selectFrom('messages').select('internet_message_id').where('internet_message_id', 'like', `gm-%-${run}@mail.example`).execute();
    expect(rows).toHaveLength(3);
  });
});

describe('migration 0008 undone on a database holding clashes', () => {
  it('keeps every message, gives the Message-ID to the first, and makes it unique again; then applies again', async () => {
    const id = `down-${Date.now()}@mail.example`;
    await upload(email({ messageId: id, text: 'First.' }));
    await upload(email({ messageId: id, text: 'Second.' }));
    const before = await allMessages();
    const [first, second] = await withMessageId(id);

    expect(await migrateBelow(t.database.db, '0008_message_id_clash')).toContain('reverted 0008_message_id_clash');
    const after = await allMessages();
    // Each later holder of a Message-ID (this test's second, and the earlier tests' clashes) loses it.
    const holders = new Map<string, string>();
    for (const row of before) if (row.internet_message_id && !holders.has(row.internet_message_id)) holders.set(row.internet_message_id, row.id);
    const later = (row: (typeof before)[number]) => row.internet_message_id !== null && holders.get(row.internet_message_id) !== row.id;
    expect(before.filter(later).map((r) => r.id)).toContain(second!.id);
    expect(after.map((row) => [row.id, row.internet_message_id])).toEqual(before.map((row) => [row.id, later(row) ? null : row.internet_message_id]));
    expect((await withMessageId(id)).map((r) => r.id)).toEqual([first!.id]);
    const index = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'messages_internet_id'`.execute(t.database.db);
    expect(index.rows[0]!.indexdef).toMatch(/^CREATE UNIQUE INDEX/);

    expect(await migrateToLatest(t.database.db)).toContain('applied 0008_message_id_clash');
    // Back up, every message is as it was but for the Message-IDs given up (later migrations' columns included).
    expect(await allMessages()).toEqual(before.map((row) => (later(row) ? { ...row, internet_message_id: null } : row)));
    await upload(email({ messageId: id, text: 'Third.' }));
    expect(await withMessageId(id)).toHaveLength(2);
  });
});
