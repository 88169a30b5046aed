import type { SpecialCategory } from './categories.js';
import type { Entry } from './compile.js';
import type { Token } from './tokens.js';

/**
 * When a matched phrase counts. Words that are special category only in some senses ("race",
 * "union", "church", "surgery", "charged", "black", "custody") are decided by the words beside
 * them; a name of a street or a building ("Church Road", "Hospital Lane", "St Mary's Church Hall")
 * never counts, nor does anything in an address block.
 */

/** Ambiguous single words, in the trie with their category but kept only where a rule below says. */
export const ruledWords: { phrase: string; category: SpecialCategory }[] = [
  { phrase: 'race', category: 'racial_or_ethnic_origin' },
  { phrase: 'black', category: 'racial_or_ethnic_origin' },
  { phrase: 'traveller', category: 'racial_or_ethnic_origin' },
  { phrase: 'union', category: 'trade_union_membership' },
  { phrase: 'unite', category: 'trade_union_membership' },
  { phrase: 'church', category: 'religious_or_philosophical_beliefs' },
  { phrase: 'chapel', category: 'religious_or_philosophical_beliefs' },
  { phrase: 'trans', category: 'sex_life_or_sexual_orientation' },
  { phrase: 'charged', category: 'criminal_offences' },
  { phrase: 'custody', category: 'criminal_offences' },
];

/** Phrases that hide the special-category-looking words in them. */
export const stopPhrases = [
  'cancer research', 'credit union', 'students union', 'student union', 'european union', 'party wall', 'third party', 'labour market',
  'conservative estimate', 'race night', 'horse race', 'black bin', 'black bag', 'black mould', 'black car', 'black ice', 'trans pennine',
  'sectioned off', 'equity release', 'prison officer', 'prison staff', 'biometric residence permit', 'biometric residence card',
  'health and safety', 'environmental health', 'public health', 'bus terminal', 'ferry terminal', 'airport terminal', 'sick of',
  'sick and tired', 'ill advised', 'hereditary peer', 'liberal club', 'irish dance', 'mental health charity', 'in good faith',
];

/** Words that name a street or a building after the word before them: "Church Road", "Hospital Lane". */
const placeSuffixes = new Set([
  'road', 'rd', 'street', 'st', 'lane', 'ln', 'avenue', 'ave', 'close', 'way', 'drive', 'hall', 'court', 'place', 'terrace', 'crescent',
  'grove', 'garden', 'walk', 'hill', 'mew', 'row', 'parade', 'square', 'vale', 'rise', 'estate', 'green', 'view', 'field', 'yard', 'wharf',
  'gate', 'car', 'park', 'parking', 'roundabout', 'junction', 'allotment', 'bus', 'site', 'building', 'closure', 'trust', 'plan', 'fortune',
]);

/** Words that make a sentence about a person, so that "hospital" in it is about their health. */
const personal = new Set([
  'i', 'im', 'ive', 'id', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'he', 'hes', 'him', 'his', 'she', 'shes', 'her', 'mum', 'mother',
  'dad', 'father', 'son', 'daughter', 'husband', 'wife', 'partner', 'brother', 'sister', 'child', 'children', 'baby', 'grandson',
  'granddaughter', 'nan', 'gran', 'grandad', 'grandma', 'grandmother', 'grandfather', 'boy', 'girl', 'kid', 'family', 'mums', 'dads',
]);

const possessive = new Set(['my', 'his', 'her', 'their', 'our', 'your']);
const businessNouns = new Set([
  'restaurant', 'takeaway', 'shop', 'barber', 'cafe', 'supermarket', 'food', 'cuisine', 'embassy', 'dance', 'ocean', 'deli', 'bakery', 'butcher',
  'market', 'store',
]);
/** Before "surgery" when it is an operation, not the member's advice surgery. */
const operationBefore = new Set([
  'had', 'have', 'having', 'has', 'need', 'needs', 'needed', 'after', 'for', 'awaiting', 'major', 'minor', 'emergency', 'my', 'his', 'her',
  'bowel', 'knee', 'hip', 'heart', 'back', 'eye', 'cataract', 'spinal', 'reassignment', 'cancer', 'brain', 'weight', 'loss', 'the', 'dental',
]);
const blackAfter = new Set([
  'british', 'african', 'caribbean', 'woman', 'women', 'man', 'men', 'family', 'families', 'people', 'person', 'community', 'heritage', 'lives',
  'boy', 'girl', 'son', 'daughter', 'mother', 'father', 'child', 'children', 'and', 'lad', 'youth', 'teenager', 'staff', 'tenant', 'resident',
]);
const beBefore = new Set(['are', 'am', 'im', 'being', 'were', 'as']);
const abbreviationCues = new Set(['has', 'have', 'had', 'with', 'got', 'diagnosed', 'her', 'his', 'my', 'suffers', 'suffer', 'from', 'and']);
const unionNews = new Set(['strike', 'action', 'dispute', 'walkout', 'ballot']);
const workplaceAfter = new Set(['chaplain', 'porter', 'staff', 'worker', 'cleaner', 'job', 'volunteer']);
const unionCues = new Set(['union', 'member', 'members', 'membership', 'rep', 'steward', 'joined', 'branch']);

