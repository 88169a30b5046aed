/**
 * E-mails shaped as other people's programs write them (Outlook, Apple Mail, old webmail), byte
 * for byte: each takes a unique Message-ID so that a test file can import it afresh.
 */

let counter = 0;
const unique = (what: string) => `${what}-${process.pid}-${++counter}-${Date.now()}`;

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');
const base64 = (content: Buffer) => content.toString('base64').replace(/.{76}/g, '$&\r\n');

/** A 1x1 JPEG's first bytes are enough for Postbag, which judges files by name and type. */
export const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300', 'hex');
export const pdf = Buffer.from('%PDF-1.4\n% the council letter\n');

/** Outlook 2007 on Windows: subject and sender's name in raw Latin-1 bytes, no encoded words. */
export function latin1Headers(subject = 'Caf\xe9 licence probl\xe8me'): Buffer {
  return crlf([
    'From: "Ren\xe9e M\xfcller" <renee.mueller@mail.example>',
    'To: office@postbag.example',
    `Subject: ${subject}`,
    'Date: Tue, 24 Nov 2026 08:15:00 +0000',
    `Message-ID: <${unique('latin1')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    'Content-Transfer-Encoding: 7bit',
    '',
    'The licence for the cafe was refused.',
    '',
  ]);
}

/** A UTF-7 encoded word in the subject, as some old webmail still writes. */
export function utf7Subject(): Buffer {
  return crlf([
    'From: Jo Bloggs <jo@mail.example>',
    'To: office@postbag.example',
    'Subject: =?UTF-7?Q?Caf+AOk-_closure_?= =?utf-7?B?' + Buffer.from('+AKM-500 fine').toString('base64') + '?=',
    'Date: Tue, 24 Nov 2026 08:16:00 +0000',
    `Message-ID: <${unique('utf7')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Please help.',
    '',
  ]);
}

/** A body in UTF-7 (text and HTML), as a few old programs still send; the HTML hides a script that way. */
export function utf7Body(): Buffer {
  return crlf([
    'From: Jo Bloggs <jo@mail.example>',
    'To: office@postbag.example',
    'Subject: Parking permit',
    'Date: Tue, 24 Nov 2026 08:17:00 +0000',
    `Message-ID: <${unique('utf7body')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="u7"',
    '',
    '--u7',
    'Content-Type: text/plain; charset=utf-7',
    '',
    'The permit costs +AKM-40 at the caf+AOk- counter, 1+-1.',
    '--u7',
    'Content-Type: text/html; charset="UTF-7"',
    '',
    '<p>The permit costs +AKM-40.</p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-',
    '--u7--',
    '',
  ]);
}

/** Apple Mail: multipart/related, the photo shown in the HTML by its Content-ID. */
export function appleInlineImage(): Buffer {
  const cid = `${unique('photo')}@apple.example`;
  return crlf([
    'From: Sam Carter <sam@mail.example>',
    'Content-Type: multipart/alternative; boundary="Apple-Mail=_A1"',
    'Mime-Version: 1.0 (Mac OS X Mail 16.0)',
    'Subject: Photo of the pothole',
    'Date: Tue, 24 Nov 2026 09:00:00 +0000',
    `Message-Id: <${unique('apple')}@mail.example>`,
    'To: office@postbag.example',
    '',
    '--Apple-Mail=_A1',
    'Content-Transfer-Encoding: 7bit',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Here is the pothole.',
    '',
    '--Apple-Mail=_A1',
    'Content-Type: multipart/related; type="text/html"; boundary="Apple-Mail=_R2"',
    '',
    '--Apple-Mail=_R2',
    'Content-Transfer-Encoding: 7bit',
    'Content-Type: text/html; charset=us-ascii',
    '',
    `<html><body><p>Here is the pothole.</p><img src="cid:${cid}" alt="pothole"><img src="cid:missing@apple.example" alt="gone"></body></html>`,
    '--Apple-Mail=_R2',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: inline; filename=IMG_0042.jpeg',
    'Content-Type: image/jpeg; name="IMG_0042.jpeg"',
    `Content-Id: <${cid}>`,
    '',
    base64(jpeg),
    '--Apple-Mail=_R2--',
    '',
    '--Apple-Mail=_A1--',
    '',
  ]);
}

/** A forward as an attachment (Thunderbird's "Forward as Attachment"). */
export function forwardedMessage(): Buffer {
  return crlf([
    'From: Pat Lee <pat@mail.example>',
    'To: office@postbag.example',
    'Subject: Fwd: Your council tax',
    'Date: Tue, 24 Nov 2026 10:00:00 +0000',
    `Message-ID: <${unique('fwd')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="------------fwd01"',
    '',
    '--------------fwd01',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'See the council reply below.',
    '',
    '--------------fwd01',
    'Content-Type: message/rfc822; name="Your council tax.eml"',
    'Content-Disposition: attachment; filename="Your council tax.eml"',
    '',
    'From: Council Tax <ctax@council.example>',
    'To: pat@mail.example',
    'Subject: Your council tax',
    'Date: Mon, 2 Nov 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Your band stays at D.',
    '',
    '--------------fwd01--',
    '',
  ]);
}

/** A message with a date line as given (or none, when `date` is null). */
export function dated(date: string | null, subject: string): Buffer {
  return crlf([
    'From: Lee Smith <lee@mail.example>',
    'To: office@postbag.example',
    `Subject: ${subject}`,
    ...(date === null ? [] : [`Date: ${date}`]),
    `Message-ID: <${unique('dated')}@mail.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'About my bins.',
    '',
  ]);
}

/** A photo from a phone's mail program: no file name, declared as image/jpg (not a registered type). */
export function imageJpg(): Buffer {
  return crlf([
    'From: Kim Park <kim@mail.example>',
    'To: office@postbag.example',
    'Subject: Photo of the damp',
    'Date: Tue, 24 Nov 2026 11:00:00 +0000',
    `Message-ID: <${unique('jpg')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Photo attached.',
    '--b1',
    'Content-Type: image/jpg',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment',
    '',
    base64(jpeg),
    '--b1--',
    '',
  ]);
}

/** Files named as a hostile or careless program names them. */
export function badlyNamedFiles(names: readonly string[]): Buffer {
  return crlf([
    'From: Max Hill <max@mail.example>',
    'To: office@postbag.example',
    'Subject: Files with odd names',
    'Date: Tue, 24 Nov 2026 12:00:00 +0000',
    `Message-ID: <${unique('names')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b2"',
    '',
    '--b2',
    'Content-Type: text/plain',
    '',
    'Letters attached.',
    ...names.flatMap((name) => ['--b2', 'Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(name)}`, '', base64(pdf)]),
    '--b2--',
    '',
  ]);
}

/**
 * A multipart whose closing boundary never comes. `cutInFile`: it stops inside the last file's
 * base64 (a broken download); otherwise only the closing line is missing (a careless program).
 */
export function unclosedMultipart(cutInFile: boolean): Buffer {
  const last = cutInFile ? base64(pdf).slice(0, 10) : base64(pdf);
  return crlf([
    'From: Ali Khan <ali@mail.example>',
    'To: office@postbag.example',
    `Subject: ${cutInFile ? 'Cut short' : 'No closing boundary'}`,
    'Date: Tue, 24 Nov 2026 13:00:00 +0000',
    `Message-ID: <${unique('unclosed')}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b3"',
    '',
    '--b3',
    'Content-Type: text/plain',
    '',
    'Two letters attached.',
    '--b3',
    'Content-Type: application/pdf; name="first.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="first.pdf"',
    '',
    base64(pdf),
    '--b3',
    'Content-Type: application/pdf; name="second.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="second.pdf"',
    '',
    last,
  ]);
}

/** TNEF attribute ids (MS-OXTNEF 2.1.3.2): the low word is the id, the high word the type. */
const tnefAttribute = { messageClass: 0x00078008, renderData: 0x00069002, title: 0x00018010, data: 0x0006800f, tnefVersion: 0x00089006 };

/** One TNEF attribute: level, id, length, data, checksum (the data's bytes summed modulo 65536). */
function attribute(level: 1 | 2, id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt8(level, 0);
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(data.length, 5);
  const sum = Buffer.alloc(2);
  sum.writeUInt16LE(data.reduce((total, byte) => (total + byte) & 0xffff, 0), 0);
  return Buffer.concat([head, data, sum]);
}

/** A winmail.dat as Outlook writes it: signature, key, message attributes, then each file. */
export function winmailDat(files: readonly { title: string; content: Buffer }[]): Buffer {
  const signature = Buffer.alloc(6);
  signature.writeUInt32LE(0x223e9f78, 0);
  signature.writeUInt16LE(0x0001, 4);
  const version = Buffer.alloc(4);
  version.writeUInt32LE(0x00010000, 0);
  return Buffer.concat([
    signature,
    attribute(1, tnefAttribute.tnefVersion, version),
    attribute(1, tnefAttribute.messageClass, Buffer.from('IPM.Microsoft Mail.Note\0', 'latin1')),
    ...files.flatMap((file) => [
      // attRendData: an attachment of type file (1), position unknown (0xFFFFFFFF), no rendering.
      attribute(2, tnefAttribute.renderData, Buffer.from('0100ffffffff000000000000', 'hex')),
      attribute(2, tnefAttribute.title, Buffer.from(`${file.title}\0`, 'latin1')),
      attribute(2, tnefAttribute.data, file.content),
    ]),
  ]);
}

/** Outlook sending rich text: the files travel inside winmail.dat. */
export function outlookWinmail(files: readonly { title: string; content: Buffer }[]): Buffer {
  return crlf([
    'From: "Hughes, Gareth" <gareth.hughes@mail.example>',
    'To: office@postbag.example',
    'Subject: Planning objection letters',
    'Date: Tue, 24 Nov 2026 14:00:00 +0000',
    `Message-ID: <${unique('outlook')}@EXCH01.mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="_002_outlook_"',
    'X-MS-TNEF-Correlator: <00000000@EXCH01.mail.example>',
    '',
    '--_002_outlook_',
    'Content-Type: text/plain; charset="us-ascii"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Both letters are attached.',
    '',
    '--_002_outlook_',
    'Content-Type: application/ms-tnef; name="winmail.dat"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="winmail.dat"',
    '',
    base64(winmailDat(files)),
    '--_002_outlook_--',
    '',
  ]);
}
