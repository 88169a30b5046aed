import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import yauzl from 'yauzl';
import type { AttachmentsTable } from '../../db/schema.js';
import { acceptedType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_MESSAGE_ATTACHMENT_BYTES, zipContainerTypes } from './attachment-policy.js';

export interface ReceivedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface KeptFile extends ReceivedFile {
  /** The type it is kept as (see acceptedType). */
  contentType: string;
}

/** A file not kept, and why: the message itself is still kept, with this note. No file name (it can be personal). */
export interface WithheldFile {
  contentType: string;
  sizeBytes: number;
  reason: string;
}

/** A zip container (.docx, .xlsx, ...) may expand to no more than this, nor by more than this ratio. */
const MAX_EXPANDED_BYTES = 100 * 1024 * 1024;
const MAX_RATIO = 200;
const MAX_ENTRIES = 5_000;

/** Sorts a message's files into those kept and those withheld, each with the reason. */
export async function screenFiles(files: readonly ReceivedFile[]): Promise<{ kept: KeptFile[]; withheld: WithheldFile[] }> {
  const kept: KeptFile[] = [];
  const withheld: WithheldFile[] = [];
  let total = 0;
  for (const received of files) {
    const file = { ...received, filename: baseName(received.filename) };
    const withhold = (reason: string) => withheld.push({ contentType: file.contentType, sizeBytes: file.content.length, reason });
    const type = acceptedType(file.filename, file.contentType);
    if (!type) withhold('files of this type are not accepted (only documents and images)');
    else if (file.content.length > MAX_ATTACHMENT_BYTES) withhold(`larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    else if (kept.length >= MAX_ATTACHMENTS) withhold(`more than ${MAX_ATTACHMENTS} files on one message`);
    else if (total + file.content.length > MAX_MESSAGE_ATTACHMENT_BYTES) withhold(`the message's files come to more than ${MAX_MESSAGE_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    else {
      const problem = zipContainerTypes.has(type) ? await zipProblem(file.content) : undefined;
      if (problem) withhold(problem);
      else {
        kept.push({ ...file, contentType: type });
        total += file.content.length;
      }
    }
  }
  return { kept, withheld };
}

/**
 * The file's own name, without any folder a sender's program put before it (`../../etc/x`,
 * `C:\\Users\\x`), control characters (NUL included) or the marks that reverse text direction
 * (which disguise `exe.pdf`): a name is only ever a label, never a path.
 */
export function baseName(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = filename.replace(/[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  const base = clean.split(/[/\\]/).at(-1)!.replace(/^[a-z]:/i, '').trim();
  return base.replace(/^\.+$/, '') || 'attachment';
}

/**
 * Expands the container without keeping what comes out, stopping as soon as it grows past the
 * limits: declared sizes can lie, so the bytes themselves are counted.
 */
async function zipProblem(content: Buffer): Promise<string | undefined> {
  const bomb = `it would expand to more than ${MAX_EXPANDED_BYTES / 1024 / 1024} MB or ${MAX_RATIO} times its size (a "zip bomb")`;
  const limit = Math.min(MAX_EXPANDED_BYTES, content.length * MAX_RATIO);
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true }, (error, z) => (error ? reject(error) : resolve(z))));
  } catch {
    return 'it is not a valid document (the file is damaged)';
  }
  if (zip.entryCount > MAX_ENTRIES) return bomb;
  let expanded = 0;
  let done = false;
  return new Promise((resolve) => {
    const finish = (problem: string | undefined) => {
      if (done) return;
      done = true;
      zip.close();
      resolve(problem);
    };
    zip.on('error', () => finish('it is not a valid document (the file is damaged)'));
    zip.on('end', () => finish(undefined));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (/\/$/.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return finish('it is not a valid document (the file is damaged)');
        stream.on('data', (chunk: Buffer) => {
          expanded += chunk.length;
          if (expanded > limit) {
            stream.destroy();
            finish(bomb);
          }
        });
        stream.on('error', () => finish('it is not a valid document (the file is damaged)'));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The rows of a message's kept files, sealed (see sealing.ts). */
export function attachmentRows(
  officeId: string,
  messageId: string,
  files: readonly { id: string; contentType: string; content: Buffer }[],
  sealed: readonly { filename_sealed: string; content_sealed: string }[],
): Insertable<AttachmentsTable>[] {
  return files.map((file, i) => ({
    office_id: officeId,
    id: file.id,
    message_id: messageId,
    content_type: file.contentType,
    size_bytes: file.content.length,
    sha256: sha256(file.content),
    ...sealed[i]!,
  }));
}
