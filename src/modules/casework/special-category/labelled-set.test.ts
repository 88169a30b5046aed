import { describe, expect, it } from 'vitest';
import { specialCategories, type SpecialCategory } from './categories.js';
import { detectSpecialCategories } from './index.js';
import { labelledSnippets, type Snippet } from './labelled-set.js';

interface Figures {
  category: SpecialCategory | 'overall';
  /** Snippets with the category; of them, flagged with it. */
  positives: number;
  found: number;
  /** Snippets without the category (overall: ordinary casework, no category at all); of them, flagged with it. */
  negatives: number;
  falseFlags: number;
}

function measure(snippets: Snippet[]): Figures[] {
  const flagged = snippets.map((s) => ({ s, got: new Set(detectSpecialCategories(s.text).map((f) => f.category)) }));
  const rows: Figures[] = specialCategories.map((category) => {
    const pos = flagged.filter(({ s }) => s.expected.includes(category));
    const neg = flagged.filter(({ s }) => !s.expected.includes(category));
    return { category, positives: pos.length, found: pos.filter(({ got }) => got.has(category)).length, negatives: neg.length, falseFlags: neg.filter(({ got }) => got.has(category)).length };
  });
  const ordinary = flagged.filter(({ s }) => s.expected.length === 0);
  rows.push({
    category: 'overall',
    positives: rows.reduce((n, r) => n + r.positives, 0),
    found: rows.reduce((n, r) => n + r.found, 0),
    negatives: ordinary.length,
    falseFlags: ordinary.filter(({ got }) => got.size > 0).length,
  });
  return rows;
}

const pct = (n: number, of: number) => (of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`);
const table = (title: string, rows: Figures[]) =>
  [
    title,
    `${'category'.padEnd(36)} recall            false positives`,
    ...rows.map((r) => `${r.category.padEnd(36)} ${pct(r.found, r.positives)} ${`${r.found}/${r.positives}`.padEnd(9)}  ${pct(r.falseFlags, r.negatives)} ${r.falseFlags}/${r.negatives}`),
  ].join('\n');

/**
 * The recogniser against snippets written the way constituents write, half of them ordinary
 * casework with the traps (Church Road, a race night, the hospital car park). Targets: recall of
 * at least 95% with the right category, false positives at most 5%, on the tuning part, the
 * held-out part and the blind part alike.
 */
describe('special category recognition on the labelled set', () => {
  const snippets = labelledSnippets();

  it('holds at least 400 snippets, at least half ordinary casework, every category present', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(400);
    expect(snippets.filter((s) => s.expected.length === 0).length).toBeGreaterThanOrEqual(snippets.length * 0.5);
    for (const category of specialCategories) expect(snippets.filter((s) => s.expected.includes(category)).length, category).toBeGreaterThanOrEqual(10);
  });

  for (const part of ['tuning', 'held-out', 'blind'] as const) {
    it(`finds at least 95% with the right category and flags at most 5% wrongly: ${part} part`, () => {
      const inPart = snippets.filter((s) => s.part === part);
      const rows = measure(inPart);
      console.log(table(`${part} part (${inPart.length} snippets)`, rows));
      const overall = rows.at(-1)!;
      expect(overall.found / overall.positives).toBeGreaterThanOrEqual(0.95);
      expect(overall.falseFlags / overall.negatives).toBeLessThanOrEqual(0.05);
      for (const r of rows) expect(r.falseFlags / r.negatives, `${r.category} false positives`).toBeLessThanOrEqual(0.05);
    });
  }
});
