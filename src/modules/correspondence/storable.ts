import type { MessageFlag } from './flags.js';
import type { IncomingMessage } from './ingest.js';

/** RFC 5322's line limit, and the database's (messages.internet_message_id). */
const MAX_MESSAGE_ID_BYTES = 998;
const FIRST_DATE = Date.parse('0001-01-01T00:00:00Z');

/** The message with what the database cannot take removed, and flagged. */
export function storable(incoming: IncomingMessage): IncomingMessage {
  const flags: MessageFlag[] = [];
  const clean = withoutNul(incoming);
  if (clean !== incoming) flags.push('nul_removed');
  const id = clean.internetMessageId;
  const tooLong = id !== null && id !== undefined && Buffer.byteLength(id) > MAX_MESSAGE_ID_BYTES;
  if (tooLong) flags.push('message_id_too_long');
  const undatable = clean.occurredAt.getTime() < FIRST_DATE;
  if (undatable) flags.push('date_out_of_range');
  if (flags.length === 0) return incoming;
  return { ...clean, ...(tooLong ? { internetMessageId: null } : {}), ...(undatable ? { occurredAt: new Date() } : {}), detail: withFlags(clean.detail, flags) };
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
