import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client } from '../casework/test-fixtures/support.js';
import { importMail } from './test-fixtures/mail.js';
import * as fixture from './test-fixtures/real-mail.js';

/** Mail written by other people's programs, imported and read through the API as staff would. */

let t: TestApp;
let owen: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
});
afterAll(() => t?.close());

/** Imports one .eml and reads it back as the message page does. */
async function importAndRead(raw: Buffer, query = '') {
  const api = client(t, owen);
  const before = new Set((await api.ok('GET', '/inbox?limit=100')).messages.map((m: { id: string }) => m.id));
  const res = await importMail(t.app, owen, raw);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ received: 1, stored: 1, rejected: [] });
  const added = (await api.ok('GET', '/inbox?limit=100')).messages.filter((m: { id: string }) => !before.has(m.id));
  expect(added).toHaveLength(1);
  return { summary: added[0], message: await api.ok('GET', `/messages/${added[0].id}${query}`) };
}

const files = (message: { attachments: { filename: string; contentType: string }[] }) => message.attachments.map((a) => [a.filename, a.contentType]);

describe('headers in other character sets', () => {
  it('shows a subject and a name written in raw Latin-1 as the sender wrote them, with the charset warning', async () => {
    const { summary, message } = await importAndRead(fixture.latin1Headers());
    expect(summary.subject).toBe('Café licence problème');
    expect(message.subject).toBe('Café licence problème');
    expect(message.from).toEqual({ address: 'renee.mueller@mail.example', name: 'Renée Müller' });
    expect(message.charsetProblem).toBe(true);
    expect(message.flags).toEqual(['header_charset']);
  });

  it('decodes a UTF-7 subject', async () => {
    const { message } = await importAndRead(fixture.utf7Subject());
    expect(message.subject).toBe('Café closure £500 fine');
    expect(message.charsetProblem).toBe(false);
  });

  it('decodes a UTF-7 body, and the script it hid in the HTML is still taken out', async () => {
    const { message } = await importAndRead(fixture.utf7Body());
    expect(message.text).toBe('The permit costs £40 at the café counter, 1+1.');
    expect(message.html).toBe('<p>The permit costs £40.</p>');
  });
});

describe('multiparts whose end never came', () => {
  it('keeps a message missing only its closing boundary, every file included, flagged', async () => {
    const { message } = await importAndRead(fixture.unclosedMultipart(false));
    expect(message.text).toContain('Two letters attached.');
    expect(files(message)).toEqual([
      ['first.pdf', 'application/pdf'],
      ['second.pdf', 'application/pdf'],
    ]);
    expect(message.flags).toEqual(['truncated_multipart']);
  });

  it('keeps the text and the complete file of a message cut inside its last file', async () => {
    const { message } = await importAndRead(fixture.unclosedMultipart(true));
    expect(message.text).toContain('Two letters attached.');
    expect(files(message)).toEqual([['first.pdf', 'application/pdf']]);
    expect(message.flags).toEqual(['truncated_multipart']);
  });
});

describe('dates', () => {
  it('says a message has no date instead of passing the import time off as when it was sent', async () => {
    const { message } = await importAndRead(fixture.dated(null, 'Bins, undated'));
    expect(message.flags).toEqual(['no_date']);
  });

  it.each([
    ['Wed, 31 Dec 1969 23:00:00 +0000', '1969-12-31T23:00:00.000Z'],
    ['Thu, 1 Jan 2099 09:00:00 +0000', '2099-01-01T09:00:00.000Z'],
  ])('keeps a message dated %s with its date, flagged', async (date, iso) => {
    const { message } = await importAndRead(fixture.dated(date, `Bins, dated ${iso}`));
    expect(message.occurredAt).toBe(iso);
    expect(message.flags).toEqual(['date_suspect']);
  });
});

describe('files', () => {
  it('takes the files out of an Outlook winmail.dat and keeps them as any others', async () => {
    const letter = Buffer.from('%PDF-1.4 objection letter');
    const { message } = await importAndRead(fixture.outlookWinmail([{ title: 'objection.pdf', content: letter }, { title: 'site plan.jpg', content: fixture.jpeg }]));
    expect(files(message)).toEqual([
      ['objection.pdf', 'application/pdf'],
      ['site plan.jpg', 'image/jpeg'],
    ]);
    expect(message.withheldFiles).toEqual([]);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${message.id}/attachments/${message.attachments[0].id}`, headers: { cookie: owen.cookie } });
    expect(download.rawPayload.equals(letter)).toBe(true);
  });

  it('accepts a photo declared as image/jpg, keeping it as JPEG', async () => {
    const { message } = await importAndRead(fixture.imageJpg());
    expect(files(message)).toEqual([['attachment-1', 'image/jpeg']]);
    expect(message.withheldFiles).toEqual([]);
  });

  it('keeps only the base name of a file named with a path, NUL or control characters', async () => {
    const names = ['../../etc/passwd.pdf', '..\\..\\Windows\\boot.pdf', '/home/alex/scan.pdf', 'C:\\Users\\alex\\letter.pdf', 'bad\u0000na\u0007me.pdf', '..'];
    const { message } = await importAndRead(fixture.badlyNamedFiles(names));
    expect(message.attachments.map((a: { filename: string }) => a.filename)).toEqual(['passwd.pdf', 'boot.pdf', 'scan.pdf', 'letter.pdf', 'badname.pdf', 'attachment']);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${message.id}/attachments/${message.attachments[0].id}`, headers: { cookie: owen.cookie } });
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''passwd.pdf");
  });
});

describe('inline images', () => {
  it('shows an Apple Mail inline image in the formatted view once the user allows images', async () => {
    const { message } = await importAndRead(fixture.appleInlineImage());
    expect(files(message)).toEqual([['IMG_0042.jpeg', 'image/jpeg']]);
    expect(message.html).toContain('[image: pothole]');
    expect(message.html).not.toContain('<img');
    expect(message.inlineImagesHidden).toBe(1);
    expect(message.remoteImagesBlocked).toBe(0);
    const shown = await client(t, owen).ok('GET', `/messages/${message.id}?images=show`);
    expect(shown.html).toContain(`<img src="data:image/jpeg;base64,${fixture.jpeg.toString('base64')}" alt="pothole" />`);
    // A reference to a file the message never carried stays its alt text.
    expect(shown.html).toContain('[image: gone]');
    expect(shown.inlineImagesHidden).toBe(0);
  });
});

describe('a forwarded message attached', () => {
  it('can be read in Postbag, not only downloaded', async () => {
    const { message } = await importAndRead(fixture.forwardedMessage());
    expect(files(message)).toEqual([['Your council tax.eml', 'message/rfc822']]);
    const forwarded = await client(t, owen).ok('GET', `/messages/${message.id}/attachments/${message.attachments[0].id}/message`);
    expect(forwarded).toEqual({
      from: { address: 'ctax@council.example', name: 'Council Tax' },
      to: ['pat@mail.example'],
      subject: 'Your council tax',
      date: '2026-11-02T10:00:00.000Z',
      text: expect.stringContaining('Your band stays at D.'),
      files: [],
      flags: [],
    });
  });

  it('refuses to read a file that is not an e-mail, recording no read', async () => {
    const { message } = await importAndRead(fixture.unclosedMultipart(false));
    const audit = () => t.database.db.selectFrom('audit_log').selectAll().orderBy('office_id').orderBy('seq').execute();
    const before = await audit();
    const res = await client(t, owen).send('GET', `/messages/${message.id}/attachments/${message.attachments[0].id}/message`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/not an e-mail.*download it instead/) });
    expect(await audit()).toEqual(before);
  });
});
