/** A word of the text: as written, lower-cased, and stemmed for matching. */
export interface Token {
  raw: string;
  lower: string;
  stem: string;
  /** Written in capitals ("MS", "PCS"), which tells an abbreviation from a word. */
  upper: boolean;
  sentence: number;
  /** In a postal address or a contact form's header line: never counts. */
  address: boolean;
}

/** Plurals and possessives (apostrophes are dropped first) fold to one form: "seizures" → "seizure". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
const HEADER = /^\s*(name|address|addr|postcode|post code|email|e-mail|from|phone|tel|telephone)\s*:/i;

/** A contact form's header line, or a short line holding a postcode: an address block. */
function isAddressLine(line: string): boolean {
  if (/^\s*message\s*:/i.test(line)) return false;
  return HEADER.test(line) || (line.length < 100 && POSTCODE.test(line));
}

const PIECE = /[\p{L}\p{N}]+|[.!?;]/gu;

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  for (const line of text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '').split('\n')) {
    const address = isAddressLine(line);
    // "Message: my son has asthma" keeps its text after the label.
    const body = line.replace(/^\s*message\s*:/i, '');
    sentence++;
    for (const [piece] of body.matchAll(PIECE)) {
      if (/^[.!?;]$/.test(piece)) {
        sentence++;
        continue;
      }
      const lower = piece.toLowerCase();
      tokens.push({ raw: piece, lower, stem: stem(lower), upper: piece.length > 1 && piece === piece.toUpperCase() && lower !== piece, sentence, address });
    }
  }
  return tokens;
}
