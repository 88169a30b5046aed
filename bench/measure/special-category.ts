import { performance } from 'node:perf_hooks';
import { detectSpecialCategories } from '../../src/modules/casework/special-category.js';
import { labelledSnippets } from '../../src/modules/casework/special-category/labelled-set.js';
import { detectByTriggerWords } from './special-category-baseline.js';
import { percentile } from './stats.js';

export interface RecogniserFigures {
  messages: number;
  meanChars: number;
  p50Ms: number;
  p99Ms: number;
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
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const t0 = performance.now();
      detect(m);
      samples.push(performance.now() - t0);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    messages: samples.length,
    meanChars: Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    messagesPerSecond: Math.round(samples.length / seconds),
  };
}

/** Pure CPU: the recogniser on every note and message, against the old one as the baseline. */
export function measureSpecialCategory(rounds = 20): SpecialCategoryFigures {
  const messages = corpus();
  return { recogniser: measure(detectSpecialCategories, messages, rounds), baseline: measure(detectByTriggerWords, messages, rounds) };
}

export function renderSpecialCategory(f: SpecialCategoryFigures): string {
  const row = (name: string, r: RecogniserFigures) =>
    `  ${name.padEnd(26)} ${r.p50Ms.toFixed(3).padStart(8)} ${r.p99Ms.toFixed(3).padStart(8)} ${String(r.messagesPerSecond).padStart(10)}`;
  return [
    `Special category recognition (${f.recogniser.messages} messages of ~${f.recogniser.meanChars} characters, CPU only)`,
    `  ${''.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'messages/s'.padStart(10)}`,
    row('recogniser (issue 15)', f.recogniser),
    row('trigger words (baseline)', f.baseline),
    '',
  ].join('\n');
}
