import type { ParsedMail } from 'mailparser';
import type { TestApp } from '../../../../../test/support/app.js';
import { issueToken } from '../../../../platform/http/form-token.js';
import { signupTokenKey } from '../service.js';

/** Helpers for the sign-up tests: a form token of a chosen age, the form posted as a browser does, the link from the e-mail. */

export const MINUTE = 60_000;

export function signupTokenServed(t: TestApp, officeId: string, ageMs = MINUTE): string {
  return issueToken(signupTokenKey(t.ctx.auth.masterKey), officeId, new Date(Date.now() - ageMs));
}

let nextAddress = 1;
/** Each test its own client address, so the per-address rate limit counts only its own sign-ups. */
export const freshAddress = () => `127.0.8.${nextAddress++}`;

/** Posts the form urlencoded, as a page without script does; `topics` as one field per ticked box. */
export function postSignup(t: TestApp, officeId: string, fields: Record<string, string>, topics: readonly string[]) {
  const body = new URLSearchParams(fields);
  for (const id of topics) body.append('topic', id);
  return t.app.inject({
    method: 'POST',
    url: `/subscribe/${officeId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
    remoteAddress: freshAddress(),
  });
}

/** The confirmation link in a captured e-mail's text. */
export function confirmationLink(mail: ParsedMail): string {
  const link = /https?:\/\/\S+\/subscribe\/[0-9a-f-]+\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!link) throw new Error(`no confirmation link in: ${mail.text}`);
  return link;
}
