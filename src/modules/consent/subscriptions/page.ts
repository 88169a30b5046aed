import { html } from '../../../platform/http/html.js';
import { publicLayout, publicMessagePage } from '../../../platform/http/public-page.js';
import type { PublicOffice } from '../../correspondence/service.js';
import type { TopicView } from '../service.js';
import { HONEYPOT, type SignupErrors, type SignupFieldName, type SignupValues, TOKEN, TOPICS } from './schemas.js';
import type { LinkProblem, SignupPage, UnsubscribeView } from './service.js';

/** The public sign-up and unsubscribe pages (platform/http/public-page.ts: no script, nothing from elsewhere, no cookie). */

const fieldId = (name: string) => `f-${name}`;
const labels: Record<SignupFieldName, string> = { givenName: 'First name', familyName: 'Last name', email: 'E-mail address' };
const autocomplete: Record<SignupFieldName, string> = { givenName: 'given-name', familyName: 'family-name', email: 'email' };

function input(name: SignupFieldName, values: SignupValues, errors: SignupErrors) {
  const error = errors[name];
  return html`<div class="field${error ? ' field-error' : ''}">
<label for="${fieldId(name)}">${labels[name]}</label>
${error ? html`<p class="error-message" id="${fieldId(name)}-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
<input type="${name === 'email' ? 'email' : 'text'}" id="${fieldId(name)}" name="${name}" value="${values[name]}" autocomplete="${autocomplete[name]}"${error ? html` aria-describedby="${fieldId(name)}-error" aria-invalid="true"` : ''}${name === 'email' ? html` spellcheck="false"` : ''}>
</div>`;
}

function errorSummary(errors: SignupErrors) {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (entries.length === 0) return '';
  const target = (name: string) => (name === TOKEN ? 'f-submit' : name === TOPICS ? 'topics' : fieldId(name));
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${target(name)}">${message}</a></li>`)}</ul>
</div>`;
}

const privacyLink = (office: PublicOffice) => html`<a href="/privacy/${office.id}">${office.member_name}'s privacy notice</a>`;

export function signupFormPage(page: SignupPage, state: { values: SignupValues; errors: SignupErrors; token: string }): string {
  const { office, topics, wording } = page;
  const { values, errors } = state;
  const hasErrors = Object.values(errors).some(Boolean);
  const title = `Get e-mail updates from ${office.member_name}`;
  if (topics.length === 0 || !office.from_address) {
    return publicMessagePage(office, title, `${office.member_name}'s office is not taking sign-ups for e-mail updates here at the moment. Contact the office to ask about them.`);
  }
  const main = html`${errorSummary(errors)}
<h1>${title}</h1>
<p>Choose what you would like to hear about. We will send you an e-mail with a link to confirm: nothing is sent to you until you do.</p>
<form method="post" action="/subscribe/${office.id}" novalidate>
<input type="hidden" name="${TOKEN}" value="${state.token}">
<fieldset id="topics" class="${errors.topic ? 'field-error' : ''}"${errors.topic ? html` aria-describedby="topics-error"` : ''}>
<legend>Topics</legend>
${errors.topic ? html`<p class="error-message" id="topics-error"><span class="visually-hidden">Error:</span> ${errors.topic}</p>` : ''}
${topics.map(
  (t: TopicView) => html`<div class="checkbox">
<input type="checkbox" id="topic-${t.id}" name="${TOPICS}" value="${t.id}"${values.topics.includes(t.id) ? html` checked` : ''} aria-describedby="topic-${t.id}-hint">
<label for="topic-${t.id}"><strong>${t.name}</strong><span class="hint" id="topic-${t.id}-hint"> ${t.description}</span></label>
</div>`,
)}
</fieldset>
<fieldset>
<legend>About you</legend>
${input('givenName', values, errors)}
${input('familyName', values, errors)}
${input('email', values, errors)}
</fieldset>
<div class="hidden-field">
<label for="${fieldId(HONEYPOT)}">Leave this field empty</label>
<input type="text" id="${fieldId(HONEYPOT)}" name="${HONEYPOT}" value="" tabindex="-1" autocomplete="off">
</div>
<section aria-labelledby="consent-title">
<h2 id="consent-title">What you are agreeing to</h2>
<p id="consent-wording">${wording}</p>
<p>Read ${privacyLink(office)} to see how your information is used and your rights.</p>
</section>
<button type="submit" id="f-submit">Sign up</button>
</form>`;
  return publicLayout(office, `${hasErrors ? 'Error: ' : ''}${title}`, main);
}

