import type { Insertable } from 'kysely';
import { newId } from '../../db/ids.js';
import type { AttachmentsTable } from '../../db/schema.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { attachmentRows, type ReceivedFile, screenFiles, type WithheldFile } from './attachments.js';

/**
 * A message's subject, text, HTML, attachments and counterpart (the sender's or recipient's address
 * and name) are sealed with a message key: erasing a message, or a person's messages, destroys
 * those keys and every copy becomes unreadable, backups included.
 */
export const messageField = {
  subject: 'message.subject',
  body: 'message.body',
  html: 'message.html',
  counterpartAddress: 'message.counterpart_address',
  counterpartName: 'message.counterpart_name',
  /** Why an outgoing e-mail has not gone (a server's refusal can quote the address). */
  sendProblem: 'message.send_problem',
  attachmentName: (attachmentId: string) => `attachment.filename/${attachmentId}`,
  attachmentContent: (attachmentId: string) => `attachment.content/${attachmentId}`,
} as const;

export interface MessageTexts {
  subject: string | null;
  body: string | null;
  html: string | null;
  /** Normalised e-mail address, phone number or handle of the sender (in) or recipient (out). */
  counterpartAddress: string | null;
  counterpartName: string | null;
}

export interface SealedMessageTexts {
  subject_sealed: string | null;
  body_sealed: string | null;
  html_sealed: string | null;
  counterpart_address_sealed: string | null;
  counterpart_name_sealed: string | null;
}

const parts = ['subject', 'body', 'html', 'counterpartAddress', 'counterpartName'] as const;
const columnOf = {
  subject: 'subject_sealed',
  body: 'body_sealed',
  html: 'html_sealed',
  counterpartAddress: 'counterpart_address_sealed',
  counterpartName: 'counterpart_name_sealed',
} as const satisfies Record<(typeof parts)[number], keyof SealedMessageTexts>;
/** What is read back: the texts, and for an outgoing e-mail why it has not gone (sealed by the send job). */
export type OpenedMessageTexts = MessageTexts & { sendProblem: string | null };
const openedParts = [...parts, 'sendProblem'] as const;
const openedColumnOf = { ...columnOf, sendProblem: 'send_problem_sealed' } as const;
type SealedColumns = SealedMessageTexts & { send_problem_sealed: string | null };
const noTexts = (): OpenedMessageTexts => ({ subject: null, body: null, html: null, counterpartAddress: null, counterpartName: null, sendProblem: null });

export const sealSendProblem = (keystore: KeyStore, officeId: string, messageId: string, problem: string): Promise<string> =>
  keystore.encryptField(officeId, 'message', messageId, messageField.sendProblem, problem);

export async function sealMessageTexts(keystore: KeyStore, officeId: string, messageId: string, texts: MessageTexts): Promise<SealedMessageTexts> {
  return (await sealMessages(keystore, officeId, [{ messageId, texts, files: [] }]))[0]!.texts;
}

export interface MessageToSeal {
  messageId: string;
  texts: MessageTexts;
  files: readonly AttachmentFile[];
}

/** Texts and files of many messages in one key store round trip (an import seals them in batches). */
export async function sealMessages(
  keystore: KeyStore,
  officeId: string,
  messages: readonly MessageToSeal[],
): Promise<{ texts: SealedMessageTexts; files: { filename_sealed: string; content_sealed: string }[] }[]> {
  const items = messages.flatMap(({ messageId, texts, files }) => [
    ...parts.filter((part) => texts[part] !== null).map((part) => ({ ownerId: messageId, field: messageField[part], plaintext: texts[part]! })),
    ...files.flatMap((f) => [
      { ownerId: messageId, field: messageField.attachmentName(f.id), plaintext: f.filename },
      { ownerId: messageId, field: messageField.attachmentContent(f.id), plaintext: f.content },
    ]),
  ]);
  const sealed = items.length ? await keystore.encryptMany(officeId, 'message', items) : [];
  let next = 0;
  return messages.map(({ texts, files }) => {
    const out: SealedMessageTexts = { subject_sealed: null, body_sealed: null, html_sealed: null, counterpart_address_sealed: null, counterpart_name_sealed: null };
    for (const part of parts) if (texts[part] !== null) out[columnOf[part]] = sealed[next++]!;
    return { texts: out, files: files.map(() => ({ filename_sealed: sealed[next++]!, content_sealed: sealed[next++]! })) };
  });
}

/** Opens the texts of many messages of one office in one key store round trip. */
export async function openMessageTexts(keystore: KeyStore, officeId: string, rows: readonly ({ id: string } & Partial<SealedColumns>)[]): Promise<OpenedMessageTexts[]> {
  const wanted = rows.flatMap((row) =>
    openedParts.flatMap((part) => {
      const ciphertext = row[openedColumnOf[part]];
      return ciphertext ? [{ row: row.id, part, item: { ownerId: row.id, field: messageField[part], ciphertext } }] : [];
    }),
  );
  const opened = wanted.length ? await keystore.decryptMany(officeId, 'message', wanted.map((w) => w.item)) : [];
  const byRow = new Map<string, OpenedMessageTexts>(rows.map((row) => [row.id, noTexts()]));
  wanted.forEach((w, i) => (byRow.get(w.row)![w.part] = opened[i]!));
  return rows.map((row) => byRow.get(row.id)!);
}

export interface AttachmentFile {
  id: string;
  filename: string;
  content: Buffer;
}

export interface PreparedMessage {
  messageId: string;
  texts: SealedMessageTexts;
  /** The files kept, sealed, as attachment rows. */
  attachments: Insertable<AttachmentsTable>[];
  /** The files not kept, and why. */
  withheld: WithheldFile[];
}

/**
 * New messages' files screened (type, size, zip bombs) and, with their texts, sealed in one key
 * store round trip. The key store is another database: call this before the transaction opens.
 */
export async function prepareMessages(keystore: KeyStore, officeId: string, messages: readonly { texts: MessageTexts; files: readonly ReceivedFile[] }[]): Promise<PreparedMessage[]> {
  const screened = await Promise.all(
    messages.map(async ({ texts, files }) => {
      const { kept, withheld } = await screenFiles(files);
      return { messageId: newId(), texts, files: kept.map((file) => ({ ...file, id: newId() })), withheld };
    }),
  );
  const sealed = await sealMessages(keystore, officeId, screened);
  return screened.map((m, i) => ({ messageId: m.messageId, texts: sealed[i]!.texts, attachments: attachmentRows(officeId, m.messageId, m.files, sealed[i]!.files), withheld: m.withheld }));
}
