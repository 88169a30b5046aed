import { Html, html } from '../../../platform/http/html.js';
import { publicLayout } from '../../../platform/http/public-page.js';

/**
 * The public privacy notice pages: server-rendered HTML, no script, no cookie, nothing from
 * another site (the app's CSP allows only its own, and inline styles). A version's article is
 * shown exactly as it was published; around it, which version it is and the others.
 */

/** The notice's own rules, after the public pages' common ones. */
const STYLE = `
main{max-width:44rem}h2{margin-top:2rem}
.lead{font-size:1.25rem}
.version{border-left:10px solid #1d70b8;padding:.5rem 1rem;margin:1rem 0;background:#f3f2f1}
.version.old{border-color:#d4351c}
dt{font-weight:700}dd{margin:0 0 .75rem 0}
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #b1b4b6;padding:.5rem .75rem .5rem 0}`;

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });
export const publishedOn = (d: Date) => longDate.format(d);

/** The notice is meant to be found: indexed, unlike the public forms. */
const layout = (heading: string, title: string, main: Html) => publicLayout({ name: heading }, title, main, { indexed: true, style: STYLE });

export interface PublishedVersion {
  number: number;
  published_at: Date;
}

const versionHref = (officeId: string, number: number) => `/privacy/${officeId}/versions/${number}`;

function versionList(officeId: string, versions: readonly PublishedVersion[], shown: number): Html {
  return html`<section aria-labelledby="versions-title">
<h2 id="versions-title">Versions of this notice</h2>
<ul>${versions.map((v, i) => {
    const label = `Version ${v.number}, published ${publishedOn(v.published_at)}${i === 0 ? ' (current)' : ''}`;
    return html`<li>${v.number === shown ? html`${label}: this page` : html`<a href="${i === 0 ? `/privacy/${officeId}` : versionHref(officeId, v.number)}">${label}</a>`}</li>`;
  })}</ul>
</section>`;
}

/** A published version, as published; `versions` newest first, the shown one among them. */
export function noticePage(officeName: string, officeId: string, shown: PublishedVersion & { html: string }, versions: readonly PublishedVersion[]): string {
  const current = versions[0]?.number === shown.number;
  const status = current
    ? html`<p class="version">Version ${shown.number}, published ${publishedOn(shown.published_at)}. This is the current notice.</p>`
    : html`<p class="version old">Version ${shown.number}, published ${publishedOn(shown.published_at)}. This version is no longer current: <a href="/privacy/${officeId}">read the current notice</a>.</p>`;
  return layout(officeName, `Privacy notice, version ${shown.number}: ${officeName}`, html`${status}${new Html(shown.html)}${versionList(officeId, versions, shown.number)}`);
}

/** What publishing now would give, for the office's staff: marked as not published. */
export function previewPage(officeName: string, article: string, problems: readonly string[]): string {
  const status = problems.length
    ? html`<div class="version old"><p>Preview: this notice cannot be published yet.</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`
    : html`<p class="version">Preview: not published. This is what the notice would say if it were published now.</p>`;
  return layout(officeName, `Preview of the privacy notice: ${officeName}`, html`${status}${new Html(article)}`);
}

/** Before the first publish, or for an office or version that does not exist: a page in words. */
export function noNoticePage(officeName: string | undefined, title: string, text: string): string {
  return layout(officeName ?? 'Privacy notice', title, html`<h1>${title}</h1><p>${text}</p>`);
}
