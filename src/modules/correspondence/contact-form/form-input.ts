import type { FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../attachment-policy.js';
import type { ReceivedFile } from '../attachments.js';
import { ATTACHMENTS, type FieldErrors, formFieldNames, type FormValues, MAX_FORM_FILES } from './schemas.js';

export interface FormInput {
  values: FormValues;
  /** Hidden fields: the honeypot and the form token. */
  hidden: Record<string, string>;
  files: ReceivedFile[];
  /** Problems with the upload itself (too many files, a file too large): the person can fix them. */
  uploadErrors: FieldErrors;
}

const MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

/** Reads the multipart form: every field as text, and the attached files, whole. */
export async function readForm(request: FastifyRequest): Promise<FormInput> {
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const uploadErrors: FieldErrors = {};
  let tooLarge = 0;
  // A file over the limit arrives cut short and is reported, not thrown: the form is shown again with
  // the reason. (The option works for parts() too; its type declares it for files() only.)
  const options: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = { throwFileSizeLimit: false };
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in fields)) fields[part.fieldname] = part.value;
        continue;
      }
      const content = await part.toBuffer();
      // A file input left empty still sends a part, with no name and no bytes.
      if (part.fieldname !== ATTACHMENTS || (!part.filename && content.length === 0)) continue;
      if (part.file.truncated) tooLarge += 1;
      else files.push({ filename: part.filename, contentType: part.mimetype, content });
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_FILES_LIMIT') throw error;
    uploadErrors.attachments = `Attach at most ${MAX_FORM_FILES} files`;
  }
  if (tooLarge) uploadErrors.attachments = `Each file must be smaller than ${MB} MB: ${tooLarge === 1 ? 'one file is' : `${tooLarge} files are`} larger`;
  else if (files.length > MAX_FORM_FILES) uploadErrors.attachments = `Attach at most ${MAX_FORM_FILES} files (you attached ${files.length})`;
  const values = Object.fromEntries(formFieldNames.map((name) => [name, fields[name] ?? ''])) as FormValues;
  const hidden = Object.fromEntries(Object.entries(fields).filter(([name]) => !(formFieldNames as readonly string[]).includes(name)));
  return { values, hidden, files, uploadErrors };
}
