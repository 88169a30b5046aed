import type { TestApp } from '../../../../../test/support/app.js';
import { issueToken } from '../../../../platform/http/form-token.js';
import { formTokenKey } from '../token.js';

/** Helpers for the contact form tests: real multipart bodies, tokens of a chosen age. */

/** A form token as the page would have served it `ageMs` ago. */
export function tokenServed(t: TestApp, officeId: string, ageMs: number): string {
  return issueToken(formTokenKey(t.ctx.auth.masterKey), officeId, new Date(Date.now() - ageMs));
}

export interface UploadFile {
  name: string;
  type: string;
  content: string | Buffer;
}

let nextAddress = 1;
/** Each test its own client address, so the per-address rate limit counts only its own submissions. */
export const freshAddress = () => `127.0.9.${nextAddress++}`;

/** Posts the form as a browser would (multipart/form-data), from `remoteAddress`. */
export async function post(t: TestApp, officeId: string, fields: Record<string, string>, options: { files?: UploadFile[]; remoteAddress: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of options.files ?? []) form.append('attachments', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)], { type: file.type }), file.name);
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return t.app.inject({
    method: 'POST',
    url: `/contact/${officeId}`,
    headers: { 'content-type': encoded.headers.get('content-type')! },
    payload,
    remoteAddress: options.remoteAddress,
  });
}
