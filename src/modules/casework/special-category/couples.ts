import type { Token } from './tokens.js';

/**
 * A same-sex couple said in so many words: "my partner is a man and i am a man", "I'm a woman
 * and my wife...". No one word says it, so the message is read for the writer's sex and their
 * partner's, and they must agree.
 */

type Sex = 'man' | 'woman';
const sexOf: ReadonlyMap<string, Sex> = new Map([
  ['man', 'man'], ['male', 'man'], ['bloke', 'man'], ['guy', 'man'], ['lad', 'man'],
  ['woman', 'woman'], ['female', 'woman'], ['lady', 'woman'], ['girl', 'woman'],
]);
const partnerSex: ReadonlyMap<string, Sex> = new Map([
  ['husband', 'man'], ['boyfriend', 'man'], ['fiance', 'man'],
  ['wife', 'woman'], ['girlfriend', 'woman'], ['fiancee', 'woman'],
]);
const partnerWords = new Set(['partner', 'spouse']);

/** "a man", "is a woman", "am a man" starting at `at`: the sex it names. */
function named(tokens: readonly Token[], at: number): Sex | undefined {
  let k = at;
  if (tokens[k]?.lower === 'is' || tokens[k]?.lower === 'am') k++;
  if (tokens[k]?.lower !== 'a') return undefined;
  return sexOf.get(tokens[k + 1]?.lower ?? '');
}

/** The words that say the writer and their partner are of one sex, if the text says so. */
export function sameSexCouple(tokens: readonly Token[]): string[] | undefined {
  let writer: { sex: Sex; words: string } | undefined;
  let partner: { sex: Sex; words: string } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.lower;
    if (tokens[i]!.address) continue;
    if (word === 'im' || (word === 'i' && tokens[i + 1]?.lower === 'am') || (word === 'as' && tokens[i + 1]?.lower === 'a')) {
      const sex = named(tokens, word === 'i' ? i + 2 : i + 1);
      if (sex) writer ??= { sex, words: tokens.slice(i, i + (word === 'i' ? 4 : 3)).map((t) => t.lower).join(' ') };
    } else if (word === 'my') {
      const next = tokens[i + 1]?.lower ?? '';
      const byName = partnerSex.get(next);
      const sex = byName ?? (partnerWords.has(next) ? named(tokens, i + 2) : undefined);
      if (sex) partner ??= { sex, words: byName ? `my ${next}` : `my ${next} ${tokens[i + 2]!.lower === 'a' ? '' : `${tokens[i + 2]!.lower} `}a ${sex}` };
    }
  }
  return writer && partner && writer.sex === partner.sex ? [partner.words, writer.words] : undefined;
}
