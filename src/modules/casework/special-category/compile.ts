import { type SpecialCategory } from './categories.js';
import { stem } from './tokens.js';
import { conditions, serviceWords } from './vocabulary/health.js';
import { conditionsAtoZ } from './vocabulary/health-a-to-z.js';
import { vocabulary } from './vocabulary/others.js';
import { ruledWords, stopPhrases } from './context.js';

/** One phrase of the vocabulary, as the trie holds it. */
export interface Entry {
  /** The phrase as listed, lower case ("multiple sclerosis"): the key of its context rule. */
  phrase: string;
  /** None for a stop phrase ("credit union"): it is passed over and hides the words in it. */
  categories: SpecialCategory[];
  /** Listed only in capitals ("MS", "PCS"): written so, or beside a cue. */
  upperOnly: boolean;
  /** A service word ("hospital") counts only in a sentence about a person. */
  service: boolean;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
}

export interface Compiled {
  root: TrieNode;
  /** One-letter deletions of long condition names → the name ("dimentia" and "dementia" share "dmentia"). */
  fuzzy: Map<string, string>;
}

/** "phrase:second category|phrase" → phrases with their categories. */
function parse(list: string, category: SpecialCategory): { phrase: string; categories: SpecialCategory[] }[] {
  return list
    .split(/[|\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const [phrase = '', extra] = item.split(':');
      const more = extra === undefined ? [] : [longName[extra as keyof typeof longName]];
      return { phrase, categories: [category, ...more] };
    });
}

const longName = {
  health: 'health',
  genetic: 'genetic',
  sex: 'sex_life_or_sexual_orientation',
} as const satisfies Record<string, SpecialCategory>;

const stems = (phrase: string) => phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(stem);

/** Calls `visit` with each one-letter deletion of `word` until it returns true. */
function someDeletion(word: string, visit: (variant: string) => boolean): boolean {
  for (let k = 0; k < word.length; k++) if (visit(word.slice(0, k) + word.slice(k + 1))) return true;
  return false;
}

/** One letter added, dropped, changed, or two swapped: "epilepsey", "alzhiemers". */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Everyday words one letter from a condition name, never corrected to it ("singled" is not
 * "shingles", "in addition" not "addiction", "a scammer" not a stammer).
 */
const everydayWords = new Set([
  'addition', 'dedication', 'meditation', 'artistic', 'concession', 'scammer', 'slammer', 'shutter', 'clutches', 'despite', 'congenial',
  'peacemaker', 'nobility', 'buffering', 'ontology', 'wearing', 'bearing',
  'heading', 'earning', 'yearning', 'leaning', 'boarding', 'needing', 'asteroid', 'insured', 'herring', 'attitude', 'auditor', 'whopping',
  'heating', 'slipper', 'wrapped', 'skipped', 'crushing', 'plastic',
]);

/** The vocabulary, compiled once at start-up into a trie over stemmed words. */
export function compile(): Compiled {
  const root: TrieNode = { next: new Map() };
  const listed = [
    ...parse(`${conditions}\n${conditionsAtoZ}`, 'health'),
    ...(Object.entries(vocabulary) as [SpecialCategory, string][]).flatMap(([category, list]) => parse(list, category)),
    ...ruledWords.map(({ phrase, category }) => ({ phrase, categories: [category] })),
  ];
  const lowerListed = new Set(listed.filter((l) => l.phrase === l.phrase.toLowerCase()).map((l) => l.phrase));
  const add = (phrase: string, categories: SpecialCategory[]) => {
    let node = root;
    for (const word of stems(phrase)) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = { next: new Map() }));
      node = child;
    }
    const lower = phrase.toLowerCase();
    const upperOnly = phrase !== lower && !lowerListed.has(lower);
    const existing = node.entry;
    if (existing && existing.categories.length > 0) {
      // The same phrase listed twice ("sickle cell" in two lists): the union of its categories.
      existing.categories = [...new Set([...existing.categories, ...categories])];
      existing.upperOnly &&= upperOnly;
      return;
    }
    node.entry = { phrase: lower, categories, upperOnly, service: serviceWords.has(lower) };
  };
  for (const { phrase, categories } of listed) add(phrase, categories);
  for (const phrase of stopPhrases) add(phrase, []);

  const fuzzy = new Map<string, string>();
  const index = (variant: string, word: string) => {
    if (!fuzzy.has(variant)) fuzzy.set(variant, word);
    return false;
  };
  for (const { phrase } of parse(`${conditions}\n${conditionsAtoZ}`, 'health')) {
    // The first word of a phrase: "cerebal palsy" walks on from "cerebral".
    const word = stems(phrase)[0] ?? '';
    if (word.length < 7 || serviceWords.has(phrase)) continue;
    index(word, word);
    someDeletion(word, (variant) => index(variant, word));
  }
  return { root, fuzzy };
}

/** The condition name a long unknown word is a misspelling of, if any ("diabeties" → "diabete"). */
export function correct(compiled: Compiled, word: string): string | undefined {
  if (word.length < 7 || everydayWords.has(word)) return undefined;
  let found: string | undefined;
  const check = (variant: string) => {
    const name = compiled.fuzzy.get(variant);
    if (name !== undefined && oneEditApart(word, name)) found = name;
    return found !== undefined;
  };
  if (!check(word)) someDeletion(word, check);
  return found;
}
