/**
 * One campaign's letter as constituents really send it: the same words from different mail
 * programs, each with its own greeting, sign-off, quoting, wrapping and character set.
 */

export const CAMPAIGN_SUBJECT = 'Please support the Clean Rivers Bill';

/** The campaign's words, as the campaign's web page gives them (curly quotes, a pound sign). */
export const CAMPAIGN_TEXT = [
  'I am writing to ask you to support the Clean Rivers Bill when it comes before Parliament next month.',
  'Sewage discharges into our rivers and seas rose again last year, while the water companies’ shareholders were paid £1.4 billion.',
  'Please vote for the Bill, and tell me what you will do to make the companies clean up.',
];

const crlf = (lines: readonly string[]) => Buffer.from(lines.join('\r\n'), 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

export interface Sender {
  name: string;
  address: string;
}

/** Gmail: multipart/alternative in UTF-8, the text wrapped at 78, an earlier message quoted below. */
export function gmail(id: string, from: Sender, words: readonly string[] = CAMPAIGN_TEXT): Buffer {
  const text = [`Dear Sam Taylor,`, '', ...words.flatMap((p) => [wrap(p, 78), '']), 'Best wishes,', from.name, '', 'On Mon, 16 Nov 2026 at 10:02, Clean Rivers Now <act@cleanrivers.example> wrote:', '> Thank you for signing up. Write to your MP today!', '> The Clean Rivers Now team'].join('\r\n');
  return crlf([
    `From: ${from.name} <${from.address}>`,
    'To: office@postbag.example',
    `Subject: ${CAMPAIGN_SUBJECT}`,
    'Date: Mon, 23 Nov 2026 09:30:00 +0000',
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="000000000000gmail"',
    '',
    '--000000000000gmail',
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    utf8(text),
    '--000000000000gmail',
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    utf8(`<div dir="ltr"><p>Dear Sam Taylor,</p>${words.map((p) => `<p>${p}</p>`).join('')}<p>Best wishes,<br>${from.name}</p></div>`),
    '--000000000000gmail--',
    '',
  ]);
}

/** Outlook: quoted-printable ISO-8859-1 (straight apostrophe, =A3 for the pound), soft line breaks, "Yours sincerely" with an address, the earlier message under a rule. */
export function outlook(id: string, from: Sender, words: readonly string[] = CAMPAIGN_TEXT): Buffer {
  const latin = words.map((p) => p.replace('’', "'"));
  // Soft line breaks every 70 characters, then the pound sign encoded (never split across a break).
  const qp = (line: string) => (line.match(/.{1,70}/g) ?? []).map((chunk) => chunk.replace(/£/g, '=A3')).join('=\r\n');
  return crlf([
    `From: "${from.name}" <${from.address}>`,
    'To: "Office of Sam Taylor MP" <office@postbag.example>',
    `Subject: RE: ${CAMPAIGN_SUBJECT}`,
    'Date: Mon, 23 Nov 2026 10:15:00 +0000',
    `Message-ID: <${id}>`,
    'Content-Language: en-GB',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="iso-8859-1"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Dear Mr Taylor MP,',
    '',
    ...latin.flatMap((p) => [qp(p), '']),
    'Yours sincerely,',
    '',
    from.name,
    '14 Church Street',
    'Halesowen B63 3AB',
    '',
    '________________________________',
    'From: Clean Rivers Now <act@cleanrivers.example>',
    'Sent: 16 November 2026 10:02',
    'Subject: Write to your MP today',
    '',
  ]);
}

/** An HTML-only message (a campaign site's "send" button): no text part, entities for the quotes, a phone's line at the end. */
export function htmlOnly(id: string, from: Sender, words: readonly string[] = CAMPAIGN_TEXT): Buffer {
  const html = `<html><body><p>Hello Sam,</p>${words.map((p) => `<p>${p.replace('’', '&rsquo;').replace('£', '&pound;')}</p>`).join('\n')}<p>Kind regards,<br>${from.name}</p><p>Sent from my iPhone</p></body></html>`;
  return crlf([
    `From: ${from.name} <${from.address}>`,
    'To: office@postbag.example',
    `Subject: ${CAMPAIGN_SUBJECT}`,
    'Date: Mon, 23 Nov 2026 11:00:00 +0000',
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
    '',
    html,
    '',
  ]);
}

/** Windows-1252 (an old client): a curly apostrophe as byte 0x92, the text in capitals and spaced oddly, a signature after "-- ". */
export function windows1252(id: string, from: Sender, words: readonly string[] = CAMPAIGN_TEXT): Buffer {
  const body = words.map((p) => p.toUpperCase().replace(/ /g, '  ').replace('’', '\x92').replace('£', '\xa3')).join('\r\n');
  return crlf([
    `From: ${from.name} <${from.address}>`,
    'To: office@postbag.example',
    `Subject: ${CAMPAIGN_SUBJECT.toUpperCase()}`,
    'Date: Mon, 23 Nov 2026 12:00:00 +0000',
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=windows-1252',
    'Content-Transfer-Encoding: 8bit',
    '',
    'DEAR SAM',
    '',
    body,
    '',
    'Thanks',
    '-- ',
    from.name,
    '07700 900123',
    '',
  ]);
}

export const clients = { gmail, outlook, htmlOnly, windows1252 };

/** The campaign's words with a line of its own, so that each test's campaign is a group of its own. */
export const campaignWords = (line: string): string[] => [...CAMPAIGN_TEXT, line];

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\r\n');
}
