import type { TemplateChannel } from '../../../db/schema.js';

/**
 * The starter library: the five replies every office writes each week, in words the office then
 * makes its own. Added by name, so adding it again leaves the office's edited copies alone.
 */
export const starterTemplates: readonly { name: string; channel: TemplateChannel; subject: string; body: string }[] = [
  {
    name: 'Acknowledgement',
    channel: 'email',
    subject: 'We have your message',
    body: `{{constituent.salutation}},

Thank you for getting in touch with {{member.name}}. Your message has reached the office and a caseworker will look into it. Your reference is {{case.reference}}: please quote it if you write to us again, so that we can find your case quickly.

We aim to reply within ten working days. If anything changes in the meantime, just reply to this e-mail.

Kind regards,

{{office.name}}`,
  },
  {
    name: 'Holding reply',
    channel: 'email',
    subject: 'An update on your case',
    body: `{{constituent.salutation}},

I wanted to let you know that we are still working on your case ({{case.reference}}). We are waiting to hear back, and I will be in touch as soon as we have an answer.

Thank you for your patience. If anything changes in the meantime, please reply to this e-mail.

Kind regards,

{{office.name}}`,
  },
  {
    name: 'Letter to an agency',
    channel: 'letter',
    subject: 'Our constituent: {{constituent.name}}',
    body: `Dear Sir or Madam,

I am writing on behalf of my constituent, {{constituent.name}}, who has asked for my help. Their consent to share the details of their case with you is held on file.

I would be grateful if you could look into the matter and let me know what can be done. Please quote our reference, {{case.reference}}, in your reply.

Thank you for your help.

Yours faithfully,`,
  },
  {
    name: 'Outcome letter',
    channel: 'letter',
    subject: 'Your case {{case.reference}}',
    body: `{{constituent.salutation}},

I am writing to let you know the outcome of your case.

[Say what happened and what it means for them.]

I hope this helps. Please do get in touch again if there is anything else I can do.`,
  },
  {
    name: 'Out of constituency',
    channel: 'email',
    subject: 'Your message to {{member.name}}',
    body: `{{constituent.salutation}},

Thank you for contacting {{member.name}}. By parliamentary convention an MP takes up casework only for the people who live in their own constituency, so we are not able to act on this for you.

Your own MP can help: you can find who they are by entering your postcode at https://members.parliament.uk/constituencies. If you have moved recently and do live here, please reply with your full address and we will look again.

Kind regards,

{{office.name}}`,
  },
];
