import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client } from '../casework/test-fixtures/support.js';
import { email, importMail, mbox, zipOf } from './test-fixtures/mail.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

let t: TestApp;
let owen: SignedInClient;
let known: { personId: string; address: string };

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  const point = await t.database.db.selectFrom('contact_points').select(['person_id', 'value']).where('kind', '=', 'email').limit(1).executeTakeFirstOrThrow();
  known = { personId: point.person_id, address: point.value };
});
afterAll(() => t?.close());

function upload(body: Buffer, type = 'message/rfc822', user = owen) {
  return importMail(t.app, user, body, type);
}

describe('importing e-mail', () => {
  it('stores an .eml once, sealed, matched to the person its address belongs to, and waiting in the inbox', async () => {
    const raw = email({ from: `Known Person <${known.address}>`, subject: 'Damp in my flat', text: 'The council has not answered about the mould.' });
    const first = await upload(raw);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: 1, stored: 1, filed: 0, duplicates: 0, deliveryReports: 0, rejected: [], messages: [{ position: 1, outcome: 'stored', messageId: expect.any(String), flags: [] }], framing: [] });

    const inbox = await client(t, owen).ok('GET', '/inbox');
    const listed = inbox.messages.find((m: { subject: string }) => m.subject === 'Damp in my flat');
    expect(listed).toMatchObject({ channel: 'email', state: 'inbox', from: { address: known.address }, person: { id: known.personId } });

    const row = await t.database.db.selectFrom('messages').select(['subject_sealed', 'body_sealed']).where('id', '=', listed.id).executeTakeFirstOrThrow();
    expect(row.subject_sealed).toMatch(/^k1\./);
    expect(row.body_sealed).not.toContain('mould');

    // The same message again, alone or inside an archive with line endings changed, is not stored twice.
    expect((await upload(raw)).json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect((await upload(mbox([raw]), 'application/mbox')).json()).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('imports an mbox archive, listing each message it cannot read by position and storing the rest', async () => {
    const before = await tableContents(t);
    const archive = mbox([
      email({ subject: 'First', text: 'From the start of a line, this line needs quoting in an mbox.' }),
      Buffer.from('this is not an e-mail at all\n'),
      Buffer.from('Subject: no sender, no date, no id\n\nhello\n'),
      email({ subject: 'Last' }),
    ]);
    const res = await upload(archive, 'application/mbox');
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ received: 4, stored: 2, duplicates: 0 });
    expect(result.rejected).toEqual([
      { position: 2, reason: expect.stringMatching(/not an e-mail/) },
      { position: 3, reason: expect.stringMatching(/no From, Date or Message-ID/) },
    ]);
    expect((await tableContents(t)).messages!.rows).toBe(before.messages!.rows + 2);
    const first = (await client(t, owen).ok('GET', '/inbox')).messages.find((m: { subject: string }) => m.subject === 'First');
    expect((await client(t, owen).ok('GET', `/messages/${first.id}`)).text).toContain('From the start of a line');
  });

  it('refuses an upload that is not an mbox, a type it does not take, and a volunteer, changing nothing', async () => {
    const volunteer = await t.signIn(demo.email('volunteer'));
    const before = await tableContents(t);
    const notMbox = await upload(Buffer.from('Subject: hi\n\nhello'), 'application/mbox');
    expect(notMbox.statusCode).toBe(400);
    expect(notMbox.json().error.message).toMatch(/must begin with a "From " line/);
    expect((await upload(email(), 'application/zip')).statusCode).toBe(415);
    expect((await upload(email(), 'message/rfc822', volunteer)).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});

describe('attachments', () => {
  it('keeps documents sealed and downloadable, and withholds programs, oversized files and zip bombs with the reason', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% a scanned letter from the council\n');
    const docx = zipOf([{ name: 'word/document.xml', content: Buffer.from('<w:document>fine</w:document>') }]);
    const bomb = zipOf([{ name: 'word/document.xml', content: Buffer.alloc(30 * 1024 * 1024) }]);
    const raw = email({
      subject: 'Files about my claim',
      files: [
        { filename: 'council-letter.pdf', contentType: 'application/pdf', content: pdf },
        { filename: 'statement.docx', contentType: 'application/octet-stream', content: docx },
        { filename: 'invoice.exe', contentType: 'application/octet-stream', content: Buffer.from('MZ') },
        { filename: 'huge.pdf', contentType: 'application/pdf', content: Buffer.alloc(50 * 1024 * 1024, 1) },
        { filename: 'bomb.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: bomb },
      ],
    });
    expect((await upload(raw)).json()).toMatchObject({ stored: 1 });
    const api = client(t, owen);
    const listed = (await api.ok('GET', '/inbox')).messages.find((m: { subject: string }) => m.subject === 'Files about my claim');
    const message = await api.ok('GET', `/messages/${listed.id}`);
    expect(message.attachments.map((a: { filename: string; contentType: string }) => [a.filename, a.contentType])).toEqual([
      ['council-letter.pdf', 'application/pdf'],
      ['statement.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ]);
    expect(message.withheldFiles.map((f: { reason: string }) => f.reason)).toEqual([
      expect.stringMatching(/type are not accepted/),
      expect.stringMatching(/larger than 15 MB/),
      expect.stringMatching(/zip bomb/),
    ]);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${listed.id}/attachments/${message.attachments[0].id}`, headers: { cookie: owen.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''council-letter.pdf");
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const stored = await t.database.db.selectFrom('attachments').select('content_sealed').where('message_id', '=', listed.id).execute();
    expect(stored.every((a) => a.content_sealed.startsWith('k1.') && !a.content_sealed.includes('PDF'))).toBe(true);
  });
});

describe('reading', () => {
  it('shows HTML without scripts and without remote images until asked, and flags a wrong character set', async () => {
    const html = '<p onclick="steal()">Hello<script>alert(1)</script> <img src="https://tracker.example/p.gif" alt="logo"> <a href="https://gov.uk">gov</a></p>';
    await upload(email({ subject: 'Newsletter-ish', html }));
    await upload(email({ subject: 'Wrong charset', bodyBytes: Buffer.from('Caf\xe9 on the corner', 'latin1') }));
    const api = client(t, owen);
    const messages = (await api.ok('GET', '/inbox')).messages;
    const withHtml = messages.find((m: { subject: string }) => m.subject === 'Newsletter-ish');
    const blocked = await api.ok('GET', `/messages/${withHtml.id}`);
    expect(blocked.html).not.toMatch(/script|onclick|tracker\.example/);
    expect(blocked.html).toContain('[image: logo]');
    expect(blocked.html).toContain('rel="noopener noreferrer nofollow"');
    expect(blocked.remoteImagesBlocked).toBe(1);
    const shown = await api.ok('GET', `/messages/${withHtml.id}?images=show`);
    expect(shown.html).toContain('src="https://tracker.example/p.gif"');
    expect(shown.html).not.toContain('script');

    const latin = messages.find((m: { subject: string }) => m.subject === 'Wrong charset');
    const read = await api.ok('GET', `/messages/${latin.id}`);
    expect(read.charsetProblem).toBe(true);
    expect(read.text).toContain('on the corner');
  });
});
