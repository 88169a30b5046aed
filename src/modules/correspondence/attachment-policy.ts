/**
 * What files Postbag keeps: documents and images people send about their case. Programs, scripts
 * and archives are refused (an archive could hide either, or be a zip bomb); Office documents are
 * zip containers themselves and are checked for what they would expand to (see zip-check.ts).
 */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
export const MAX_MESSAGE_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

const allowed: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'image/tiff': ['tif', 'tiff'],
  'text/plain': ['txt'],
  'text/csv': ['csv'],
  'application/rtf': ['rtf'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'message/rfc822': ['eml'],
};

/** Types that are zip containers: what they expand to is checked before they are kept. */
export const zipContainerTypes: ReadonlySet<string> = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/** Declared types some programs write for a type on the list (Outlook and old Internet Explorer). */
const aliases: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/x-png': 'image/png' };

const byExtension = new Map(Object.entries(allowed).flatMap(([type, extensions]) => extensions.map((ext) => [ext, type] as const)));

export const allowedExtensions: readonly string[] = [...byExtension.keys()];

/**
 * The type Postbag will keep the file as, judged by its name (what the sender's program declared
 * is often generic, e.g. application/octet-stream); undefined if the type is not accepted.
 */
export function acceptedType(filename: string, declaredType: string): string | undefined {
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase();
  const byName = extension ? byExtension.get(extension) : undefined;
  if (byName) return byName;
  // No extension (a pasted image, a scanner): trust a declared type only if it is on the list.
  const declared = declaredType.toLowerCase();
  const type = aliases[declared] ?? declared;
  return extension === undefined && Object.hasOwn(allowed, type) ? type : undefined;
}
