/**
 * RFC 3463's enhanced mail status codes in plain words, for staff: "5.1.1" is "the mailbox does
 * not exist". A code not listed is told by its class and subject.
 */

const DETAIL: Readonly<Record<string, string>> = {
  '1.1': 'the mailbox does not exist',
  '1.2': 'the domain does not exist',
  '1.3': 'the address is not valid',
  '1.6': 'the mailbox has moved',
  '1.10': 'the address was not found',
  '2.1': 'the mailbox is disabled',
  '2.2': 'the mailbox is full',
  '2.3': 'the message is too large for the mailbox',
  '3.4': 'the message is too large for the receiving system',
  '4.1': 'the receiving server did not answer',
  '4.4': 'the receiving server could not be reached',
  '4.7': 'it could not be delivered in time',
  '7.1': 'the receiving server refused it',
  '7.26': 'the receiving server could not verify who sent it',
};

const SUBJECT: Readonly<Record<string, string>> = {
  '1': 'a problem with the address',
  '2': 'a problem with the mailbox',
  '3': 'a problem with the receiving mail system',
  '4': 'a network or routing problem',
  '5': 'a mail protocol problem',
  '6': 'a problem with the message content',
  '7': 'the receiving server refused it for security or policy reasons',
};

/** "the mailbox does not exist" for 5.1.1; null for no code. */
export function statusWords(status: string | null): string | null {
  if (!status) return null;
  const [, subject = '', detail = ''] = status.split('.');
  return DETAIL[`${subject}.${detail}`] ?? SUBJECT[subject] ?? (status.startsWith('5') ? 'the receiving server refused it for good' : 'a temporary problem');
}
