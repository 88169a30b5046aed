import { z } from 'zod';
import { lineOfText } from '../../platform/http/fields.js';
import { strict } from '../../platform/http/strict.js';

export const searchBody = strict({
  q: lineOfText({
    max: 200,
    messages: { empty: 'must not be empty: type part of a name, a reference, an e-mail address, a phone number, a postcode or words from a case' },
  }),
  /** At most this many of each kind (people, organisations, cases). */
  limit: z.number().int().min(1).max(50).default(10),
});
export type SearchBody = z.infer<typeof searchBody>;

export const searchResultSchema = z.object({
  type: z.enum(['person', 'organisation', 'case']),
  id: z.uuid(),
  /** A person's or organisation's name, a case's reference. */
  title: z.string(),
  /** What else identifies it: the contact point that matched, the organisation's kind, the case's summary. */
  detail: z.string().nullable(),
  matched: z.enum(['name', 'email', 'phone', 'postcode', 'reference', 'text']),
  /** A restricted person (UK GDPR Art. 18), or a case of one, and the user is not the data protection lead: the name or reference only. */
  withheld: z.boolean(),
  /** A person's preferred e-mail address and postcode, to tell two of one name apart; null for others, and when withheld. */
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  /** 1 for an exact match; results come best first. */
  score: z.number(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
export const searchResponseSchema = z.object({ results: z.array(searchResultSchema) });
