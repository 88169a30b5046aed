import { specialCategories, type SpecialCategory, type SpecialCategoryMatch } from './categories.js';
import { compile, correct, type Entry } from './compile.js';
import { counts } from './context.js';
import { tokenise } from './tokens.js';

export { specialCategories, type SpecialCategory, type SpecialCategoryMatch } from './categories.js';

/**
 * Special category data in a case's text, found as constituents write it: a vocabulary per
 * category (./vocabulary) compiled once into a trie over stemmed words, the longest phrase at each
 * word winning, misspelt condition names corrected, and ambiguous words decided by their context
 * (./context.ts). It errs towards flagging: a flag asks a person to record the Article 9 condition
 * or that the text is not special category after all, while a miss leaves sensitive data handled
 * as ordinary.
 */
const compiled = compile();

/** What in `text` is special category data, and the words that say so. */
export function detectSpecialCategories(text: string): SpecialCategoryMatch[] {
  const tokens = tokenise(text);
  const found = new Map<SpecialCategory, Set<string>>();
  for (let i = 0; i < tokens.length; ) {
    if (tokens[i]!.address) {
      i++;
      continue;
    }
    let node = compiled.root;
    let best: { entry: Entry; last: number } | undefined;
    for (let j = i; j < tokens.length && !tokens[j]!.address; j++) {
      const token = tokens[j]!;
      const child = node.next.get(token.stem) ?? (j === i ? fuzzyChild(token.stem) : undefined);
      if (!child) break;
      node = child;
      if (node.entry) best = { entry: node.entry, last: j };
    }
    if (!best || !counts(best.entry, tokens, i, best.last)) {
      i++;
      continue;
    }
    const words = tokens.slice(i, best.last + 1).map((t) => t.lower).join(' ');
    for (const category of best.entry.categories) {
      const set = found.get(category) ?? new Set<string>();
      set.add(words);
      found.set(category, set);
    }
    i = best.last + 1;
  }
  return specialCategories.filter((c) => found.has(c)).map((category) => ({ category, words: [...found.get(category)!].sort() }));
}

function fuzzyChild(word: string) {
  if (compiled.root.next.has(word)) return undefined;
  const corrected = correct(compiled, word);
  return corrected === undefined ? undefined : compiled.root.next.get(corrected);
}
