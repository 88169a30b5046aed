import { z } from 'zod';
import { lineOfText, type TextMessages } from '../../../platform/http/fields.js';

/** The sign-up form's fields, in the order the page shows them; messages speak to the person filling it in. */
export const signupFieldNames = ['givenName', 'familyName', 'email'] as const;
export type SignupFieldName = (typeof signupFieldNames)[number];
/** The ticked topics' field (a checkbox per topic, all of one name). */
export const TOPICS = 'topic';
/** The hidden field people never see: a bot fills it in. */
export const HONEYPOT = 'website';
export const TOKEN = 'formToken';

export interface SignupValues {
  givenName: string;
  familyName: string;
  email: string;
  topics: string[];
}

/** One message for each field that is wrong. */
export type SignupErrors = Partial<Record<SignupFieldName | typeof TOPICS | typeof TOKEN, string>>;

const messages = (label: string, max: number, empty: string): TextMessages => ({
  empty,
  invisible: empty,
  tooLong: `${label} must be ${max} characters or fewer`,
  nul: `${label} contains a character that cannot be kept: type it again rather than pasting it`,
  lineBreak: `${label} must be on one line`,
  notText: empty,
});

/** What the form asks for; the topics are checked against the office's list by the service. */
export const signupForm = z.object({
  givenName: lineOfText({ max: 100, messages: messages('First name', 100, 'Enter your first name') }),
  familyName: lineOfText({ max: 100, messages: messages('Last name', 100, 'Enter your last name') }),
  email: lineOfText({ max: 254, messages: messages('E-mail address', 254, 'Enter your e-mail address') })
    .toLowerCase()
    .pipe(z.email('Enter an e-mail address in the correct format, like name@example.com')),
  topics: z.array(z.string()).min(1, 'Choose at least one topic').max(50, 'Choose at most 50 topics'),
});
export type SignupForm = z.infer<typeof signupForm>;

export function signupErrors(error: z.ZodError): SignupErrors {
  const errors: SignupErrors = {};
  for (const issue of error.issues) {
    const field = (issue.path[0] === 'topics' ? TOPICS : issue.path[0]) as SignupFieldName | typeof TOPICS;
    errors[field] ??= issue.message;
  }
  return errors;
}

// ---------------------------------------------------------------- the staff API

export const topicSubscribersSchema = z.object({
  topics: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      purposeId: z.uuid(),
      purposeName: z.string(),
      retired: z.boolean(),
      subscribers: z.number().int().describe('People whose current consent (from the ledger) covers this topic'),
    }),
  ),
});
export type TopicSubscribers = z.infer<typeof topicSubscribersSchema>;

export const personSignupsSchema = z.object({
  signups: z.array(
    z.object({
      id: z.uuid(),
      requestedAt: z.date().describe('When the sign-up form was sent'),
      confirmedAt: z.date().describe('When the link in the confirmation e-mail was followed (double opt-in)'),
      topics: z.array(z.object({ id: z.uuid(), name: z.string() })),
      wording: z.string().describe('The consent wording the page showed'),
      noticeVersion: z.number().int().nullable(),
    }),
  ),
});
export type PersonSignups = z.infer<typeof personSignupsSchema>;
