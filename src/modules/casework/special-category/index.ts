import { specialCategories, type SpecialCategory, type SpecialCategoryMatch } from './categories.js';
import { compile, correct, type Entry, type TrieNode } from './compile.js';
import { counts } from './context.js';
import { sameSexCouple } from './couples.js';
import { tokenise, type Token } from './tokens.js';

export { specialCategories, type SpecialCategory, type SpecialCategoryMatch } from './categories.js';

/**
 * Special category data in a case's text, found as constituents write it: a vocabulary per
 * category (./vocabulary) compiled once into a trie over stemmed words, the longest phrase at each
 * word winning, misspelt condition names corrected, ambiguous words decided by their context
 * (./context.ts), and a same-sex couple read from the writer's words about themselves and their
 * partner (./couples.ts). It errs towards flagging: a flag asks a person to record the Article 9
 * condition or that the text is not special category after all, while a miss leaves sensitive
 * data handled as ordinary.
 */
const compiled = compile();

/** What in `text` is special category data, and the words that say so. */
export function detectSpecialCategories(text: string): SpecialCategoryMatch[] {
  const tokens = tokenise(text);
  const found = new Map<SpecialCategory, Set<string>>();
  const add = (category: SpecialCategory, words: string) => {
    const set = found.get(category);
    if (set) set.add(words);
    else found.set(category, new Set([words]));
  };
  for (let i = 0; i < tokens.length; ) {
    if (tokens[i]!.address) {
      i++;
      continue;
    }
    let node = compiled.root;
    let best: Entry | undefined;
    let last = i;
    for (let j = i; j < tokens.length && !tokens[j]!.address; j++) {
      const token = tokens[j]!;
      const child = node.next.get(token.stem) ?? (j === i ? fuzzyChild(token) : undefined);
      if (!child) break;
      node = child;
      if (node.entry) {
        best = node.entry;
        last = j;
      }
    }
    // A stop phrase ("credit union") is passed over whole.
    if (!best || (best.categories.length > 0 && !counts(best, tokens, i, last))) {
      i++;
      continue;
    }
    if (best.categories.length > 0) {
      const words = wordsAt(tokens, i, last);
      for (const category of best.categories) add(category, words);
    }
    i = last + 1;
  }
  const couple = sameSexCouple(tokens);
  if (couple) for (const words of couple) add('sex_life_or_sexual_orientation', words);
  return specialCategories.filter((c) => found.has(c)).map((category) => ({ category, words: [...found.get(category)!].sort() }));
}

function wordsAt(tokens: readonly Token[], first: number, last: number): string {
  let words = tokens[first]!.lower;
  for (let k = first + 1; k <= last; k++) words += ` ${tokens[k]!.lower}`;
  return words;
}

/** Corrections already worked out, so a long word seen again costs one lookup; cleared when full. */
const corrections = new Map<string, TrieNode | null>();
const MAX_CORRECTIONS = 50_000;

function fuzzyChild(token: Token): TrieNode | undefined {
  const word = token.stem;
  if (word.length < 7) return undefined;
  const known = corrections.get(word);
  if (known !== undefined) return known ?? undefined;
  const corrected = correct(compiled, word);
  const child = corrected === undefined ? undefined : compiled.root.next.get(corrected);
  if (corrections.size >= MAX_CORRECTIONS) corrections.clear();
  corrections.set(word, child ?? null);
  return child;
}
