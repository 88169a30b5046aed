import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SpecialCategory } from './categories.js';

/** The file's short names for the categories. */
const categoryOf = {
  health: 'health',
  ethnic: 'racial_or_ethnic_origin',
  religion: 'religious_or_philosophical_beliefs',
  sex: 'sex_life_or_sexual_orientation',
  union: 'trade_union_membership',
  political: 'political_opinions',
  genetic: 'genetic',
  biometric: 'biometric',
  criminal: 'criminal_offences',
} as const satisfies Record<string, SpecialCategory>;

export interface Snippet {
  line: number;
  text: string;
  expected: SpecialCategory[];
  /** Tuning; held-out (30% of the first file, never looked at while tuning); blind (its own file, written before the recogniser ever ran on it). */
  part: Part;
}

export type Part = 'tuning' | 'held-out' | 'blind';

/** labelled-snippets.jsonl: constituents' text, written by hand, with the categories a person reading it would record. */
export function labelledSnippets(): Snippet[] {
  return [...readSnippets('labelled-snippets.jsonl', (index) => (index % 10 === 2 || index % 10 === 5 || index % 10 === 8 ? 'held-out' : 'tuning')), ...readSnippets('blind-snippets.jsonl', () => 'blind')];
}

function readSnippets(name: string, partOf: (index: number) => Part): Snippet[] {
  const file = fileURLToPath(new URL(name, import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, index) => {
      const { text, categories } = JSON.parse(l) as { text: string; categories: (keyof typeof categoryOf)[] };
      return { line: index + 1, text, expected: categories.map((c) => categoryOf[c]), part: partOf(index) };
    });
}
