import type { IncomingMessage } from './ingest.js';

/**
 * What was done to a message so that it could be stored, kept in `messages.detail.flags`:
 * - nul_removed: it held NUL characters (U+0000), which PostgreSQL text and jsonb refuse; any
 *   outsider can put one in a display name or a Message-ID, so they are removed, never fatal.
 * - message_id_too_long: its Message-ID was too long to index, so it is stored without one.
 * - message_id_clash: another message with different content already had its Message-ID.
 */
export type MessageFlag = 'nul_removed' | 'message_id_too_long' | 'message_id_clash';

/** RFC 5322's line limit, and the database's (messages.internet_message_id). */
const MAX_MESSAGE_ID_BYTES = 998;

/** The message with what the database cannot take removed, and flagged. */
export function storable(incoming: IncomingMessage): IncomingMessage {
  const flags: MessageFlag[] = [];
  const clean = withoutNul(incoming);
  if (clean !== incoming) flags.push('nul_removed');
  const id = clean.internetMessageId;
  const tooLong = id !== null && id !== undefined && Buffer.byteLength(id) > MAX_MESSAGE_ID_BYTES;
  if (tooLong) flags.push('message_id_too_long');
  if (flags.length === 0) return incoming;
  return { ...clean, ...(tooLong ? { internetMessageId: null } : {}), detail: withFlags(clean.detail, flags) };
}

/** The detail with these flags added to those it has. */
export function withFlags(detail: Record<string, unknown> | undefined, flags: readonly MessageFlag[]): Record<string, unknown> {
  const known = Array.isArray(detail?.flags) ? (detail.flags as string[]) : [];
  return { ...detail, flags: [...new Set([...known, ...flags])] };
}

/** Strings, in arrays and plain objects at any depth, without NUL; the same value when there was none. */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\0') ? value.replaceAll('\0', '') : value) as T;
  if (Array.isArray(value)) {
    const items = value.map(withoutNul);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([k, v]) => [k, withoutNul(v)] as const);
    return (entries.some(([k, v]) => v !== (value as Record<string, unknown>)[k]) ? Object.fromEntries(entries) : value) as T;
  }
  return value; // Buffers (sealed files) and dates hold no text for the database
}
