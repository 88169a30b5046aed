import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { toAppError } from '../errors/handler.js';
import { type Html, html } from './html.js';

/**
 * The layout of the public pages (the contact form, sign-up and unsubscribe): plain server-rendered
 * HTML that works without JavaScript, with no asset from anywhere else (the app's CSP allows only
 * its own, and inline styles) and no cookie.
 */

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#0b0c0c;margin:0;background:#fff}
header{background:#1d3557;color:#fff;padding:.75rem 1rem}header p{margin:0;font-weight:700}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:2rem;line-height:1.2}
.skip{position:absolute;left:-10000px}.skip:focus{position:static;display:block;padding:.5rem;background:#ffdd00;color:#0b0c0c}
fieldset{border:0;padding:0;margin:0 0 1.5rem}legend{font-size:1.375rem;font-weight:700;margin-bottom:.5rem}
.field{margin-bottom:1.25rem}label{display:block;font-weight:700}
.hint{color:#505a5f;margin:.25rem 0}
input[type=text],input[type=email],input[type=tel],textarea{box-sizing:border-box;width:100%;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0}
input.short{max-width:10rem}
textarea{min-height:12rem}
.checkbox{display:flex;gap:.75rem;align-items:flex-start;margin-bottom:.75rem}.checkbox input{width:1.5rem;height:1.5rem;margin:.15rem 0 0;flex:none}.checkbox label{font-weight:400}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.field-error{border-left:5px solid #d4351c;padding-left:.75rem}.field-error input,.field-error textarea{border-color:#d4351c}
.error-message{color:#d4351c;font-weight:700;margin:.25rem 0}
.error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}.error-summary h2{margin-top:0}.error-summary a{color:#d4351c;font-weight:700}
.panel{background:#00703c;color:#fff;padding:1.5rem;text-align:center;margin-bottom:1.5rem}.panel h1{margin:0 0 .5rem}.panel strong{font-size:1.75rem;display:block}
.notice{border-left:10px solid #b1b4b6;padding:.5rem 1rem;margin:1.5rem 0}
.hidden-field{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.visually-hidden{position:absolute;left:-10000px}
button{font:inherit;font-weight:700;background:#00703c;color:#fff;border:0;padding:.6rem 1.2rem;box-shadow:0 2px 0 #002d18;cursor:pointer}
a{color:#1d70b8}`;

/** A whole page: the office's name in the header (Postbag's when the office is not known), `main` as given. */
export function publicLayout(office: { name: string } | undefined, title: string, main: Html): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><p>${office?.name ?? 'Postbag'}</p></header>
<main id="main">
${main}
</main>
</body>
</html>
`.text;
}

/** A page that says one thing: a problem, or a plain answer. */
export function publicMessagePage(office: { name: string } | undefined, title: string, text: string): string {
  return publicLayout(office, title, html`<h1>${title}</h1><p>${text}</p>`);
}

/** A page is sent uncached: a form carries the time it was served, an answer may name what the visitor asked for. */
export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/**
 * People, not programs, read the public pages: their errors (the rate limit too) are pages as well,
 * in the words of the page (`unsupported`: what to say of a body no form of ours sends). The API's
 * own wording (JSON bodies) means nothing there.
 */
export function publicErrorPages(app: FastifyInstance, what: { label: string; tooMany: string; unsupported: string }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toAppError(error);
    if (problem.status >= 500) request.log.error({ err: error }, `${what.label} failed`);
    const title = problem.status === 429 ? what.tooMany : problem.status === 404 ? 'Page not found' : 'Sorry, there is a problem';
    const text = problem.status === 415 ? what.unsupported : problem.message;
    return sendPage(reply, problem.status, publicMessagePage(undefined, title, text));
  });
}
