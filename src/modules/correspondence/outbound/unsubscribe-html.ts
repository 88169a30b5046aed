import type { UnsubscribeLinks } from './unsubscribe.js';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML part (a newsletter's) with the same visible unsubscribe link as its text, for readers who see only the HTML. */
export function withUnsubscribeFooterHtml(html: string, links: UnsubscribeLinks, officeName: string): string {
  return `${html}\n<hr>\n<p>You are getting this e-mail because you asked ${escape(officeName)} for updates. <a href="${escape(links.page)}">Unsubscribe</a>.</p>`;
}
