import type { FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../attachment-policy.js';
import type { ReceivedFile } from '../attachments.js';
import { AppError, ErrorCode } from '../../../platform/errors/errors.js';
import { invalid, problemsOf } from './problems.js';
import { MAX_SCANS, type NoteFields, noteFields } from './schemas.js';

const SCANS = 'scans';
const tooLarge = (what: string) => new AppError(ErrorCode.PayloadTooLarge, `${what} Nothing was saved.`);

/**
 * Reads a note sent as multipart/form-data: its fields, checked, and the scans of a letter (files
 * named "scans"). An empty field counts as not given, as a browser sends a blank input.
 */
export async function readNoteForm(request: FastifyRequest): Promise<{ note: NoteFields; scans: ReceivedFile[] }> {
  if (!request.isMultipart()) {
    throw new AppError(ErrorCode.UnsupportedMediaType, `Send the note as multipart/form-data: its fields, and scans of a letter as files named "${SCANS}".`);
  }
  const fields = new Map<string, string>();
  const scans: ReceivedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== SCANS) throw invalid('The note', [{ path: `body.${part.fieldname}`, message: `is not a field for files: send scans as files named "${SCANS}"` }]);
        if (scans.length === MAX_SCANS) throw invalid('The note', [{ path: `body.${SCANS}`, message: `must be at most ${MAX_SCANS} files` }]);
        scans.push({ filename: part.filename, contentType: part.mimetype, content: await part.toBuffer() });
      } else {
        if (part.valueTruncated) throw tooLarge(`The field "${part.fieldname}" is too long.`);
        if (fields.has(part.fieldname)) throw invalid('The note', [{ path: `body.${part.fieldname}`, message: 'must be given once' }]);
        const value = String(part.value);
        if (value !== '') fields.set(part.fieldname, value);
      }
    }
  } catch (error) {
    throw multipartError(error, scans.length);
  }
  const parsed = noteFields.safeParse(Object.fromEntries(fields));
  if (!parsed.success) throw invalid('The note', problemsOf(parsed.error, 'body'));
  if (scans.length && parsed.data.channel !== 'letter') throw invalid('The note', [{ path: `body.${SCANS}`, message: 'are for letters only' }]);
  return { note: parsed.data, scans };
}

/** The upload library's limits, in the API's words. */
function multipartError(error: unknown, scansRead: number): unknown {
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(`Scan ${scansRead + 1} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB: scan it at a lower resolution, or as separate pages.`);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return tooLarge(`The form has too many fields or files (at most ${MAX_SCANS} scans).`);
    default:
      return error;
  }
}
