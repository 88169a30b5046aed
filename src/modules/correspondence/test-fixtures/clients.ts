/**
 * E-mails as other people's software really writes and saves them, byte for byte: the header
 * sets, line endings, mbox "From " lines and quirks of each program, with Postbag-specific
 * Message-IDs so that each test can find its own.
 */

const crlf = (lines: readonly string[]) => Buffer.from(lines.join('\r\n'), 'latin1');
const lf = (lines: readonly string[]) => Buffer.from(lines.join('\n'), 'latin1');

/** Outlook (Windows) saved as .eml: CRLF, a multipart/alternative with quoted-printable parts. */
export function outlook(id: string, subject: string): Buffer {
  return crlf([
    'Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208::1) by',
    ' DB7PR01MB5678.eurprd01.prod.exchangelabs.com with HTTPS; Mon, 23 Nov 2026 09:30:05 +0000',
    'From: "Jones, Bethan" <bethan.jones@example.co.uk>',
    'To: "Office of Sam Taylor MP" <office@postbag.example>',
    `Subject: ${subject}`,
    'Thread-Topic: Housing',
    'Thread-Index: AdnGk3x1y2z3w4v5u6t7s8r9q0p1oA==',
    'Date: Mon, 23 Nov 2026 09:30:00 +0000',
    `Message-ID: <${id}>`,
    'Accept-Language: en-GB, en-US',
    'Content-Language: en-GB',
    'X-MS-Has-Attach:',
    'X-MS-TNEF-Correlator:',
    'Content-Type: multipart/alternative;',
    '\tboundary="_000_AM0PR01MB1234_"',
    'MIME-Version: 1.0',
    '',
    '--_000_AM0PR01MB1234_',
    'Content-Type: text/plain; charset="iso-8859-1"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Dear Mr Taylor,=0D',
    'The rent went up by =A340 a month.',
    '',
    '--_000_AM0PR01MB1234_',
    'Content-Type: text/html; charset="iso-8859-1"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<html><body><p>Dear Mr Taylor,</p><p>The rent went up by =A340 a month.</p></body></html>',
    '',
    '--_000_AM0PR01MB1234_--',
    '',
  ]);
}

/** Thunderbird's "Save as .eml": it keeps its mbox "From - " line and its status headers; LF. */
export function thunderbird(id: string, subject: string): Buffer {
  return lf([
    'From - Mon Nov 23 09:31:12 2026',
    'X-Mozilla-Status: 0001',
    'X-Mozilla-Status2: 00000000',
    'X-Mozilla-Keys:                                                                                 ',
    `Message-ID: <${id}>`,
    'Date: Mon, 23 Nov 2026 09:31:00 +0000',
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    'Content-Language: en-GB',
    'To: office@postbag.example',
    'From: Gareth Price <gareth.price@example.org>',
    `Subject: ${subject}`,
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    '',
    Buffer.from('The bus to the hospital has been cut – twice this year.', 'utf8').toString('latin1'),
    '',
  ]);
}

/** Apple Mail's "Save As… Raw Message Source", opened and saved again in a Windows editor: a UTF-8 BOM and a blank line before the headers. */
export function appleMailWithBom(id: string, subject: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    lf([
      '',
      'From: Aled Morgan <aled@example.net>',
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Transfer-Encoding: 7bit',
      'Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))',
      `Subject: ${subject}`,
      `Message-Id: <${id}>`,
      'Date: Mon, 23 Nov 2026 09:32:00 +0000',
      'To: office@postbag.example',
      'X-Mailer: Apple Mail (2.3774.600.62)',
      '',
      'My appeal hearing is next week.',
      '',
    ]),
  ]);
}

/** An old mailer's obsolete syntax (RFC 5322 section 4.5): spaces before the colons, "Subject :" first. */
export function obsoleteSyntax(id: string, subject: string): Buffer {
  return crlf([`Subject : ${subject}`, 'From : Old Mailer <old@example.org>', 'To : office@postbag.example', 'Date : Mon, 23 Nov 2026 09:33:00 +0000', `Message-ID : <${id}>`, '', 'Sent from a very old program.', '']);
}

/** A Gmail Takeout mbox entry: Gmail's own "From " line and labels. */
export function gmailExport(id: string, subject: string): Buffer {
  return lf([
    'From 1783920462367436799@xxx Mon Nov 23 09:34:00 +0000 2026',
    'X-GM-THRID: 1783920462367436799',
    'X-Gmail-Labels: Inbox,Important',
    'MIME-Version: 1.0',
    'Date: Mon, 23 Nov 2026 09:34:00 +0000',
    `Message-ID: <${id}>`,
    `Subject: ${subject}`,
    'From: Rhian Davies <rhian.davies@gmail.example>',
    'To: office@postbag.example',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    'Thank you for your letter about the school.',
    '',
  ]);
}
