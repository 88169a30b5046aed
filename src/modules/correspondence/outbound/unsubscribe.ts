import { type UnsubscribeClaim, unsubscribeToken } from '../../../platform/crypto/unsubscribe-token.js';

/**
 * What every marketing e-mail carries and casework never does (issue 13): RFC 8058's one-click
 * unsubscribe headers, and a visible link at the foot of its text. Both are added by the send job,
 * the one place e-mail is handed to the SMTP server, so no caller can leave them out. The token is
 * signed (platform/crypto/unsubscribe-token.ts); the same message always gets the same one, so a
 * resend after a crash carries the same links.
 */
export interface UnsubscribeDeps {
  masterKey: Buffer;
  /** The public site's origin (config.publicUrl): the links open it. */
  publicUrl: string;
}

export interface UnsubscribeLinks {
  /** The page with a button (the visible link). */
  page: string;
  /** RFC 8058's address for the mail program's POST. */
  oneClick: string;
}

export function unsubscribeLinks(deps: UnsubscribeDeps, claim: UnsubscribeClaim): UnsubscribeLinks {
  const token = unsubscribeToken(deps.masterKey, claim);
  return { page: `${deps.publicUrl}/unsubscribe/${token}`, oneClick: `${deps.publicUrl}/u/${token}` };
}

/** RFC 2369's List-Unsubscribe with an HTTPS address, and RFC 8058's List-Unsubscribe-Post that makes it one-click. */
export function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The text with the unsubscribe link at its foot, after the usual signature separator. */
export function withUnsubscribeFooter(text: string, links: UnsubscribeLinks, officeName: string): string {
  return `${text.replace(/\s+$/, '')}\n\n-- \nYou are getting this e-mail because you asked ${officeName} for updates. To stop them, unsubscribe here:\n${links.page}\n`;
}
