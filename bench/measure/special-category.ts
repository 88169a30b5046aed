import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { detectSpecialCategories } from '../../src/modules/casework/special-category.js';
import { labelledSnippets } from '../../src/modules/casework/special-category/labelled-set.js';
import { detectByTriggerWords } from './special-category-baseline.js';
import { percentile } from './stats.js';

export interface RecogniserFigures {
  messages: number;
  meanChars: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The slowest message's own median over the rounds: the cost of the hardest typical message,
   * without the pauses a busy shared machine adds to single samples (which the p99 shows).
   */
  slowestMessageMs: number;
  messagesPerSecond: number;
}

export interface SpecialCategoryFigures {
  recogniser: RecogniserFigures;
  /** The trigger-word recogniser it replaced, on the same messages. */
  baseline: RecogniserFigures;
}

/** Messages of about 1,000 characters, each a run of the labelled snippets: constituents' own words, addresses and all. */
function corpus(): string[] {
  const snippets = labelledSnippets().map((s) => s.text);
  const messages: string[] = [];
  for (let start = 0; start < snippets.length; start++) {
    let message = '';
    for (let k = start; message.length < 1000; k = (k + 1) % snippets.length) message += `${snippets[k]}\n`;
    messages.push(message);
  }
  return messages;
}

function measure(detect: (text: string) => unknown, messages: readonly string[], rounds: number): RecogniserFigures {
  for (const m of messages) detect(m); // warm-up: compile, JIT
  const samples: number[] = [];
  const perMessage = messages.map(() => [] as number[]);
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    messages.forEach((m, i) => {
      const t0 = performance.now();
      detect(m);
      const ms = performance.now() - t0;
      samples.push(ms);
      perMessage[i]!.push(ms);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    messages: samples.length,
    meanChars: Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    slowestMessageMs: Math.max(...perMessage.map((ms) => percentile(ms, 50))),
    messagesPerSecond: Math.round(samples.length / seconds),
  };
}

/** Pure CPU: the recogniser on every note and message, against the old one as the baseline. */
export function measureSpecialCategory(rounds = 20): SpecialCategoryFigures {
  const messages = corpus();
  return { recogniser: measure(detectSpecialCategories, messages, rounds), baseline: measure(detectByTriggerWords, messages, rounds) };
}

/** The target (15): under 1 ms for a typical 1,000-character message, taken for the slowest message. */
export const specialCategoryTargetMs = 1;

export function renderSpecialCategory(f: SpecialCategoryFigures): string {
  const row = (name: string, r: RecogniserFigures) =>
    `  ${name.padEnd(26)} ${r.p50Ms.toFixed(3).padStart(8)} ${r.p99Ms.toFixed(3).padStart(8)} ${r.slowestMessageMs.toFixed(3).padStart(12)} ${String(r.messagesPerSecond).padStart(10)}`;
  return [
    `Special category recognition (${f.recogniser.messages} messages of ~${f.recogniser.meanChars} characters, CPU only)`,
    `  ${''.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'slowest ms'.padStart(12)} ${'messages/s'.padStart(10)}`,
    row('recogniser (issue 15)', f.recogniser),
    row('trigger words (baseline)', f.baseline),
    `  target: under ${specialCategoryTargetMs} ms for the slowest message: ${f.recogniser.slowestMessageMs < specialCategoryTargetMs ? 'met' : 'MISSED'} (p99 ${f.recogniser.p99Ms < specialCategoryTargetMs ? 'under' : 'over'} it)`,
    '',
  ].join('\n');
}

// `npx tsx bench/measure/special-category.ts`: this case alone, no database, in seconds.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(renderSpecialCategory(measureSpecialCategory()));
