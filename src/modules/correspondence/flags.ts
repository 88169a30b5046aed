/**
 * What was odd about a message as it came, or done to it so that it could be stored, kept in
 * `messages.detail.flags` and shown on the message page. One list, so that reading (email/parse.ts)
 * and storing (storable.ts) cannot drift apart.
 * Read from the message itself:
 * - truncated_multipart: the closing MIME boundary never came (a part cut short is left out);
 * - no_date: no readable Date header; date_suspect: dated before 1970 or more than a day ahead;
 * - header_charset: raw 8-bit header bytes were read in a guessed character set.
 * Done to store it:
 * - nul_removed: it held NUL characters (U+0000), which PostgreSQL text and jsonb refuse; any
 *   outsider can put one in a display name or a Message-ID, so they are removed, never fatal;
 * - message_id_too_long: its Message-ID was too long to index, so it is stored without one;
 * - date_out_of_range: its date was before AD 1 (a broken Date header such as "-005000-01-01"),
 *   which PostgreSQL cannot always hold, so it is dated when it arrived;
 * - message_id_clash: another message with different content already had its Message-ID.
 */
export const messageFlags = [
  'truncated_multipart',
  'no_date',
  'date_suspect',
  'header_charset',
  'nul_removed',
  'message_id_too_long',
  'date_out_of_range',
  'message_id_clash',
] as const;

export type MessageFlag = (typeof messageFlags)[number];
