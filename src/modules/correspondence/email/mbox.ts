/**
 * Splits an mbox archive into its messages. A message starts at a "From " line at the start of
 * the file or after a blank line; lines that begin ">From " (any number of ">") were quoted by
 * the writer (mboxrd) and lose one ">". Bytes are kept as they are (latin1 maps bytes 1:1), so
 * each message's own charset survives.
 */
export function splitMbox(archive: Buffer): Buffer[] {
  const text = archive.toString('latin1').replace(/\r\n/g, '\n');
  if (!text.startsWith('From ')) {
    throw new MboxError('This is not an mbox archive: it must begin with a "From " line. Upload a single e-mail as message/rfc822 instead.');
  }
  return text
    .split(/\n\n(?=From )/)
    .map((chunk) => chunk.slice(chunk.indexOf('\n') + 1))
    .map((message) => Buffer.from(message.replace(/^>(>*From )/gm, '$1'), 'latin1'));
}

export class MboxError extends Error {
  override name = 'MboxError';
}
