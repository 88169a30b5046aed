import { z } from 'zod';
import { lineOfText, type TextMessages, textBlock } from '../../../platform/http/fields.js';
import { normalisePhone, normalisePostcode } from '../../people/service.js';

/** The contact form's fields, in the order the page shows them; messages speak to the person filling it in. */
export const formFieldNames = ['givenName', 'familyName', 'addressLine1', 'addressLine2', 'town', 'postcode', 'email', 'phone', 'message'] as const;
export type FormFieldName = (typeof formFieldNames)[number];
/** What was typed, kept to show the form again. */
export type FormValues = Record<FormFieldName, string>;

/** The hidden field people never see: a bot fills it in. */
export const HONEYPOT = 'website';
export const TOKEN = 'formToken';
export const ATTACHMENTS = 'attachments';
export const MAX_FORM_FILES = 5;
export const MAX_MESSAGE_CHARS = 10_000;

/** Each problem in the words of the form: "First name must be on one line". */
const formMessages = (label: string, max: number, empty: string): TextMessages => ({
  empty,
  invisible: empty,
  tooLong: `${label} must be ${max} characters or fewer`,
  nul: `${label} contains a character that cannot be kept: type it again rather than pasting it`,
  lineBreak: `${label} must be on one line`,
  notText: empty,
});
const required = (empty: string, max: number, label: string) => lineOfText({ max, messages: formMessages(label, max, empty) });
const optional = (max: number, label: string) =>
  lineOfText({ max, blank: true, messages: formMessages(label, max, `${label} must contain letters or numbers, or be left empty`) });

/** Normalises with `normalise`, or reports `message`; an empty optional field stays empty. */
const normalisedBy = (normalise: (input: string) => string | null, message: string) => (input: string, ctx: z.RefinementCtx<string>) => {
  if (input === '') return '';
  const normalised = normalise(input);
  if (normalised !== null) return normalised;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

export const contactForm = z.object({
  givenName: required('Enter your first name', 100, 'First name'),
  familyName: required('Enter your last name', 100, 'Last name'),
  addressLine1: required('Enter the first line of your address', 200, 'Address line 1'),
  addressLine2: optional(200, 'Address line 2'),
  town: optional(100, 'Town or city'),
  postcode: required('Enter your postcode', 10, 'Postcode').transform(normalisedBy(normalisePostcode, 'Enter a full UK postcode, like B63 3AA')),
  email: required('Enter your e-mail address', 254, 'E-mail address')
    .toLowerCase()
    .pipe(z.email('Enter an e-mail address in the correct format, like name@example.com')),
  phone: optional(40, 'Phone number').transform(normalisedBy(normalisePhone, 'Enter a UK phone number, like 07911 123456, or leave it empty')),
  message: textBlock({ max: MAX_MESSAGE_CHARS, messages: formMessages('Your message', MAX_MESSAGE_CHARS, 'Enter your message') }),
});
export type ContactForm = z.infer<typeof contactForm>;

/** One message for each field that is wrong: the first problem found with it. */
export type FieldErrors = Partial<Record<FormFieldName | typeof ATTACHMENTS | typeof TOKEN, string>>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as FormFieldName;
    errors[field] ??= issue.message;
  }
  return errors;
}


export const constituencySchema = z.object({ count: z.number().int().describe('How many postcodes the office has loaded') });
