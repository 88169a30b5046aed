/**
 * The files inside a winmail.dat (TNEF, MS-OXTNEF), which Outlook sends in place of ordinary
 * attachments. Only what carries files is read: each attachment starts with attAttachRendData,
 * attAttachTitle names it and attAttachData holds its bytes; everything else is skipped.
 */
const SIGNATURE = 0x223e9f78;
const LEVEL_ATTACHMENT = 0x02;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;

export interface TnefFile {
  filename: string;
  content: Buffer;
}

/** The files, or undefined if this is not a well-formed TNEF stream (it is then kept as it came). */
export function tnefFiles(data: Buffer): TnefFile[] | undefined {
  if (data.length < 6 || data.readUInt32LE(0) !== SIGNATURE) return undefined;
  const files: { filename?: string; content?: Buffer }[] = [];
  // Signature (4 bytes) and legacy key (2); then attributes: level, id, length, data, checksum.
  for (let at = 6; at < data.length; ) {
    if (at + 9 > data.length) return undefined;
    const level = data.readUInt8(at);
    const id = data.readUInt32LE(at + 1);
    const length = data.readUInt32LE(at + 5);
    const start = at + 9;
    const end = start + length;
    if (end + 2 > data.length) return undefined;
    const value = data.subarray(start, end);
    if (checksum(value) !== data.readUInt16LE(end)) return undefined;
    if (level === LEVEL_ATTACHMENT) {
      if (id === ATT_ATTACH_REND_DATA) files.push({});
      const current = files.at(-1);
      if (current && id === ATT_ATTACH_TITLE) current.filename = value.toString('latin1').replace(/\0.*$/s, '');
      if (current && id === ATT_ATTACH_DATA) current.content = Buffer.from(value);
    }
    at = end + 2;
  }
  return files.flatMap((f, i) => (f.content ? [{ filename: f.filename || `winmail-${i + 1}`, content: f.content }] : []));
}

/** MS-OXTNEF: the sum of the data's bytes, modulo 65536. */
function checksum(value: Buffer): number {
  let sum = 0;
  for (const byte of value) sum = (sum + byte) & 0xffff;
  return sum;
}
