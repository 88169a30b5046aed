import type { PublicOffice } from '../../correspondence/service.js';

/**
 * The words of the consent, as the sign-up page shows them and the ledger keeps them: what the
 * person agrees to, that they can withdraw it at any time and how, and that nothing else is done
 * with their details. Written in the office's name (its member), never in Postbag's.
 */
export function consentWording(office: Pick<PublicOffice, 'member_name'>): string {
  const member = office.member_name;
  return [
    `I would like ${member} to send me e-mail updates on the topics I have ticked.`,
    'I can unsubscribe at any time, with the link at the foot of every update or by contacting the office.',
    `${member}'s office will use my name and e-mail address only to send me these updates, as the privacy notice describes, and will never sell them or share them for anyone else's marketing.`,
  ].join(' ');
}

/** The formal date in UK English, in UK time: "Friday 11 December 2026". */
const ukDate = (date: Date) => date.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** The confirmation e-mail (double opt-in): a service message about what the person asked for, not marketing. */
export function confirmationEmail(office: Pick<PublicOffice, 'name' | 'member_name'>, sent: { givenName: string; topics: readonly string[]; link: string; expiresAt: Date }): { subject: string; text: string } {
  return {
    subject: `Confirm your subscription to updates from ${office.member_name}`,
    text: [
      `Dear ${sent.givenName},`,
      '',
      `Please confirm that you would like e-mail updates from ${office.member_name} on:`,
      ...sent.topics.map((t) => `- ${t}`),
      '',
      'To confirm, open this link and press the button on the page:',
      sent.link,
      '',
      `The link works once, until ${ukDate(sent.expiresAt)}. Until you confirm, we will send you nothing more.`,
      '',
      'If you did not ask for this, you need do nothing: without your confirmation you are not subscribed, and we keep no subscription for you.',
      '',
      office.name,
    ].join('\n'),
  };
}
