import { type Html, html } from '../../../platform/http/html.js';
import type { Block, NoticeDocument } from './document.js';

/** The notice as published: the article's HTML (kept as rendered) and its plain text (what versions are compared on). */
export interface RenderedNotice {
  title: string;
  html: string;
  text: string;
}

function blockHtml(block: Block): Html {
  switch (block.kind) {
    case 'p':
      return html`<p>${block.text}</p>`;
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
    case 'terms':
      return html`<dl>${block.items.map(([term, description]) => html`<dt>${term}</dt><dd>${description}</dd>`)}</dl>`;
    case 'table':
      return html`<table><caption>${block.caption}</caption><thead><tr>${block.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${block.rows.map(
        ([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((cell) => html`<td>${cell}</td>`)}</tr>`,
      )}</tbody></table>`;
    case 'part':
      // A part sits one level below the section that holds it.
      return html`<section aria-labelledby="${block.id}"><h3 id="${block.id}">${block.heading}</h3>${block.blocks.map(blockHtml)}</section>`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'terms':
      return block.items.map(([term, description]) => `${term}: ${description}`).join('\n');
    case 'table':
      return [block.caption, ...block.rows.map((row) => row.map((cell, i) => `${block.head[i]}: ${cell}`).join('\n'))].join('\n\n');
    case 'part':
      return [`### ${block.heading}`, ...block.blocks.map(blockText)].join('\n\n');
  }
}

export function renderNotice(doc: NoticeDocument): RenderedNotice {
  const article = html`<article aria-labelledby="notice-title">
<h1 id="notice-title">${doc.title}</h1>
<p class="lead">${doc.lead}</p>
<nav aria-labelledby="contents-title"><h2 id="contents-title">Contents</h2><ol>${doc.sections.map((s) => html`<li><a href="#${s.id}">${s.heading}</a></li>`)}</ol></nav>
${doc.sections.map((s) => html`<section aria-labelledby="${s.id}"><h2 id="${s.id}">${s.heading}</h2>${s.blocks.map(blockHtml)}</section>\n`)}</article>`;
  const text = [`# ${doc.title}`, doc.lead, ...doc.sections.map((s) => [`## ${s.heading}`, ...s.blocks.map(blockText)].join('\n\n'))].join('\n\n');
  return { title: doc.title, html: article.text, text: `${text}\n` };
}
