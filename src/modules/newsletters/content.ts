import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';
import { AppError, ErrorCode, validationFailed } from '../../platform/errors/errors.js';
import { fieldsIn, type MergeValues, render } from '../correspondence/service.js';

/**
 * A newsletter's words: the HTML the editor sends, sanitised on the server (what an editor
 * makes: paragraphs, headings, lists, emphasis, links, quotes; no scripts, styles, images that
 * load from elsewhere or forms), and the plain-text part generated from it, so the two always
 * say the same thing. Merge fields (`{{constituent.name}}`, ...) are the outbound templates'
 * own, filled per recipient: in the HTML with the value escaped.
 */

const allowedTags = ['p', 'br', 'h1', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'hr', 'code', 'pre'];

export function sanitiseNewsletterHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ['href', 'rel', 'target'] },
    allowedSchemes: ['https', 'http', 'mailto', 'tel'],
    allowProtocolRelative: false,
    transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' } }) },
  }).trim();
}

/** The plain-text part: headings in capitals, links as "text [url]", lists with bullets, lines kept under 78 characters. */
export function plainTextOf(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['[', ']'] } },
      { selector: 'h1', options: { uppercase: true } },
      { selector: 'h2', options: { uppercase: true } },
    ],
  }).trim();
}

/** What the mailing says once sanitised; a body that says nothing once cleaned (only a script, an empty paragraph) is refused. */
export function mailingContent(subject: string, html: string): { subject: string; html: string; text: string } {
  const clean = sanitiseNewsletterHtml(html);
  const text = plainTextOf(clean);
  if (!text) throw validationFailed([{ path: 'body.html', message: 'must have some words in it once cleaned of what e-mail cannot carry (scripts, styles, forms)' }]);
  // An unknown or unclosed field is the writer's, whoever it would go to.
  fieldsIn(subject, 'body.subject');
  fieldsIn(clean, 'body.html');
  return { subject, html: clean, text };
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** One recipient's copy; a merge field with no value for them is a 409 naming it (render's rule). */
export function renderFor(content: RenderedMessage, values: MergeValues): RenderedMessage {
  const { subject, body: text } = render({ subject: content.subject, body: content.text }, values);
  const escaped: MergeValues = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? v : escapeHtml(v)]));
  const { body: html } = render({ subject: '', body: content.html }, escaped);
  return { subject, html, text };
}

/** Whether rendering for this recipient failed only for want of a merge value (they are then left out, counted). */
export const isMissingMergeValue = (error: unknown) => error instanceof AppError && error.code === ErrorCode.Conflict;
