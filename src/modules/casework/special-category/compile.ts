import { type SpecialCategory } from './categories.js';
import { stem } from './tokens.js';
import { conditions, serviceWords } from './vocabulary/health.js';
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

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < word.length; k++) out.push(word.slice(0, k) + word.slice(k + 1));
  return out;
}

/** The vocabulary, compiled once at start-up into a trie over stemmed words. */
export function compile(): Compiled {
  const root: TrieNode = { next: new Map() };
  const listed = [
    ...parse(conditions, 'health'),
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
  for (const { phrase } of parse(conditions, 'health')) {
    // The first word of a phrase: "cerebal palsy" walks on from "cerebral".
    const word = stems(phrase)[0] ?? '';
    if (word.length < 7 || serviceWords.has(phrase)) continue;
    for (const variant of [word, ...deletions(word)]) if (!fuzzy.has(variant)) fuzzy.set(variant, word);
  }
  return { root, fuzzy };
}

/** The condition name a long unknown word is a misspelling of, if any ("diabeties" → "diabete"). */
export function correct(compiled: Compiled, word: string): string | undefined {
  if (word.length < 7) return undefined;
  for (const variant of [word, ...deletions(word)]) {
    const found = compiled.fuzzy.get(variant);
    if (found !== undefined) return found;
  }
  return undefined;
}