const sentenceOf = (tokens: readonly Token[], at: number) => {
  const s = tokens[at]!.sentence;
  const out: Token[] = [];
  for (let k = at; k >= 0 && tokens[k]!.sentence === s; k--) out.push(tokens[k]!);
  for (let k = at + 1; k < tokens.length && tokens[k]!.sentence === s; k++) out.push(tokens[k]!);
  return out;
};
const sentenceHas = (tokens: readonly Token[], at: number, words: ReadonlySet<string>) => sentenceOf(tokens, at).some((t) => words.has(t.lower));
/** A person within a few words of `at`, in its sentence: "my mum is in hospital", not "tell me ... an operation". */
const personNear = (tokens: readonly Token[], at: number) => {
  const s = tokens[at]!.sentence;
  for (let k = Math.max(0, at - 8); k <= Math.min(tokens.length - 1, at + 8); k++) if (tokens[k]!.sentence === s && personal.has(tokens[k]!.lower)) return true;
  return false;
};
/** Buildings of a faith: "the Methodist church hall", "the evangelical church next door" are places unless a person goes there. */
const placesOfWorship = new Set(['church', 'chapel', 'mosque', 'temple', 'synagogue', 'gurdwara']);

/** Whether the phrase matched at tokens[first..last] counts. */
export function counts(entry: Entry, tokens: readonly Token[], first: number, last: number): boolean {
  const before = tokens[first - 1]?.lower;
  const before2 = tokens[first - 2]?.lower;
  const after = tokens[last + 1]?.lower;
  const afterStem = tokens[last + 1]?.stem;
  const written = tokens.slice(first, last + 1);
  if (afterStem !== undefined && placeSuffixes.has(afterStem)) return false;

  if (entry.upperOnly && !written.every((t) => t.upper)) {
    if (entry.phrase === 'me') return false;
    // "Ms Smith": a title before a name, not multiple sclerosis.
    const next = tokens[last + 1]?.raw;
    if (written[0]!.raw[0] !== written[0]!.lower[0] && next !== undefined && next[0] !== next[0]!.toLowerCase()) return false;
    const cued = entry.categories.includes('trade_union_membership') ? sentenceHas(tokens, first, unionCues) : before !== undefined && abbreviationCues.has(before);
    if (!cued) return false;
  }
  if (entry.categories.includes('religious_or_philosophical_beliefs') && after !== undefined && placesOfWorship.has(after)) {
    const next = tokens[last + 2]?.stem;
    if ((next !== undefined && placeSuffixes.has(next)) || !sentenceHas(tokens, first, personal)) return false;
  }
  // "the RMT strike": a union in the news, not the writer's membership.
  if (entry.categories.includes('trade_union_membership') && afterStem !== undefined && unionNews.has(afterStem) && !sentenceHas(tokens, first, unionCues)) return false;
  if (entry.categories.includes('racial_or_ethnic_origin') && after !== undefined && businessNouns.has(afterStem ?? after)) return false;

  switch (entry.phrase) {
    case 'race':
      return (before !== undefined && (possessive.has(before) || before === 'of' || before === 'mixed')) || ['discrimination', 'hate', 'relations', 'related'].includes(after ?? '');
    case 'black':
      return (
        (after !== undefined && blackAfter.has(after)) ||
        (before !== undefined && beBefore.has(before)) ||
        (before === 'is' && before2 !== undefined && personal.has(before2))
      );
    case 'traveller':
      return written[0]!.raw[0] !== written[0]!.lower[0] || ['irish', 'gypsy', 'we', 'are', 'were', 'a'].includes(before ?? '');
    case 'union':
      return after !== 'of' && ['my', 'our', 'his', 'her', 'their', 'trade', 'teaching', 'rail', 'nursing', 'the', 'a'].includes(before ?? '') && sentenceHas(tokens, first, personal);
    case 'unite':
      return (written[0]!.raw === 'Unite' || written[0]!.upper) && before !== undefined || sentenceHas(tokens, first, unionCues);
    case 'church':
    case 'chapel':
      return personNear(tokens, first);
    case 'trans':
      return before !== undefined && ['is', 'am', 'im', 'being', 'as', 'are', 'were', 'shes', 'hes'].includes(before);
    case 'charged':
      if (sentenceHas(tokens, first, new Set(['police', 'court', 'arrested', 'cps']))) return true;
      return after === 'with' && !/(ing|ed)$/.test(tokens[last + 2]?.lower ?? 'ing') && !/^\d/.test(tokens[last + 2]?.lower ?? '');
    case 'custody':
      return after !== 'of' && ['police', 'remanded', 'into', 'in', 'held', 'kept'].includes(before ?? '') && !['my', 'joint', 'shared', 'sole', 'full'].includes(before2 ?? '');
    case 'sectioned':
      return after !== 'off';
    case 'surgery':
      // A GP's surgery: the writer is its patient.
      if (before === 'gp' || before === 'doctors' || before === 'doctor') return true;
      return before !== undefined && operationBefore.has(before) && (before !== 'the' || sentenceHas(tokens, first, personal)) && sentenceHas(tokens, first, personal);
    case 'sick':
    case 'ill':
      if (after === 'of' || after === 'and') return false;
      break;
    case 'prison':
      if (afterStem === 'officer' || afterStem === 'visitor') return false;
      break;
  }
  // "to be a nurse", "I work at the hospital", "the hospital chaplain": a job, not someone's health.
  if (entry.service && (before === 'a' || before === 'an') && ['be', 'as', 'trainee', 'student'].includes(before2 ?? '')) return false;
  if (entry.service && before === 'the' && before2 === 'at' && ['work', 'works', 'working'].includes(tokens[first - 3]?.lower ?? '')) return false;
  if (entry.service && afterStem !== undefined && workplaceAfter.has(afterStem)) return false;
  if (entry.service) return personNear(tokens, first);
  return true;
}
