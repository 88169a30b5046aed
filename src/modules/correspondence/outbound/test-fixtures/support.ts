import { deflateSync } from 'node:zlib';
import { type SignedInClient, type TestApp, demo } from '../../../../../test/support/app.js';
import { client, newAgency } from '../../../casework/test-fixtures/support.js';

/** Helpers for the outbound correspondence tests. */

export const FROM = 'office@example-constituency.org.uk';

/**
 * The demo office set up to write: correspondence settings (by the manager), a constituent with
 * an e-mail and a postal address, an agency, and a case about them owned by the caseworker.
 */
export async function officeWithCase(t: TestApp) {
  const manager = await t.signIn(demo.email('manager'));
  const owen = await t.signIn(demo.email('caseworker'));
  const saved = await sendAs(t, manager, 'PUT', '/office/correspondence', {
    fromAddress: FROM,
    signature: 'Member of Parliament for Example',
    letterheadAddress: 'House of Commons\nLondon SW1A 0AA',
    privacyNoticeUrl: 'https://example-constituency.org.uk/privacy',
  });
  if (saved.statusCode !== 200) throw new Error(`saving the correspondence settings failed: ${saved.body}`);
  const api = client(t, owen);
  const person = await api.created('/people', {
    givenName: 'Idris',
    familyName: 'Jones',
    source: 'email',
    contactPoints: [
      { kind: 'email', value: 'idris.jones@example.org', preferred: true, source: 'email' },
      { kind: 'postal_address', lines: ['12 Mill Lane', 'Halesowen'], postcode: 'B63 3AA', preferred: true, source: 'letter' },
    ],
  });
  const agency = await newAgency(t, owen, 'Home Office (UK Visas and Immigration)');
  const openCase = (constituentId: string = person.id) =>
    api.created('/cases', { constituentIds: [constituentId], summary: 'Visa application delayed', agencies: [{ organisationId: agency.id, agencyReference: 'HO-4471' }] });
  const theCase = await openCase();
  return { manager, owen, api, managerApi: client(t, manager), person, agency, theCase, openCase };
}

export async function sendAs(t: TestApp, user: SignedInClient, method: 'PUT' | 'POST' | 'PATCH', url: string, payload: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: user.headers, payload });
}

/** The lines of text in a PDF that Postbag wrote (uncompressed): each BT…ET block's hex strings, decoded. */
export function pdfLines(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  return [...source.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)].map(([, block]) =>
    [...block!.matchAll(/<([0-9a-f]*)>/gi)].map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1')).join(''),
  );
}

/** A real PNG image, `size` × `size` pixels of one colour. */
export function png(size = 4): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0xc0)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A multipart/form-data body with one file field. */
export function multipart(filename: string, contentType: string, content: Buffer) {
  const boundary = '----postbag-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
