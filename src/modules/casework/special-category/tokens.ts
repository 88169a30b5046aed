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

const MESSAGE = /^\s*message\s*:/i;
const NOT_ASCII = /[^ -~\t\n\r]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** 0: neither; 1: a lower-case ASCII letter; 2: upper case; 3: a digit; 4: another script's letter or digit. */
function kind(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c >= 97 && c <= 122) return 1;
  if (c >= 65 && c <= 90) return 2;
  if (c >= 48 && c <= 57) return 3;
  return c > 127 && LETTER_OR_DIGIT.test(text[at]!) ? 4 : 0;
}
const isApostrophe = (c: number) => c === 39 || c === 0x2019;
const isStop = (c: number) => c === 46 || c === 33 || c === 63 || c === 59;

/**
 * The words of a text, line by line (a line is an address line or not) and sentence by sentence.
 * A scan over the text in place: this runs on every note and message, so it copies nothing but the
 * words themselves. Apostrophes inside a word are dropped ("O'Brien's" → "OBriens").
 */
export function tokenise(input: string): Token[] {
  const text = NOT_ASCII.test(input) ? input.normalize('NFKD').replace(/\p{M}/gu, '') : input;
  const tokens: Token[] = [];
  let sentence = 0;
  for (let lineStart = 0; lineStart <= text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const address = isAddressLine(line);
    // "Message: my son has asthma" keeps its text after the label.
    let k = MESSAGE.test(line) ? lineStart + line.indexOf(':') + 1 : lineStart;
    sentence++;
    while (k < lineEnd) {
      const c = text.charCodeAt(k);
      if (isStop(c)) sentence++;
      if (kind(text, k) === 0) {
        k++;
        continue;
      }
      const start = k;
      let lowerSeen = false;
      let upperSeen = false;
      let otherScript = false;
      let apostrophe = false;
      for (; k < lineEnd; k++) {
        const found = kind(text, k);
        if (found === 0) {
          // An apostrophe between two letters joins them: "don't", "O'Brien".
          if (isApostrophe(text.charCodeAt(k)) && k + 1 < lineEnd && kind(text, k + 1) !== 0) {
            apostrophe = true;
            continue;
          }
          break;
        }
        if (found === 1) lowerSeen = true;
        else if (found === 2) upperSeen = true;
        else if (found === 4) otherScript = true;
      }
      const piece = apostrophe ? text.slice(start, k).replace(/['’]/g, '') : text.slice(start, k);
      const lower = upperSeen || otherScript ? piece.toLowerCase() : piece;
      const upper = otherScript ? piece.length > 1 && piece === piece.toUpperCase() && lower !== piece : piece.length > 1 && upperSeen && !lowerSeen;
      tokens.push({ raw: piece, lower, stem: stem(lower), upper, sentence, address });
    }
    lineStart = lineEnd + 1;
  }
  return tokens;
}