/** The same page for everyone, whether the address is new, known or subscribed already. */
export function checkEmailPage(office: PublicOffice, email: string, days: number): string {
  const main = html`<h1>Check your e-mail</h1>
<p>We have sent an e-mail to <strong>${email}</strong> with a link to confirm your subscription.</p>
<p>The link works once, for ${days} days. Until you follow it, you are not subscribed and we send you nothing more.</p>
<p>If it has not arrived in a few minutes, look in your junk or spam folder.</p>`;
  return publicLayout(office, 'Check your e-mail', main);
}

const linkProblems: Record<LinkProblem, { title: string; text: string }> = {
  unknown: { title: 'This link is not valid', text: 'Check that you opened the whole link from the e-mail, or sign up again.' },
  used: { title: 'This link has already been used', text: 'Your subscription was confirmed when the link was first used. Nothing more is needed.' },
  expired: { title: 'This link has expired', text: 'Confirmation links work for 7 days. Sign up again to get a new one.' },
};

export function linkProblemPage(office: PublicOffice, problem: LinkProblem): string {
  const { title, text } = linkProblems[problem];
  const again = problem === 'used' ? '' : html`<p><a href="/subscribe/${office.id}">Sign up for e-mail updates</a></p>`;
  return publicLayout(office, title, html`<h1>${title}</h1><p>${text}</p>${again}`);
}

const topicList = (topics: readonly string[]) => html`<ul>${topics.map((t) => html`<li>${t}</li>`)}</ul>`;

export function confirmPage(office: PublicOffice, token: string, topics: readonly TopicView[]): string {
  const main = html`<h1>Confirm your subscription</h1>
<p>You asked for e-mail updates from ${office.member_name} on:</p>
${topicList(topics.map((t) => t.name))}
<form method="post" action="/subscribe/${office.id}/confirm/${token}">
<button type="submit">Confirm my subscription</button>
</form>`;
  return publicLayout(office, 'Confirm your subscription', main);
}

export function confirmedPage(office: PublicOffice, topics: readonly TopicView[]): string {
  const main = html`<div class="panel"><h1>You are subscribed</h1></div>
<p>Thank you. ${office.member_name} will send you e-mail updates on:</p>
${topicList(topics.map((t) => t.name))}
<p>Every update has a link to unsubscribe at the foot. Read ${privacyLink(office)} to see how your information is used.</p>`;
  return publicLayout(office, 'You are subscribed', main);
}

/** A restricted person, or topics retired since: nothing was recorded, and the page need not say why. */
export function notConfirmedPage(office: PublicOffice): string {
  return publicMessagePage(office, 'We could not confirm this subscription', 'The topics you chose may no longer be offered. Contact the office if you would like to hear from them.');
}

const purposeWords = (view: UnsubscribeView) => view.purposeName ?? 'these e-mails';

export function unsubscribePage(view: UnsubscribeView, action: string): string {
  const main = html`<h1>Unsubscribe</h1>
<p>Stop getting ${purposeWords(view)} from ${view.office?.member_name ?? 'this office'} by e-mail${view.topics.length ? ', on:' : '.'}</p>
${view.topics.length ? topicList(view.topics) : ''}
<form method="post" action="${action}">
<button type="submit">Unsubscribe</button>
</form>
<p>Replies about your own case or enquiry are not affected: you will still hear about those.</p>`;
  return publicLayout(view.office, 'Unsubscribe', main);
}

export function unsubscribedPage(view: UnsubscribeView): string {
  const main = html`<h1>You have been unsubscribed</h1>
<p>You will get no more ${purposeWords(view)} from ${view.office?.member_name ?? 'this office'} at this address.</p>
<p>Replies about your own case or enquiry are not affected.</p>`;
  return publicLayout(view.office, 'You have been unsubscribed', main);
}

/** One answer for any token Postbag did not sign: it says nothing about any address or person. */
export function badUnsubscribeLinkPage(): string {
  return publicMessagePage(undefined, 'This unsubscribe link is not valid', 'Check that you opened the whole link from the e-mail. You can also reply to the e-mail and ask the office to stop sending it.');
}
