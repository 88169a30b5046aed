import { allowedExtensions, MAX_ATTACHMENT_BYTES } from '../attachment-policy.js';
import type { WithheldFile } from '../attachments.js';
import { html } from '../../../platform/http/html.js';
import { publicLayout as layout, publicMessagePage } from '../../../platform/http/public-page.js';
import type { PublicOffice } from './repo.js';
import { ATTACHMENTS, type FieldErrors, type FormFieldName, type FormValues, HONEYPOT, MAX_FORM_FILES, TOKEN } from './schemas.js';

const fieldId = (name: string) => `f-${name}`;

const labels: Record<FormFieldName | typeof ATTACHMENTS, string> = {
  givenName: 'First name',
  familyName: 'Last name',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2 (optional)',
  town: 'Town or city (optional)',
  postcode: 'Postcode',
  email: 'E-mail address',
  phone: 'Phone number (optional)',
  message: 'Your message',
  attachments: 'Attach documents or photos (optional)',
};

interface FieldOptions {
  type?: 'text' | 'email' | 'tel';
  autocomplete: string;
  hint?: string;
  short?: boolean;
}

function describedBy(name: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function fieldTop(name: string, hint: string | undefined, error: string | undefined) {
  return html`<label for="${fieldId(name)}">${labels[name as FormFieldName]}</label>
${hint ? html`<p class="hint" id="${fieldId(name)}-hint">${hint}</p>` : ''}
${error ? html`<p class="error-message" id="${fieldId(name)}-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}`;
}

function input(name: FormFieldName, values: FormValues, errors: FieldErrors, o: FieldOptions) {
  const error = errors[name];
  return html`<div class="field${error ? ' field-error' : ''}">
${fieldTop(name, o.hint, error)}
<input type="${o.type ?? 'text'}" id="${fieldId(name)}" name="${name}" value="${values[name]}" autocomplete="${o.autocomplete}"${o.short ? html` class="short"` : ''}${describedBy(name, o.hint, error)}${error ? html` aria-invalid="true"` : ''}${o.type === 'email' ? html` spellcheck="false"` : ''}>
</div>`;
}

function errorSummary(errors: FieldErrors) {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${name === TOKEN ? 'f-submit' : fieldId(name)}">${message}</a></li>`)}</ul>
</div>`;
}

/** How the data will be used, said plainly before the person sends anything. */
function privacyStatement(office: PublicOffice) {
  const member = office.member_name;
  return html`<section aria-labelledby="how-we-use">
<h2 id="how-we-use">How your information will be used</h2>
<p>${member} is the data controller for the information you give on this form: they decide how it is used and are responsible for keeping it safe under UK data protection law.</p>
<p>We use it to deal with the issue you raise, to reply to you and to keep you updated about it. This is part of ${member}'s work as your elected representative (a task in the public interest).</p>
<p>We share it only where that is needed to help you: for example with a government department, your council or another organisation that can resolve your case. We never sell it, and we will not send you newsletters unless you ask us to.</p>
<p>We keep it for as long as we need it to deal with your issue. After that we keep only a brief record of your contact and its outcome in case you get in touch again, and we delete that when ${member} leaves office, unless the law requires us to keep it longer.</p>
<p>You can ask to see the information we hold about you, or ask us to correct or delete it.</p>
${
  office.privacy_notice_url
    ? html`<p><a href="${office.privacy_notice_url}">Read ${member}'s full privacy notice</a>.</p>`
    : html`<p>${member}'s full privacy notice is not published on this page yet. Ask the office for a copy.</p>`
}
</section>`;
}

const MESSAGE_HINT = 'Tell us what has happened and what you would like help with.';

export function formPage(office: PublicOffice, state: { values: FormValues; errors: FieldErrors; token: string }): string {
  const { values, errors } = state;
  const fileError = errors.attachments;
  const fileHint = `Up to ${MAX_FORM_FILES} files, each smaller than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB: documents (such as PDF or Word) and photos. Other kinds of file are not kept.`;
  const hasErrors = Object.values(errors).some(Boolean);
  const main = html`${errorSummary(errors)}
<h1>Contact ${office.member_name}</h1>
<p>Use this form to ask ${office.member_name} for help with a problem, or to tell them your views. If you are writing about a problem, please include any reference numbers you have (for example from the council or a government department).</p>
<p>Only include details about your health or other sensitive matters if they help with your issue.</p>
<form method="post" action="/contact/${office.id}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="${TOKEN}" value="${state.token}">
<fieldset>
<legend>Your name</legend>
${input('givenName', values, errors, { autocomplete: 'given-name' })}
${input('familyName', values, errors, { autocomplete: 'family-name' })}
</fieldset>
<fieldset>
<legend>Your address</legend>
<p class="hint">We help people who live in the constituency, so we need your address.</p>
${input('addressLine1', values, errors, { autocomplete: 'address-line1' })}
${input('addressLine2', values, errors, { autocomplete: 'address-line2' })}
${input('town', values, errors, { autocomplete: 'address-level2' })}
${input('postcode', values, errors, { autocomplete: 'postal-code', short: true })}
</fieldset>
<fieldset>
<legend>How we can reply</legend>
${input('email', values, errors, { type: 'email', autocomplete: 'email', hint: 'We will send you a reference number for your message.' })}
${input('phone', values, errors, { type: 'tel', autocomplete: 'tel', short: true })}
</fieldset>
<div class="field${errors.message ? ' field-error' : ''}">
${fieldTop('message', MESSAGE_HINT, errors.message)}
<textarea id="${fieldId('message')}" name="message" rows="10"${describedBy('message', MESSAGE_HINT, errors.message)}${errors.message ? html` aria-invalid="true"` : ''}>${values.message}</textarea>
</div>
<div class="field${fileError ? ' field-error' : ''}">
${fieldTop(ATTACHMENTS, fileHint, fileError)}
<input type="file" id="${fieldId(ATTACHMENTS)}" name="${ATTACHMENTS}" multiple accept="${allowedExtensions.map((e) => `.${e}`).join(',')}"${describedBy(ATTACHMENTS, fileHint, fileError)}${fileError ? html` aria-invalid="true"` : ''}>
${hasErrors ? html`<p class="hint">For your security, files you attached before are not kept when the form is shown again: attach them again.</p>` : ''}
</div>
<div class="hidden-field">
<label for="${fieldId(HONEYPOT)}">Leave this field empty</label>
<input type="text" id="${fieldId(HONEYPOT)}" name="${HONEYPOT}" value="" tabindex="-1" autocomplete="off">
</div>
${privacyStatement(office)}
<button type="submit" id="f-submit">Send message</button>
</form>`;
  return layout(office, `${hasErrors ? 'Error: ' : ''}Contact ${office.member_name}`, main);
}

function withheldNote(withheld: readonly WithheldFile[]) {
  if (withheld.length === 0) return '';
  return html`<div class="notice"><p>${withheld.length === 1 ? 'One file you attached was' : `${withheld.length} files you attached were`} not kept:</p>
<ul>${withheld.map((w) => html`<li>${w.reason}</li>`)}</ul>
<p>Your message itself was received. If the office needs the document, they will ask you for it another way.</p></div>`;
}

export function acknowledgedPage(office: PublicOffice, result: { reference: string; emailed: boolean; withheld: readonly WithheldFile[] }): string {
  const main = html`<div class="panel"><h1>Message sent</h1>Your reference is<strong>${result.reference}</strong></div>
<p>Thank you for getting in touch with ${office.member_name}. ${
    result.emailed ? 'We have e-mailed you an acknowledgement with this reference.' : 'Please note this reference: we could not e-mail it to you.'
  } Please quote it if you contact the office about this again.</p>
${withheldNote(result.withheld)}
<h2>What happens next</h2>
<p>The office will read your message and reply to you. If it is about a problem, they will tell you what they can do and keep you updated.</p>`;
  return layout(office, `Message sent: ${result.reference}`, main);
}

export function outsidePage(office: PublicOffice, result: { postcode: string; withheld: readonly WithheldFile[] }): string {
  const main = html`<h1>Your postcode is outside ${office.member_name}'s constituency</h1>
<p>${office.member_name} can only take up issues for people who live in the constituency they represent, and ${result.postcode} is not in it.</p>
<p>Your own MP is the right person to help. <a href="https://members.parliament.uk/FindYourMP">Find your MP with your postcode</a> on the UK Parliament website, or <a href="https://members.parliament.uk/constituencies">look up your constituency</a>.</p>
<p>We have kept a note of your message, as the statement on the form describes. If ${office.member_name} can help after all, the office will contact you.</p>
${withheldNote(result.withheld)}`;
  return layout(office, 'Your postcode is outside the constituency', main);
}

/** What a bot is shown (nothing was kept): bland, so that it learns nothing about why. */
export function blandThanksPage(office: PublicOffice): string {
  return publicMessagePage(office, 'Thank you', 'Your message has been received.');
}
