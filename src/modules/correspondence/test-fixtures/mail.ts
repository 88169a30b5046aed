import { crc32, deflateRawSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { SignedInClient } from '../../../../test/support/app.js';

/** Test e-mails written out by hand, as a mail program would. */

export interface MailSpec {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  date?: string;
  charset?: string;
  /** The body's bytes as given, e.g. latin1 bytes under a utf-8 label. */
  bodyBytes?: Buffer;
  files?: { filename: string; contentType: string; content: Buffer }[];
}

let counter = 0;

export function email(spec: MailSpec = {}): Buffer {
  const id = spec.messageId ?? `test-${process.pid}-${++counter}-${Date.now()}@mail.example`;
  const headers = [
    `From: ${spec.from ?? 'Alex Example <alex@mail.example>'}`,
    `To: ${spec.to ?? 'office@postbag.example'}`,
    `Subject: ${spec.subject ?? 'Help with my housing'}`,
    `Date: ${spec.date ?? 'Mon, 23 Nov 2026 09:30:00 +0000'}`,
    `Message-ID: <${id}>`,
    ...(spec.inReplyTo ? [`In-Reply-To: <${spec.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
  ];
  const textPart = (body: Buffer) => [`Content-Type: text/plain; charset=${spec.charset ?? 'utf-8'}`, 'Content-Transfer-Encoding: 8bit', '', body.toString('latin1')].join('\r\n');
  const body = spec.bodyBytes ?? Buffer.from(spec.text ?? 'Dear Sam, my flat has had damp for months.', 'utf8');
  const parts = [textPart(body)];
  if (spec.html) parts.push(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', Buffer.from(spec.html, 'utf8').toString('latin1')].join('\r\n'));
  for (const file of spec.files ?? []) {
    parts.push(
      [`Content-Type: ${file.contentType}; name="${file.filename}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${file.filename}"`, '', file.content.toString('base64').replace(/.{76}/g, '$&\r\n')].join(
        '\r\n',
      ),
    );
  }
  if (parts.length === 1) return Buffer.from([...headers, parts[0]].join('\r\n'), 'latin1');
  const boundary = `b${counter}`;
  return Buffer.from([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n'), 'latin1');
}

/** An mbox archive of these messages (mboxrd: "From " at a line start is quoted). */
export function mbox(messages: Buffer[]): Buffer {
  return Buffer.concat(
    messages.map((m) => Buffer.from(`From sender@mail.example Mon Nov 23 09:30:00 2026\n${m.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n\n`, 'latin1')),
  );
}

/** A zip file (deflated entries), as .docx and .xlsx files are. */
export function zipOf(entries: { name: string; content: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = deflateRawSync(entry.content);
    const name = Buffer.from(entry.name);
    const crc = crc32(entry.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Uploads mail through the import route as a signed-in member of staff would (an .eml unless `type` says otherwise). */
export function importMail(app: FastifyInstance, user: SignedInClient, body: Buffer, type = 'message/rfc822') {
  return app.inject({ method: 'POST', url: '/api/v1/messages/import', headers: { ...user.headers, 'content-type': type }, payload: body });
}
