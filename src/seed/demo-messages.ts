import type { OfficeTx } from '../db/scope.js';
import { type IncomingMessage, storeIncomingIn } from '../modules/correspondence/ingest.js';
import { systemActor } from '../platform/audit/audit.js';
import type { KeyStore } from '../platform/crypto/keystore.js';

/**
 * A morning's post for the demo office's inbox: e-mails from known constituents, one from a
 * stranger, an HTML newsletter with a tracking image, a reply naming an open case (on it, waiting in the inbox),
 * and a web form from outside the constituency.
 */
export async function seedDemoMessages(tx: OfficeTx, keystore: KeyStore, officeId: string, senders: readonly { email: string; name: string }[], openCaseReference: string | null): Promise<void> {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
  const from = (i: number) => senders[i % senders.length] ?? { email: 'alex.morgan@mail.example', name: 'Alex Morgan' };
  const email = (i: number, subject: string, text: string, hoursAgo: number, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
    channel: 'email',
    internetMessageId: `demo-${i}@mail.example`,
    from: { address: from(i).email, name: from(i).name },
    to: ['office@postbag.example'],
    subject,
    text,
    occurredAt: at(hoursAgo),
    detail: { via: 'import' },
    ...extra,
  });
  const messages: IncomingMessage[] = [
    email(0, 'Damp and mould in my flat', 'Dear Sam,\n\nThe damp in my children’s bedroom is getting worse and the housing association has not replied to three reports.\n\nThank you.', 30),
    email(1, 'Universal Credit stopped', 'My Universal Credit payment did not arrive this month and the journal says nothing. I have rent due on Friday.', 20),
    email(2, 'Bus route 14', 'The council is withdrawing the 14 bus. Many older people in the village rely on it to get to the surgery and the shops.', 12),
    email(3, 'Constituency newsletter', 'Read our latest update online.', 6, {
      html: '<h1>Community update</h1><p>Read our latest update.</p><img src="https://tracker.example/open.gif" alt="open tracker" width="1" height="1"><script>track()</script>',
    }),
    { ...email(4, 'Passport renewal', 'I applied to renew my passport eight weeks ago and we travel in ten days. Can you help?', 3), from: { address: 'new.person@mail.example', name: 'Jordan Lee' } },
    ...(openCaseReference ? [email(5, `Re: your letter [${openCaseReference}]`, 'Thank you for writing to the council for me. They have now booked the repair for next Tuesday.', 2)] : []),
    {
      channel: 'web_form',
      from: { address: 'visitor@mail.example', name: 'Chris Patel' },
      subject: 'Planning application near my home',
      text: 'I live in another town but want to object to a planning application near my home.',
      occurredAt: at(1),
      outOfConstituency: true,
    },
  ];
  for (const message of messages) await storeIncomingIn(tx, { keystore }, officeId, systemActor, message);
}
