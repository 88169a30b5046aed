/**
 * The text of a message as campaign grouping compares it: what each constituent wrote around a
 * campaign's words (a greeting with their MP's or their own name, a sign-off, their name and
 * address, their program's signature, a quoted earlier message) is cut away, and what is left is
 * compared as letters and digits only, lower-case, so that line wrapping, spacing, case, quotes
 * and punctuation (which differ by mail program and by HTML-to-text) do not matter.
 */

/** Shorter than this once normalised ("Thank you", "See attached") is no campaign: such messages are not grouped. */
export const MIN_CAMPAIGN_TEXT = 60;

/** Where a quoted earlier message or a forward starts; everything from it on is not what they wrote. */
const QUOTE_STARTS = [
  /^on .{1,200}wrote:?$/, // Gmail, Apple Mail, Thunderbird
  /^-{2,}\s*original message\s*-{2,}$/, // Outlook
  /^-{2,}\s*forwarded message\s*-{2,}$/,
  /^_{10,}$/, // Outlook's rule above "From: ... Sent: ..."
  /^from: .+$/, // an Outlook header block without its rule
  /^le .{1,200}a écrit ?:$/,
];

/** The signature delimiter ("-- ") and mail programs' own lines. */
const SIGNATURE_STARTS = [/^-- ?$/, /^sent from my .{1,60}$/, /^get outlook for .{1,60}$/, /^sent from (mail|yahoo mail|outlook) for .{1,60}$/];

const GREETING = /^(dear|hi|hello|hiya|good (morning|afternoon|evening)|to)\b.{0,80}$/;
const SIGN_OFF =
  /^(yours (sincerely|faithfully|truly)|sincerely( yours)?|(kind|best|warm|warmest|many)? ?regards|best wishes|(with )?(many )?thanks( again)?|thank you( for your time)?|best|cheers|respectfully|in hope|with best wishes)[,.!]?$/;

/** The normalised text, or null when it is too short to be a campaign's. */
export function campaignText(text: string): string | null {
  const lines = text.normalize('NFKC').toLowerCase().replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  let end = lines.findIndex((line) => QUOTE_STARTS.some((start) => start.test(line)) || SIGNATURE_STARTS.some((start) => start.test(line)));
  if (end === -1) end = lines.length;
  const kept = lines.slice(0, end).filter((line) => !line.startsWith('>'));
  const first = kept.findIndex((line) => line !== '');
  if (first !== -1 && GREETING.test(kept[first]!)) kept.splice(0, first + 1);
  // The last sign-off: a campaign's own text may thank the MP before the constituent signs.
  const signOff = kept.findLastIndex((line) => SIGN_OFF.test(line));
  const body = (signOff === -1 ? kept : kept.slice(0, signOff)).join(' ');
  const words = body.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return words.length >= MIN_CAMPAIGN_TEXT ? words : null;
}
