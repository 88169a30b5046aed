import type { KeyStore } from '../../platform/crypto/keystore.js';

/**
 * A case's free text: words for search and special category detection, and sealing with the
 * case's own data key (the key store keeps it under the case id).
 */

/** Lower-case words without accents, apostrophes dropped ("O'Brien's" → "obriens"). */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Prefixes longer than this are cut: "accommodation" is found by "accommod...". */
const MAX_PREFIX = 8;
const MIN_PREFIX = 3;

/** Every prefix a user might type of each word (3 to 8 letters; a two-letter word as itself). */
export function indexTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of wordsOf(text)) {
    if (word.length < MIN_PREFIX) {
      if (word.length === 2) terms.add(word);
      continue;
    }
    for (let length = MIN_PREFIX; length <= Math.min(word.length, MAX_PREFIX); length++) terms.add(word.slice(0, length));
  }
  return [...terms];
}

/** The terms a search for `query` must all find: each typed word, as a prefix. */
export function queryTerms(query: string): string[] {
  return [...new Set(wordsOf(query).filter((w) => w.length >= 2).map((w) => w.slice(0, MAX_PREFIX)))];
}

/** The key store field names of a case's sealed texts (bound into each ciphertext). */
export const caseField = {
  summary: 'case.summary',
  outcomeNote: 'case.outcome_note',
  eventText: (eventId: string) => `case_event.text/${eventId}`,
} as const;

export interface SealRequest {
  caseId: string;
  field: string;
  plaintext: string;
}

export interface OpenRequest {
  caseId: string;
  field: string;
  ciphertext: string;
}

export function sealCaseTexts(keystore: KeyStore, officeId: string, items: readonly SealRequest[]): Promise<string[]> {
  return keystore.encryptMany(officeId, 'case', items.map((i) => ({ ownerId: i.caseId, field: i.field, plaintext: i.plaintext })));
}

export function openCaseTexts(keystore: KeyStore, officeId: string, items: readonly OpenRequest[]): Promise<string[]> {
  return items.length === 0 ? Promise.resolve([]) : keystore.decryptMany(officeId, 'case', items.map((i) => ({ ownerId: i.caseId, field: i.field, ciphertext: i.ciphertext })));
}

/** Search rows for a case's text: keyed hashes only. */
export function searchTermRows(keystore: KeyStore, officeId: string, caseId: string, text: string) {
  return keystore.searchTermHashes(officeId, indexTerms(text)).map((term) => ({ office_id: officeId, case_id: caseId, term }));
}
